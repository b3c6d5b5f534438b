import { accountNotices } from '../account/notices.js';
import { accountProblem, type AccountProblem } from '../account/knowledge.js';
import type { PiwikApi } from '../piwik/api.js';
import type { Config } from '../config.js';
import type { AfterPublish, EventLines, Group, ScanResult, ScanWindow, SiteResult, SiteTagManager } from '../types.js';
import { blame, type Problem } from './blame.js';

export { publishedForCut } from './cut.js';
import type { VersionInfo } from './client.js';
import { publishOf, readPublishes, type PublishReading } from './publishes.js';
import { searchTerms } from './search.js';
import { OptionalReads, optionalReadLimitMs } from '../http/time-limit.js';

/**
 * The run's Tag Manager step, after the scan has grouped and classified what
 * it found: the publishes of each site with a new or returning problem (and,
 * under `since: tag-manager`, what each site's published version already
 * says), each problem's blame, and each site's `tagManager` for the report.
 * Sites without such a problem cost no request here. It never fails the run:
 * a refusal is one notice naming the permission, a slow API one notice too.
 */
export interface TagManagerInput {
  readonly api: PiwikApi;
  readonly blameMinutes: number;
  readonly redact: boolean;
  readonly window: ScanWindow;
  readonly groups: readonly Group[];
  readonly sites: readonly SiteResult[];
  readonly events: EventLines;
  /** Where this run's "new" began per site: a publish after it gets the "after the publish" line. */
  readonly cutFor: (siteId: string) => string | undefined;
  /** Each site's published version, read for `since: tag-manager` (src/tagmanager/cut.ts). */
  readonly published?: ReadonlyMap<string, Promise<VersionInfo | undefined>>;
  readonly timeLimitMs?: number;
}

export interface TagManagerOutcome {
  readonly groups: readonly Group[];
  readonly sites: readonly SiteResult[];
  readonly notices: readonly string[];
}

/** Without a run's budget (tests of the step): the longest window an optional read gets. */
const TAG_MANAGER_TIME_LIMIT_MS = optionalReadLimitMs(Infinity);
const CONCURRENT_SITES = 3;

/** Groups that count as a new or returning problem: what can have begun in this window. */
function problemsOf(groups: readonly Group[]): Array<Problem & { readonly fingerprint: string }> {
  return groups
    .filter((g) => (g.state === 'new' || g.state === 'regressed') && !g.silenced)
    .map((g) => ({
      fingerprint: g.fingerprint,
      siteId: g.siteId,
      firstSeen: g.firstSeen,
      parameters: (g.diagnosis?.findings ?? []).filter((f) => f.severity === 'cause').map((f) => f.parameter),
    }));
}

/** The step's input from the run's own pieces: the config, its one API client, the classified scan and its cut. */
export function tagManagerInput(
  config: Pick<Config, 'publishBlameMinutes' | 'redact' | 'timeoutSeconds'>,
  api: PiwikApi,
  scanned: Pick<ScanResult, 'window' | 'groups' | 'sites' | 'events'>,
  cut: { readonly at?: string; readonly siteCuts?: ReadonlyMap<string, string> },
  published: TagManagerInput['published'],
): TagManagerInput {
  return {
    api,
    blameMinutes: config.publishBlameMinutes,
    redact: config.redact,
    window: scanned.window,
    groups: scanned.groups,
    sites: scanned.sites,
    events: scanned.events,
    cutFor: (siteId) => cut.siteCuts?.get(siteId) ?? cut.at,
    published,
    // The Tag Manager reads are optional: a window of their own, inside the run's budget (src/http/time-limit.ts).
    timeLimitMs: optionalReadLimitMs(config.timeoutSeconds),
  };
}

