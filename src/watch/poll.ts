import type { Config } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { PiwikApi } from '../piwik/api.js';
import { scan } from '../scan.js';
import type { ScanResult } from '../types.js';
import { pollWindowMinutes } from './schedule.js';

/**
 * One poll of a watch: a scan of the minutes since `since` only, without raw
 * requests, on the watch's token. It says which new events it saw.
 */
export interface PollDeps {
  readonly http: HttpClient;
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
  const settings = { ...config, fetchLogs: false, lookupWindow: pollWindowMinutes(Date.parse(since), now.getTime()), after: since };
  let result: ScanResult;
  try {
    // The per-site lines of every poll would drown the log: the poll's own line says it all.
    result = await scan(settings, { http: deps.http, api: deps.api, now: () => now, log: () => undefined });
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
    seen: result.events.map(key),
  };
}
