import type { AccountKnowledge } from '../account/knowledge.js';
import type { PiwikApi } from '../piwik/api.js';
import { plural } from '../text/plural.js';
import { readPeriod, readRealTime, type AnalyticsRow } from './analytics.js';
import { checksVolume, type VolumeConfig } from '../config/volume.js';
import { judgeVolume, PRE_WATCH_MINUTES, WEEK_MS, type Judgement, type TimedCount } from './judge.js';
import { LateAnswerError, OptionalReads } from '../http/time-limit.js';
import type { SiteVolume } from './types.js';
import { fromWallClock, isKnownZone, toWallClock } from './zone.js';

/**
 * Reads and judges the volume of every checked site: two requests a site
 * (the real-time series and last week's), a few sites at a time, each under a
 * time limit. Nothing here throws: a site whose volume could not be read is
 * `not-checked` with the reason, and one notice says which sites and why.
 */
export interface VolumeReading {
  /** Per checked site, its verdict (not-checked ones included). */
  readonly judgements: ReadonlyMap<string, Judgement>;
}

/** Minutes of real-time data before the span: two hours of rate to compare the span with. */
const EARLIER_MINUTES = 120;
/** The window of one volume read; a slow Analytics API must not hold the run, and its request is aborted past it. */
const VOLUME_TIME_LIMIT_MS = 20_000;
const CONCURRENT_SITES = 4;
const MINUTE = 60_000;

export interface VolumeDeps {
  readonly api: PiwikApi;
  readonly account: AccountKnowledge;
  readonly now: Date;
}

/** Which of the scanned sites this run checks. */
function volumeSites(volume: VolumeConfig, siteIds: readonly string[]): string[] {
  return siteIds.filter((id) => checksVolume(volume, id));
}

export async function readVolume(volume: VolumeConfig, siteIds: readonly string[], deps: VolumeDeps): Promise<VolumeReading> {
  const sites = volumeSites(volume, siteIds);
  if (sites.length === 0) return { judgements: new Map() };
  const now = deps.now.getTime();
  const judgements = new Map<string, Judgement>();
  // The series count on the site's clock: its time zone comes from its settings alone (one request, shared with a diagnosis).
  await eachLimited(sites, CONCURRENT_SITES, async (siteId) => {
    judgements.set(
      siteId,
      await judgeSite(siteId, await deps.account.settings(siteId).then((settings) => settings?.timezone), volume, deps.api, now),
    );
  });
  return { judgements: new Map(sites.map((id) => [id, judgements.get(id) as Judgement])) };
}

/** One Analytics read within its own window (src/http/time-limit.ts): past it, its request is aborted, not only left. */
async function limited<T>(what: string, api: PiwikApi, read: (client: PiwikApi) => Promise<T>): Promise<T> {
  const window = new OptionalReads(VOLUME_TIME_LIMIT_MS);
  try {
    return await window.run(what, (signal) => read(api.withSignal(signal)));
  } finally {
    window.dispose();
  }
}

async function judgeSite(siteId: string, zone: string | undefined, volume: VolumeConfig, api: PiwikApi, now: number): Promise<Judgement> {
  const lookback = volume.silenceMinutes + EARLIER_MINUTES;
  if (zone === undefined || !isKnownZone(zone)) return notChecked(volume, lookback, now, zoneReason(zone));
  const weekAgo = now - WEEK_MS;
  const [recent, lastWeek] = await Promise.allSettled([
    limited('the Analytics real-time query API', api, (client) => readRealTime(client, siteId, lookback)),
    limited('the Analytics query API', api, (client) =>
      readPeriod(client, siteId, toWallClock(weekAgo - lookback * MINUTE, zone), toWallClock(weekAgo, zone)),
    ),
  ]);
  if (recent.status === 'rejected') return notChecked(volume, lookback, now, refusalReason(recent.reason, 'real-time query'));
  return judgeVolume({
    now,
    spanMinutes: volume.silenceMinutes,
    dropPercent: volume.dropPercent,
    lookbackMinutes: lookback,
    minutes: timed(recent.value, zone),
    ...(lastWeek.status === 'fulfilled'
      ? { lastWeek: timed(lastWeek.value, zone) }
      : { lastWeekError: refusalReason(lastWeek.reason, 'query') }),
  });
}

/** One poll of a watch: the real-time series since 30 minutes before its start, judged by the watch's rule. */
export async function readWatchVolume(
  siteId: string,
  zone: string | undefined,
  volume: VolumeConfig,
  api: PiwikApi,
  since: number,
  now: number,
): Promise<Judgement> {
  const lookback = Math.ceil((now - since) / MINUTE) + PRE_WATCH_MINUTES + 1;
  if (zone === undefined || !isKnownZone(zone)) return notChecked(volume, lookback, now, zoneReason(zone));
  try {
    const rows = await limited('the Analytics real-time query API', api, (client) => readRealTime(client, siteId, lookback));
    return judgeVolume({
      now,
      spanMinutes: volume.silenceMinutes,
      dropPercent: volume.dropPercent,
      lookbackMinutes: lookback,
      minutes: timed(rows, zone),
      watchSince: since,
    });
  } catch (error) {
    return notChecked(volume, lookback, now, refusalReason(error, 'real-time query'));
  }
}

function timed(rows: readonly AnalyticsRow[], zone: string): TimedCount[] {
  return rows.flatMap((row) => {
    const at = fromWallClock(row.wallClock, zone);
    return at === undefined ? [] : [{ at, pageViews: row.pageViews, events: row.events }];
  });
}

function notChecked(volume: VolumeConfig, lookback: number, now: number, reason: string): Judgement {
  const checked: SiteVolume = {
    status: 'not-checked',
    spanMinutes: volume.silenceMinutes,
    dropPercent: volume.dropPercent,
    lookbackMinutes: lookback,
    at: new Date(now).toISOString(),
    series: [],
    reason,
  };
  return { volume: checked };
}

function zoneReason(zone: string | undefined): string {
  return zone === undefined
    ? "its time zone is unknown (the Apps API did not give the site's settings), and the Analytics API counts on the site's clock"
    : `its time zone '${zone.slice(0, 60)}' is not one this runtime knows, and the Analytics API counts on the site's clock`;
}

/** The reason in words that name the permission: the API client's, for a refusal. */
function refusalReason(error: unknown, api: 'real-time query' | 'query'): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403 || status === 404) {
    return `the Analytics ${api} API refused it (HTTP ${String(status)}): the API client needs at least view access to the site's Analytics data (Menu → Administration → Sites & apps → Permissions)`;
  }
  if (error instanceof LateAnswerError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `the Analytics ${api} API failed: ${message.replace(/\.+$/, '').slice(0, 300)}`;
}

/** One notice for every site whose volume was not checked, grouped by reason; undefined when all were. */
export function notCheckedNotices(judgements: ReadonlyMap<string, Judgement>, label: (siteId: string) => string): string[] {
  const byReason = new Map<string, string[]>();
  for (const [siteId, { volume }] of judgements) {
    if (volume.status !== 'not-checked') continue;
    const reason = volume.reason ?? 'unknown';
    byReason.set(reason, [...(byReason.get(reason) ?? []), siteId]);
  }
  return [...byReason.entries()].map(([reason, ids]) => {
    const shown = ids.slice(0, 5).map(label);
    const more = ids.length > shown.length ? ` and ${ids.length - shown.length} more` : '';
    return `Tracking volume not checked for ${plural(ids.length, 'site')} ${shown.join(', ')}${more}: ${reason}. A silence there would go unnoticed, so ${ids.length === 1 ? 'it is' : 'they are'} never reported as fine.`;
  });
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
