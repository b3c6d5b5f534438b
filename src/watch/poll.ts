import { silencedFingerprints } from '../alerting/classify.js';
import type { Config } from '../config.js';
import type { PiwikApi } from '../piwik/api.js';
import { scan } from '../scan/scan.js';
import type { EventStore } from '../events/store.js';
import type { EventLines, ReportedEvent, ScanResult } from '../types.js';
import { pollWindowMinutes } from './schedule.js';

/**
 * One poll of a watch: a scan of the minutes since `since` only, without raw
 * requests, on the watch's token. It says which new events it saw.
 */
export interface PollDeps {
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
  /** Every new event seen outside silenced groups, as `siteId/eventId`. */
  readonly seen: readonly string[];
  /** How many new events it saw in silenced groups (not in `seen`). */
  readonly silencedSeen: number;
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
    result = await scan(settings, { api: deps.api, now: () => now, log: () => undefined, events: deps.events });
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    return { error: error.message, thrown: error, sessions: 0, seen: [], silencedSeen: 0 };
  }
  const key = (e: { siteId: string; eventId: string }) => `${e.siteId}/${e.eventId}`;
  // A silenced group's events do not end a watch, as they do not fail the gate after it.
  const silenced = silencedFingerprints(result.groups, config.alerting.ignore, now.toISOString().slice(0, 10));
  const siteErrors = result.sites.flatMap((s) => (s.error ? [s.error] : []));
  return {
    result,
    error: siteErrors.length > 0 ? siteErrors.join(' ') : undefined,
    sessions: result.sites.reduce((n, s) => n + s.sessionsScanned, 0),
    ...(await eventKeys(result.events, key, silenced)),
  };
}

/** The keys of the events a poll recorded outside silenced groups, read back from its store (a poll keeps no event object, only their report lines). */
async function eventKeys(
  events: EventLines,
  key: (e: { siteId: string; eventId: string }) => string,
  silenced: ReadonlySet<string>,
): Promise<{ seen: string[]; silencedSeen: number }> {
  const seen: string[] = [];
  let silencedSeen = 0;
  for await (const line of events.lines()) {
    const event = JSON.parse(line) as ReportedEvent;
    if (silenced.has(event.fingerprint)) silencedSeen += 1;
    else seen.push(key(event));
  }
  return { seen, silencedSeen };
}