export async function addTagManager(input: TagManagerInput): Promise<TagManagerOutcome> {
  const problems = problemsOf(input.groups);
  const checked = new Set(input.sites.filter((s) => !s.error).map((s) => s.siteId));
  const withProblems = new Set(problems.map((p) => p.siteId).filter((id) => checked.has(id)));
  const known = new Set([...(input.published?.keys() ?? [])].filter((id) => checked.has(id)));
  const readings = new Map<string, PublishReading | { error: string }>();
  const failures: AccountProblem[] = [];
  const reads = new OptionalReads(input.timeLimitMs ?? TAG_MANAGER_TIME_LIMIT_MS);
  const work = [...new Set([...withProblems, ...known])].map((siteId) => async () => {
    const published = input.published?.get(siteId);
    try {
      const reading = await reads.run('The Tag Manager API', async (signal) =>
        withProblems.has(siteId)
          ? readPublishes(input.api.withSignal(signal), siteId, {
              from: input.window.from,
              to: input.window.to,
              terms: termsOf(input.groups, siteId),
              redact: input.redact,
              published,
            })
          : fromPublished(await published, input.window.from, input.redact),
      );
      readings.set(siteId, reading);
    } catch (error) {
      const problem = accountProblem('tagManager', siteId, error);
      failures.push(problem);
      readings.set(siteId, { error: problem.message });
    }
  });
  await inTurn(work, CONCURRENT_SITES);
  reads.dispose();
  const notices = accountNotices(failures);
  const sites = input.sites.map((site) => {
    const reading = readings.get(site.siteId);
    if (!reading) return site;
    if ('error' in reading) return { ...site, tagManager: { publishes: [], error: reading.error } };
    return { ...site, tagManager: withAfterPublish(reading, site.siteId, input) };
  });
  return { groups: blamed(input, problems, sites), sites, notices };
}

/** Each problem's group with the publish it began after, when the blame rule finds one. */
function blamed(input: TagManagerInput, problems: ReturnType<typeof problemsOf>, sites: readonly SiteResult[]): Group[] {
  const bySite = new Map(sites.map((s) => [s.siteId, s.tagManager]));
  const rule = { blameMinutes: input.blameMinutes, windowFrom: input.window.from };
  const found = new Map(
    problems.flatMap((p) => {
      const publish = blame(p, bySite.get(p.siteId), rule);
      return publish ? [[p.fingerprint, publish] as const] : [];
    }),
  );
  return input.groups.map((g) => {
    const publish = found.get(g.fingerprint);
    return publish ? { ...g, publish } : g;
  });
}

function termsOf(groups: readonly Group[], siteId: string) {
  return searchTerms(problemsFindings(groups, siteId));
}

function problemsFindings(groups: readonly Group[], siteId: string) {
  return groups
    .filter((g) => g.siteId === siteId && (g.state === 'new' || g.state === 'regressed'))
    .flatMap((g) => g.diagnosis?.findings ?? []);
}

/** A site without a problem under `since: tag-manager`: its published version is all that is known, and all that is needed. */
function fromPublished(version: VersionInfo | undefined, from: string, redact: boolean): PublishReading {
  if (!version?.publishedAt) return { publishes: [] };
  const publish = publishOf(version, redact);
  return Date.parse(version.publishedAt) >= Date.parse(from) ? { publishes: [publish] } : { publishes: [], inForceBefore: publish };
}

/** The latest publish, when it came inside the window and after where this run's "new" began. */
function withAfterPublish(reading: PublishReading, siteId: string, input: TagManagerInput): SiteTagManager {
  const latest = reading.publishes.at(-1);
  if (!latest) return reading;
  const at = Date.parse(latest.publishedAt);
  const cut = input.cutFor(siteId);
  if (cut !== undefined && Date.parse(cut) > at) return reading;
  if (cut === undefined && input.published === undefined) return reading;
  const fingerprints = new Set(input.groups.filter((g) => g.siteId === siteId).map((g) => g.fingerprint));
  let eventsSince = 0;
  input.events.forEach((fingerprint, ms) => {
    if (ms > at && fingerprints.has(fingerprint)) eventsSince += 1;
  });
  const afterPublish: AfterPublish = {
    version: latest.version,
    publishedAt: latest.publishedAt,
    minutesAgo: Math.max(0, Math.floor((Date.parse(input.window.to) - at) / 60_000)),
    eventsSince,
  };
  return { ...reading, afterPublish };
}

/** Runs the tasks, at most `limit` at once. */
async function inTurn(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]?.();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
