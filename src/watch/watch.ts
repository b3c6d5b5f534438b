import { DEBUGGER_WINDOW_MINUTES, type Config } from '../config.js';
import type { PiwikApi } from '../piwik/api.js';
import { CredentialsRejectedError } from '../piwik/auth.js';
import type { EventStore } from '../events/store.js';
import type { Scrubber } from '../safety/secrets.js';
import { emptyScan } from '../scan/empty.js';
import { eventLinesOf } from '../events/store.js';
import { plural } from '../text/plural.js';
import { enoughNewEvents } from '../alerting/gate.js';
import { scan, type ScanDeps } from '../scan/scan.js';
import { withName } from '../scan/finish.js';
import { latestPublish } from '../tagmanager/cut.js';
import type { ScanResult, ScanWindow, SiteResult } from '../types.js';
import type { WatchClock } from './clock.js';
import { pollOnce, type Poll } from './poll.js';
import { clockTime, nextPollAt, pollWindowMinutes, wholeSecond } from './schedule.js';
import type { WatchedScan, WatchSummary } from './types.js';
import { AccountKnowledge } from '../account/knowledge.js';
import { optionalReadLimitMs } from '../http/time-limit.js';
import { WatchVolume } from '../volume/watch.js';

/**
 * The post-deploy watch (watch-minutes above 0): polls every watch-interval
 * seconds from `since` on, stops at the first new events (or after
 * watch-minutes), then hands one scan to the usual pipeline, which reports it
 * like any run: summary, Slack, issues, outputs, and fail-on-events.
 */
export interface WatchDeps {
  readonly clock: WatchClock;
  /** The run's time budget: once spent, the watch stops and reports what it has. */
  readonly signal?: AbortSignal;
}

/** A watch as the pipeline's scan source, and the settings to report it with (its window runs from `since`). */
export async function watchSource(
  config: Config,
  deps: Pipe,
  api: PiwikApi,
  watchDeps: WatchDeps,
): Promise<{ config: Config; source: WatchedScan }> {
  const source = await watch(config, deps, api, watchDeps);
  const window = pollWindowMinutes(Date.parse(source.watch.since), watchDeps.clock.now().getTime());
  // A group missing from a few minutes' scan is not resolved: only a scan as long as lookup-window may close issues.
  const closeResolved = config.github.closeResolved && window >= config.lookupWindow;
  if (config.github.closeResolved && !closeResolved) {
    deps.notice(
      `${config.names.of('close-resolved')}: no issue was closed, because the watch scanned ${window} ${window === 1 ? 'minute' : 'minutes'} and closing needs a scan of at least ${config.names.of('lookup-window')} (${config.lookupWindow} minutes).`,
    );
  }
  return { config: { ...config, lookupWindow: window, github: { ...config.github, closeResolved } }, source };
}

/** What a watch takes of the run (src/run.ts). */
interface Pipe {
  readonly log: (message: string) => void;
  readonly notice: (message: string) => void;
  readonly events: EventStore;
  readonly evidencePath?: string;
  readonly scrubber: Scrubber;
}

