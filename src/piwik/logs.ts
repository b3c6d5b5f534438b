import { HttpError } from '../http/client.js';
import type { MatchedEvent, RawRequest } from '../types.js';
import type { PiwikApi } from './api.js';
import { newNdjsonStats, readNdjson, type NdjsonStats } from './ndjson.js';
import { toRawRequest } from './raw-request.js';

/**
 * Fetches the raw tracking requests behind matched events, for one site.
 * Batches as many ids into one request as the URL allows, runs a few batches
 * at a time, and falls back from the documented `/logs` (by log UUID) to the
 * older `/log` (by event id and time range) when `/logs` answers 404 or 400.
 * Each event's outcome goes to `onResult` as soon as its batch is done (the
 * request, or undefined when it could not be had); nothing is kept here once
 * a batch is done, so fetching every event's request costs no memory per event.
 */

/** Request targets above this length risk a 414 from proxies on the way. */
const MAX_URL_LENGTH = 6000;
const CONCURRENT_BATCHES = 4;
/** A raw request is a URL and its headers, a few KiB; a longer line is skipped without being held. */
const MAX_LOG_LINE_CHARS = 4 * 1024 * 1024;
/** An answer longer than this is a protocol error: a stream that never ends must still end (as the Debugger's pages). */
const MAX_ANSWER_CHARS = 64 * 1024 * 1024;

/** What is asked for: an event, with whatever the caller needs back with its outcome. */
export interface LogItem {
  readonly event: MatchedEvent;
}

export class LogFetcher<T extends LogItem> {
  readonly failures: string[] = [];
  readonly lines: NdjsonStats = newNdjsonStats();
  private useLegacy = false;
  private readonly queue: T[][] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: PiwikApi,
    private readonly siteId: string,
    private readonly onResult: (item: T, request: RawRequest | undefined) => void,
  ) {}

  /** Queues the logs of these events; batches start at once, a few at a time. Events without a log UUID are answered at once. */
  add(items: readonly T[]): void {
    const withLogs: T[] = [];
    for (const item of items) {
      if (item.event.logUuids.length > 0) withLogs.push(item);
      else this.onResult(item, undefined);
    }
    const base = this.api.urlLength(this.documentedPath([]));
    const perItem = (i: T) => i.event.logUuids.reduce((n, uuid) => n + uuid.length + 1, 0);
    for (const batch of batchByUrlLength(withLogs, base, perItem)) this.queue.push(batch);
    this.pump();
  }

  /** Resolves once every queued batch has finished, successfully or not. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  /** Resolves once no batch waits for a free slot: a caller that adds faster than batches finish waits here. */
  async room(): Promise<void> {
    while (this.queue.length > 0 && this.running.size > 0) await Promise.race(this.running);
  }

  get usedLegacyEndpoint(): boolean {
    return this.useLegacy;
  }

  private pump(): void {
    while (this.running.size < CONCURRENT_BATCHES && this.queue.length > 0) {
      const batch = this.queue.shift() as T[];
      const job = this.fetchBatch(batch).finally(() => {
        this.running.delete(job);
        this.pump();
      });
      this.running.add(job);
    }
  }

  private async fetchBatch(batch: T[]): Promise<void> {
    const found = new Map<string, RawRequest>();
    try {
      await this.fetchInto(batch, found);
    } catch (error) {
      this.failures.push(error instanceof Error ? error.message : String(error));
    }
    for (const item of batch) this.onResult(item, firstRequest(item.event, found));
  }

  private async fetchInto(batch: T[], found: Map<string, RawRequest>): Promise<void> {
    if (!this.useLegacy) {
      try {
        await this.read(this.documentedPath(batch), 'Piwik PRO Logs API (/logs)', found, askedIds(batch));
        return;
      } catch (error) {
        if (!(error instanceof HttpError && (error.status === 404 || error.status === 400))) throw error;
        this.useLegacy = true;
      }
    }
    // The time range's length does not depend on the batch, so a one-event URL measures the base.
    const base = this.api.urlLength(this.legacyPath(batch.slice(0, 1)));
    for (const legacy of batchByUrlLength(batch, base, (i) => i.event.eventId.length + 3)) {
      await this.read(this.legacyPath(legacy), 'Piwik PRO log API (/log)', found, askedIds(legacy));
    }
  }

  /**
   * Bounded as the Debugger's pages are: in characters, in lines (a log per id asked for, with room for
   * duplicates), and only the ids asked for are kept, so an endless answer of other ids costs no memory.
   */
  private async read(pathAndQuery: string, what: string, found: Map<string, RawRequest>, asked: ReadonlySet<string>): Promise<void> {
    const source = `${what} (site ${this.siteId})`;
    const response = await this.api.get(pathAndQuery, source);
    const bounds = {
      maxLineChars: MAX_LOG_LINE_CHARS,
      stats: this.lines,
      maxValues: 2 * asked.size + 10,
      maxChars: MAX_ANSWER_CHARS,
      source,
    };
    for await (const line of readNdjson(response.body, bounds)) {
      const request = typeof line.id === 'string' && asked.has(line.id) ? toRawRequest(line) : undefined;
      if (request) found.set(request.id, request);
    }
  }

  /** UUIDs and commas need no escaping, so the list is written as is: shorter URLs, bigger batches. */
  private documentedPath(batch: readonly T[]): string {
    const uuids = batch.flatMap((i) => i.event.logUuids).join(',');
    return `/api/tracker/v1/logs?app_id=${encodeURIComponent(this.siteId)}&log_uuids=${uuids}`;
  }

  private legacyPath(batch: readonly T[]): string {
    const times = batch.map((i) => i.event.serverTime).sort();
    const params = new URLSearchParams({
      app_id: this.siteId,
      event_ids: batch.map((i) => i.event.eventId).join(','),
      server_time_min: apiTime(times[0] ?? ''),
      server_time_max: apiTime(times[times.length - 1] ?? ''),
    });
    return `/api/tracker/v1/log?${params.toString()}`;
  }
}

/** The log ids a batch asks for: what its answer may hold. */
function askedIds(batch: readonly LogItem[]): Set<string> {
  return new Set(batch.flatMap((i) => i.event.logUuids));
}

/** The first of an event's log UUIDs that came back. */
function firstRequest(event: MatchedEvent, found: ReadonlyMap<string, RawRequest>): RawRequest | undefined {
  for (const id of event.logUuids) {
    const request = found.get(id);
    if (request) return request;
  }
  return undefined;
}

/**
 * Splits items into the fewest consecutive batches whose URL stays under
 * MAX_URL_LENGTH: `baseLength` is the URL with an empty list, `itemLength` what
 * one more item adds (separator included).
 */
function batchByUrlLength<T>(items: readonly T[], baseLength: number, itemLength: (item: T) => number): T[][] {
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
