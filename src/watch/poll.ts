import type { Config } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { PiwikApi } from '../piwik/api.js';
import { scan } from '../scan.js';
import type { EventLines, EventStore } from '../events/store.js';
import type { ReportedEvent, ScanResult } from '../types.js';
import { pollWindowMinutes } from './schedule.js';

/**
 * One poll of a watch: a scan of the minutes since `since` only, without raw
 * requests, on the watch's token. It says which new events it saw.
 */
export interface PollDeps {
  readonly http: HttpClient;
  /** Where this poll records its events (a store of its own: a later poll does not overwrite what it saw). */
  readonly events: EventStore;
  /** The watch's one client, so every poll uses the same token. */
  readonly api: PiwikApi;
  readonly now: () => Date;
}

export interface Poll {
  /** The scan, unless it failed as a whole (the token, the time budget). */
  readonly result?: ScanResult;
  /** Why the poll, or a site in it, failed. */
  readonly error?: string;
  /** The exception when the scan failed as a whole. */
  readonly thrown?: Error;
  readonly sessions: number;
  /** Every new event seen, as `siteId/eventId`. */
  readonly seen: readonly string[];
}

export async function pollOnce(config: Config, since: string, deps: PollDeps): Promise<Poll> {
  const now = deps.now();
  const settings = {
    ...config,
    fetchLogs: 'none' as const,
    lookupWindow: pollWindowMinutes(Date.parse(since), now.getTime()),
    after: since,
  };
  let result: ScanResult;
  try {
    // The per-site lines of every poll would drown the log: the poll's own line says it all.
    result = await scan(settings, { http: deps.http, api: deps.api, now: () => now, log: () => undefined, events: deps.events });
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    return { error: error.message, thrown: error, sessions: 0, seen: [] };
  }
  const key = (e: { siteId: string; eventId: string }) => `${e.siteId}/${e.eventId}`;
  const siteErrors = result.sites.flatMap((s) => (s.error ? [s.error] : []));
  return {
    result,
    error: siteErrors.length > 0 ? siteErrors.join(' ') : undefined,
    sessions: result.sites.reduce((n, s) => n + s.sessionsScanned, 0),
    seen: await eventKeys(result.events, key),
  };
}

/** The keys of the events a poll recorded, read back from its spool (a poll holds no event in memory). */
async function eventKeys(events: EventLines, key: (e: { siteId: string; eventId: string }) => string): Promise<string[]> {
  const keys: string[] = [];
  for await (const line of events.lines()) keys.push(key(JSON.parse(line) as ReportedEvent));
  return keys;
}