async function watch(config: Config, deps: Pipe, api: PiwikApi, { clock, signal }: WatchDeps): Promise<WatchedScan> {
  const startMs = clock.now().getTime();
  // since: tag-manager watches from the latest publish of the sites (src/tagmanager/cut.ts).
  const publish = config.alerting.since.kind === 'tag-manager' ? await latestPublish(api, config.siteIds) : undefined;
  const instant = config.alerting.since.kind === 'instant' ? config.alerting.since.at : publish;
  const since = instant ?? wholeSecond(new Date(startMs));
  const sinceSource = publish
    ? 'the latest Tag Manager publish'
    : instant
      ? `the ${config.names.of('since')} ${config.names.noun}`
      : 'the start of the watch';
  const { minutes, intervalSeconds } = config.watch;
  const endMs = startMs + minutes * 60_000;
  const polls = new PollRecord(config);
  // Silence during the watch (src/volume/watch.ts): the account's reads start now, and the report reuses them.
  const account = config.volume.enabled ? new AccountKnowledge(api, { limitMs: optionalReadLimitMs(config.timeoutSeconds) }) : undefined;
  const volume = account && new WatchVolume(config, api, account, Date.parse(since));

  deps.log(`Watching ${minutes} min for events after ${since} (${sinceSource}), one poll every ${intervalSeconds} s.`);
  if (endMs - Date.parse(since) > DEBUGGER_WINDOW_MINUTES * 60_000) {
    deps.notice(
      `${config.names.of('since')} (${since}) is more than ${DEBUGGER_WINDOW_MINUTES} minutes before the end of the watch: the Debugger API looks back at most ${DEBUGGER_WINDOW_MINUTES} minutes, so the last polls cannot see its first events.`,
    );
  }
  for (let due = startMs; ;) {
    const wait = due - clock.now().getTime();
    if (wait > 0) await clock.sleep(wait, signal);
    if (signal?.aborted) break;
    // A site the API refused (401, 403, 404) is not asked again: the answer would be the same.
    const polled = { ...config, siteIds: config.siteIds.filter((id) => !polls.refused.has(id)) };
    const [poll, silent] = await Promise.all([
      pollOnce(polled, since, { api, now: () => clock.now(), events: deps.events.child() }),
      volume ? volume.poll(clock.now().getTime()).catch(() => false) : false,
    ]);
    const last = due >= endMs;
    const stop = polls.add(poll) || silent;
    if (silent) polls.silenced = true;
    for (const line of polls.newlyRefused()) deps.log(line);
    const hopeless = poll.thrown instanceof CredentialsRejectedError || polls.refused.size === config.siteIds.length;
    const views = volume?.logText((id) => id) ?? '';
    deps.log(pollLine(polls.count, clock.now().getTime() - startMs, minutes, poll, { stop, last: last || hopeless }, views));
    if (stop || last || hopeless || signal?.aborted) break;
    due = nextPollAt(due, clock.now().getTime(), intervalSeconds * 1000, endMs);
  }

  const summary: WatchSummary = {
    since,
    sinceSource,
    minutes,
    intervalSeconds,
    polls: polls.count,
    failedPolls: polls.failed,
    watchedSeconds: Math.round((clock.now().getTime() - startMs) / 1000),
    outcome: polls.stopped ? 'found' : polls.silenced ? 'silent' : polls.blindSites().length > 0 ? 'failed' : 'quiet',
  };
  const now = () => clock.now();
  return {
    watch: summary,
    api,
    cut: { at: since, source: sinceSource },
    ...(account && volume ? { account, volume: volume.reading() } : {}),
    scan: polls.anySeen
      ? ({ account }) =>
          lastScan(config, since, polls, {
            log: deps.log,
            api,
            account,
            now,
            events: deps.events,
            evidencePath: deps.evidencePath,
            scrub: (text) => deps.scrubber.text(text),
          })
      : async ({ account }) => polls.quietResult(since, now(), await account.names()),
  };
}

/** What the polls found so far, site by site: no event counts twice, and one good poll of a site is enough. */
class PollRecord {
  count = 0;
  failed = 0;
  stopped = false;
  /** Set when a site went silent (src/volume/watch.ts): that stops the watch too. */
  silenced = false;
  private readonly seen = new Set<string>();
  private readonly good = new Map<string, SiteResult>();
  private readonly tried = new Map<string, SiteResult>();
  /** Sites the API refused: not polled again, reported with their error. */
  readonly refused = new Map<string, SiteResult>();
  private unsaid: SiteResult[] = [];
  private lastResult?: ScanResult;
  private lastError?: string;
  private lastThrown?: Error;
  /** The latest poll that saw new events (silenced or not): what the report falls back to if the last scan fails. */
  latestWithEvents?: { readonly poll: number; readonly result: ScanResult };

  constructor(private readonly config: Config) {}

  /** Records a poll; true when the watch should stop to report. */
  add(poll: Poll): boolean {
    this.count += 1;
    if (poll.error !== undefined) {
      this.failed += 1;
      this.lastError = poll.error;
    }
    if (poll.thrown) this.lastThrown = poll.thrown;
    if (poll.result) {
      this.lastResult = poll.result;
      for (const site of poll.result.sites) {
        this.tried.set(site.siteId, site);
        if (!site.error) this.good.set(site.siteId, site);
        if (site.refused !== undefined && !this.refused.has(site.siteId)) {
          this.refused.set(site.siteId, site);
          this.unsaid.push(site);
        }
      }
      // Silenced events too: they do not stop the watch, but the report after it shows them as any run would.
      if (poll.seen.length + poll.silencedSeen > 0) this.latestWithEvents = { poll: this.count, result: poll.result };
    }
    for (const key of poll.seen) this.seen.add(key);
    // The rule fail-on-events gates on, so a watch stops exactly when the gate would close.
    this.stopped = enoughNewEvents(this.seen.size, this.config.alerting.minEvents);
    return this.stopped;
  }

  /** One log line per site refused since the last call. */
  newlyRefused(): string[] {
    const lines = this.unsaid.map(
      (site) => `Site ${site.siteId} was refused by the API (HTTP ${site.refused ?? '?'}): it is not polled again, and the report says so.`,
    );
    this.unsaid = [];
    return lines;
  }

