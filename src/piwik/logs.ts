import { HttpError } from '../http/client.js';
import type { MatchedEvent, RawRequest } from '../types.js';
import type { PiwikApi } from './api.js';
import { MAX_LINE_CHARS } from './debugger.js';
import { newNdjsonStats, readNdjson, type NdjsonStats } from './ndjson.js';
import { toRawRequest } from './raw-request.js';

/**
 * Fetches the raw tracking requests behind matched events, for one site.
 * Batches as many ids into one request as the URL allows, runs a few batches
 * at a time, and falls back from the documented `/logs` (by log UUID) to the
 * older `/log` (by event id and time range) when `/logs` answers 404 or 400.
 * A batch that still fails leaves its events' logs unavailable; the events
 * themselves are reported all the same.
 */

/** Request targets above this length risk a 414 from proxies on the way. */
export const MAX_URL_LENGTH = 6000;
const CONCURRENT_BATCHES = 4;

export class LogFetcher {
  readonly requests = new Map<string, RawRequest>();
  readonly failures: string[] = [];
  readonly lines: NdjsonStats = newNdjsonStats();
  private useLegacy = false;
  private readonly queue: MatchedEvent[][] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: PiwikApi,
    private readonly siteId: string,
  ) {}

  /** Queues the logs of these events; batches start at once, a few at a time. */
  add(events: readonly MatchedEvent[]): void {
    const withLogs = events.filter((e) => e.logUuids.length > 0);
    const base = this.api.urlLength(this.documentedPath([]));
    const perEvent = (e: MatchedEvent) => e.logUuids.reduce((n, uuid) => n + uuid.length + 1, 0);
    for (const batch of batchByUrlLength(withLogs, base, perEvent)) this.queue.push(batch);
    this.pump();
  }

  /** Resolves once every queued batch has finished, successfully or not. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  get usedLegacyEndpoint(): boolean {
    return this.useLegacy;
  }

  private pump(): void {
    while (this.running.size < CONCURRENT_BATCHES && this.queue.length > 0) {
      const batch = this.queue.shift() as MatchedEvent[];
      const job = this.fetchBatch(batch).finally(() => {
        this.running.delete(job);
        this.pump();
      });
      this.running.add(job);
    }
  }

  private async fetchBatch(batch: MatchedEvent[]): Promise<void> {
    try {
      if (!this.useLegacy) {
        try {
          await this.read(this.documentedPath(batch), 'Piwik PRO Logs API (/logs)');
          return;
        } catch (error) {
          if (!(error instanceof HttpError && (error.status === 404 || error.status === 400))) throw error;
          this.useLegacy = true;
        }
      }
      // The time range's length does not depend on the batch, so a one-event URL measures the base.
      const base = this.api.urlLength(this.legacyPath(batch.slice(0, 1)));
      for (const legacy of batchByUrlLength(batch, base, (e) => e.eventId.length + 3)) {
        await this.read(this.legacyPath(legacy), 'Piwik PRO log API (/log)');
      }
    } catch (error) {
      this.failures.push(error instanceof Error ? error.message : String(error));
    }
  }

  private async read(pathAndQuery: string, what: string): Promise<void> {
    const response = await this.api.get(pathAndQuery, `${what} (site ${this.siteId})`);
    for await (const line of readNdjson(response.body, { maxLineChars: MAX_LINE_CHARS, stats: this.lines })) {
      const request = toRawRequest(line);
      if (request) this.requests.set(request.id, request);
    }
  }

  /** UUIDs and commas need no escaping, so the list is written as is: shorter URLs, bigger batches. */
  private documentedPath(batch: readonly MatchedEvent[]): string {
    const uuids = batch.flatMap((e) => e.logUuids).join(',');
    return `/api/tracker/v1/logs?app_id=${encodeURIComponent(this.siteId)}&log_uuids=${uuids}`;
  }

  private legacyPath(batch: readonly MatchedEvent[]): string {
    const times = batch.map((e) => e.serverTime).sort();
    const params = new URLSearchParams({
      app_id: this.siteId,
      event_ids: batch.map((e) => e.eventId).join(','),
      server_time_min: apiTime(times[0] ?? ''),
      server_time_max: apiTime(times[times.length - 1] ?? ''),
    });
    return `/api/tracker/v1/log?${params.toString()}`;
  }
}

/**
 * Splits items into the fewest consecutive batches whose URL stays under
 * MAX_URL_LENGTH: `baseLength` is the URL with an empty list, `itemLength` what
 * one more item adds (separator included).
 */
export function batchByUrlLength<T>(items: readonly T[], baseLength: number, itemLength: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let length = baseLength;
  for (const item of items) {
    const added = itemLength(item);
    if (current.length > 0 && length + added > MAX_URL_LENGTH) {
      batches.push(current);
      current = [];
      length = baseLength;
    }
    current.push(item);
    length += added;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Back to the API's own `YYYY-MM-DDTHH:MM:SS`. */
function apiTime(iso: string): string {
  return iso.replace(/Z$/, '');
}