  /** Whether any poll saw new events, silenced ones included: then the report needs a scan with raw requests. */
  get anySeen(): boolean {
    return this.latestWithEvents !== undefined;
  }

  blindSites(): string[] {
    return this.config.siteIds.filter((id) => !this.good.has(id));
  }

  /** Said once in the report when some polls failed but the watch went on. */
  failureWarning(): string[] {
    if (this.failed === 0 || this.failed === this.count) return [];
    return [
      `${this.failed} of ${this.count} watch polls failed and were tried again at the next poll; the last failure: ${this.lastError ?? 'unknown'}`,
    ];
  }

  /**
   * Nothing new: the report is the polls' own, each site as its last good
   * poll saw it (no scan again). A site no poll could read keeps its error,
   * so a blind watch fails like a blind scan.
   */
  quietResult(since: string, at: Date, names: ReadonlyMap<string, string>): ScanResult {
    // Every poll failed as a whole: the pipeline reports that failure as it would a single scan's.
    if (this.tried.size === 0 && this.lastThrown !== undefined) throw this.lastThrown;
    const window = watchWindow(since, at);
    const error = this.lastError ?? 'the watch made no poll.';
    const sites = this.config.siteIds.flatMap((id) => {
      const site = this.refused.get(id) ?? this.good.get(id) ?? this.tried.get(id);
      return (site ? [site] : emptyScan(window, this.config.eventTypes, [id], error).sites).map((s) => withName(s, names.get(id)));
    });
    return {
      window,
      eventTypes: this.config.eventTypes,
      sites,
      groups: [],
      events: eventLinesOf([]),
      warnings: [...(this.lastResult?.warnings ?? []), ...this.failureWarning()],
    };
  }
}

/**
 * Something new: one more scan of the same window, now with raw requests,
 * for the report. Should it fail where the polls could read, the report is
 * the latest poll that saw the events, without raw requests, rather than a
 * failure that hides what the watch found.
 */
async function lastScan(config: Config, since: string, polls: PollRecord, deps: ScanDeps): Promise<ScanResult> {
  const at = deps.now();
  const settings = { ...config, lookupWindow: pollWindowMinutes(Date.parse(since), at.getTime()), after: since };
  const fallback = polls.latestWithEvents;
  let reason: string;
  try {
    const result = await scan(settings, { ...deps, now: () => at });
    const lost = result.sites.filter((s) => s.error && fallback?.result.sites.some((f) => f.siteId === s.siteId && !f.error));
    if (lost.length === 0 || !fallback) return { ...result, warnings: [...result.warnings, ...polls.failureWarning()] };
    reason = lost.map((s) => s.error).join(' ');
  } catch (error) {
    if (!fallback) throw error;
    reason = error instanceof Error ? error.message : String(error);
  }
  return {
    ...fallback.result,
    warnings: [
      ...fallback.result.warnings,
      ...polls.failureWarning(),
      `The scan for the raw requests of what the watch found failed (${reason}); the report shows what poll ${fallback.poll} found, without raw requests.`,
    ],
  };
}

function watchWindow(since: string, at: Date): ScanWindow {
  const minutes = pollWindowMinutes(Date.parse(since), at.getTime());
  const from = Math.max(Date.parse(since), at.getTime() - minutes * 60_000);
  return { minutes, from: new Date(from).toISOString(), to: at.toISOString() };
}

/** One job-log line per poll: how far in, how many sessions, how many new events. */
function pollLine(n: number, elapsedMs: number, minutes: number, poll: Poll, end: { stop: boolean; last: boolean }, views: string): string {
  const head = `Watch poll ${n} at ${clockTime(elapsedMs)} of ${minutes}:00`;
  const next = end.last ? '' : '; tried again at the next poll';
  if (!poll.result) {
    const why = poll.thrown instanceof CredentialsRejectedError ? '; asking again cannot help, so the watch stops' : next;
    return `${head} failed: ${poll.error ?? 'unknown error'}${why}.`;
  }
  const silenced = poll.silencedSeen > 0 ? ` (and ${poll.silencedSeen} in silenced groups)` : '';
  const counts = `${poll.sessions} ${plural(poll.sessions, 'session')}, ${poll.seen.length} new matching ${plural(poll.seen.length, 'event')}${silenced}${views ? `, ${views}` : ''}`;
  const failed = poll.error ? `; ${poll.error}${next}` : '';
  return `${head}: ${counts}${failed}${end.stop ? '; stopping to report them.' : '.'}`;
}
