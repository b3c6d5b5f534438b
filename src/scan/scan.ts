import { isAfterCut } from '../alerting/classify.js';
import { GroupIndex, type GroupDraft } from '../analysis/groups.js';
import type { Config } from '../config.js';
import type { AccountKnowledge } from '../account/knowledge.js';
import { createLimiter } from '../http/limit.js';
import type { PiwikApi } from '../piwik/api.js';
import { scanSessions, type SessionScan } from '../piwik/debugger.js';
import { LogFetcher } from '../piwik/logs.js';
import { EvidenceFile } from '../events/evidence.js';
import type { EventStore, SiteEvents } from '../events/store.js';
import { Unprocessed } from '../safety/contain.js';
import { createRedactor, type Redactor } from '../safety/redact.js';
import { siteLabel } from '../text/site-label.js';
import { plural } from '../text/plural.js';
import type { MatchedEvent, ScanResult, SiteResult } from '../types.js';
import { finishGroup, forSite, withName } from './finish.js';
import { refusalOf, siteError, siteWarnings } from './warnings.js';

/**
 * The scan: token, every site's sessions (a few sites at a time), their raw
 * requests, and the groups. Every event is counted and recorded in the event
 * store as it arrives; only the groups' few samples are held in memory. The
 * GitHub Actions edge (and the CLI) only wire inputs and outputs around it.
 */
export interface ScanDeps {
  /** The run's one authenticated client (one token for the scan and the account APIs). */
  readonly api: PiwikApi;
  /** The login, when the pipeline asked for it already (src/pipeline.ts): awaited, not asked for twice. */
  readonly login?: Promise<void>;
  /** What the account knows of each site, being read while the scan runs; the UUID and the spec-only diagnosis without it. */
  readonly account?: AccountKnowledge;
  readonly now: () => Date;
  readonly log: (message: string) => void;
  /** Where every matched event is recorded (in memory, on disk past a budget: src/events/store.ts). */
  readonly events: EventStore;
  /** With fetch-logs all: the file the raw requests are written to. */
  readonly evidencePath?: string;
  /** Every secret of the run masked, for the raw requests file (the one thing the scan itself writes out). */
  readonly scrub?: (text: string) => string;
}

export type ScanSettings = Pick<
  Config,
  'instanceUrl' | 'siteIds' | 'eventTypes' | 'lookupWindow' | 'maxSessions' | 'pageUrl' | 'fetchLogs' | 'redact' | 'names'
> & {
  /** Only events after this instant (a watch's `since`): the window then starts there. */
  readonly after?: string;
};

/**
 * Sites scanned at once: enough to overlap round trips (600 sites at a 50 ms
 * round trip take about 4 s), few enough to be kind to the API. The README
 * states it; the account reads of the sites with problems add at most 6 more.
 */
const CONCURRENT_SITES = 8;
/** Sessions per Debugger page: large pages mean fewer round trips; the stream keeps memory flat either way. */
const PAGE_SIZE = 500;

export async function scan(settings: ScanSettings, deps: ScanDeps): Promise<ScanResult> {
  const { api } = deps;
  // Bad credentials fail once, here, rather than once per site.
  await (deps.login ?? api.authenticate());
  const to = deps.now();
  const groups = new GroupIndex();
  const redactor = createRedactor(settings.redact);
  const evidence = settings.fetchLogs === 'all' ? new EvidenceFile(evidencePath(settings, deps), deps.scrub) : undefined;
  const unprocessed = new Unprocessed();
  const limit = createLimiter(CONCURRENT_SITES);
  // A site's failure is that site's alone, whatever threw.
  const sites = await Promise.all(
    settings.siteIds.map((siteId) =>
      limit(() =>
        scanSite({ api, settings, siteId, groups, events: deps.events.site(siteId), evidence, redactor, unprocessed }, deps),
      ).catch((error: unknown) => failedSite(siteId, error)),
    ),
  );
  const evidenceProblem = await evidence?.close();
  await deps.events.close();
  // Read while the scan ran, and only for the sites with something to diagnose: by now it is usually there.
  const [known, names] = await Promise.all([deps.account?.all(), deps.account?.names()]);
  const named = sites.map((s) => ({ result: withName(s.result, names?.get(s.result.siteId)), warningsFor: s.warningsFor }));
  // A warning names the site as a person knows it (src/report/site-label.ts); errors keep the exact id.
  const warnings = [
    ...named.flatMap((s) => [...s.warningsFor(siteLabel(s.result)), ...unprocessed.warnings(s.result.siteId, siteLabel(s.result))]),
    ...(evidenceProblem ? [evidenceProblem] : []),
  ];
  const finished = groups.sorted().map((draft) =>
    unprocessed.run(
      draft.siteId,
      `finishing the group of event ${draft.samples.candidates()[0]?.event.eventId ?? '?'}`,
      () => finishGroup(draft, redactor, known?.get(draft.siteId)),
      () => finishGroup(draft, redactor, undefined, { bare: true }),
    ),
  );
  const from = to.getTime() - settings.lookupWindow * 60_000;
  return {
    window: {
      minutes: settings.lookupWindow,
      from: settings.after !== undefined && Date.parse(settings.after) > from ? settings.after : new Date(from).toISOString(),
      to: to.toISOString(),
    },
    eventTypes: settings.eventTypes,
    sites: named.map((s) => s.result),
    groups: finished,
    events: deps.events,
    warnings,
    rawRequestsPath: evidence?.path,
  };
}

function evidencePath(settings: ScanSettings, deps: ScanDeps): string {
  // The edges refuse fetch-logs: all without a place for the file before any request; this is the last guard.
  if (!deps.evidencePath)
    throw new Error(`${settings.names.set('fetch-logs', 'all')} needs a place for the raw requests file, and none was given.`);
  return deps.evidencePath;
}

interface SiteOutcome {
  readonly result: SiteResult;
  /** The site's warnings, once its name is known: `label` is how they name it. */
  readonly warningsFor: (label: string) => string[];
}

interface SiteScan {
  readonly api: PiwikApi;
  readonly settings: ScanSettings;
  readonly siteId: string;
  readonly groups: GroupIndex;
  readonly events: SiteEvents;
  readonly evidence: EvidenceFile | undefined;
  readonly redactor: Redactor;
  readonly unprocessed: Unprocessed;
}

/** An event whose raw request is asked for: with its place in the site's events and its group. */
interface PendingLog {
  readonly event: MatchedEvent;
  readonly index: number;
  readonly group: GroupDraft;
}

async function scanSite(site: SiteScan, deps: ScanDeps): Promise<SiteOutcome> {
  const { api, settings, siteId, groups, events, evidence, unprocessed } = site;
  // The raw requests file takes the site's personal dimensions too: known before its first raw request is asked for.
  let redactor = site.redactor;
  const logCounts = { fetched: 0, unavailable: 0 };
  const logs = new LogFetcher<PendingLog>(api, siteId, (pending, request) => {
    events.setStatus(pending.index, request ? 'fetched' : 'unavailable');
    logCounts[request ? 'fetched' : 'unavailable'] += 1;
    if (!request) return;
    const sample = pending.group.samples.holds(pending.event.eventId);
    if (sample) sample.request = request;
    const what = `the raw request of event ${pending.event.eventId}`;
    unprocessed.run(
      siteId,
      what,
      () => evidence?.write(pending.event, pending.group.fingerprint, redactor.request(request)),
      () => undefined,
    );
  });
  let sessions: SessionScan | undefined;
  let error: string | undefined;
  let refused: number | undefined;
  try {
    sessions = await scanSessions(
      api,
      {
        siteId,
        eventTypes: settings.eventTypes,
        lookupWindow: settings.lookupWindow,
        pageUrl: settings.pageUrl,
        maxSessions: settings.maxSessions,
        pageSize: PAGE_SIZE,
      },
      async (page) => {
        const { after } = settings;
        const kept = after === undefined ? page : page.filter((e) => isAfterCut(e.serverTime, after));
        // Something to diagnose here: the account's knowledge of this site is read while the scan goes on.
        if (kept.length > 0) deps.account?.request(siteId);
        const pending = kept.flatMap((event) =>
          unprocessed.run(
            siteId,
            `event ${event.eventId}`,
            () => {
              const index = events.count;
              const group = groups.add(event, index);
              events.append(event, group.fingerprint, event.url === undefined ? undefined : redactor.text(event.url));
              return [{ event, index, group }];
            },
            () => [],
          ),
        );
        // fetch-logs all: raw requests are fetched while later pages are still read, as fast as they are written.
        if (settings.fetchLogs === 'all') {
          if (pending.length > 0 && redactor === site.redactor) redactor = forSite(site.redactor, await deps.account?.site(siteId));
          logs.add(pending);
        }
        await Promise.all([events.drained(), logs.room(), evidence?.drained()]);
      },
    );
  } catch (caught) {
    // An error, not a warning as well: the report lists it once, naming the site.
    error = siteError(caught);
    refused = refusalOf(caught);
  }
  await logs.settle();
  // fetch-logs samples: the few events each group shows, in one batch for the whole site as a rule.
  if (settings.fetchLogs === 'samples') {
    logs.add(groups.ofSite(siteId).flatMap((group) => group.samples.candidates().map((c) => ({ event: c.event, index: c.index, group }))));
    await logs.settle();
  }
  const result = { ...siteResult(siteId, sessions, events.count, logCounts, error), ...(refused ? { refused } : {}) };
  deps.log(
    `Site ${siteId}: ${result.sessionsScanned} ${plural(result.sessionsScanned, 'session')} scanned, ${result.eventCount} matching ${plural(result.eventCount, 'event')} in ${result.matchedSessions} ${plural(result.matchedSessions, 'session')}` +
      (settings.fetchLogs === 'none' ? '' : `, ${result.logs.fetched} raw ${plural(result.logs.fetched, 'request')} fetched`) +
      (error ? ' (scan incomplete)' : ''),
  );
  return { result, warningsFor: (label) => siteWarnings(label, result, sessions, logs, settings) };
}

function siteResult(
  siteId: string,
  sessions: SessionScan | undefined,
  eventCount: number,
  logs: SiteResult['logs'],
  error: string | undefined,
): SiteResult {
  const malformedLines =
    (sessions?.lines.malformed ?? 0) + (sessions?.lines.oversized ?? 0) + (sessions?.malformedEvents ?? 0) + (sessions?.notSessions ?? 0);
  return {
    siteId,
    sessionsScanned: sessions?.sessionsScanned ?? 0,
    matchedSessions: sessions?.matchedSessionIds.size ?? 0,
    eventCount,
    // A line skipped may have held the very event whose absence would close an issue.
    complete: error === undefined && !(sessions?.capped ?? false) && malformedLines === 0,
    capped: sessions?.capped ?? false,
    error,
    malformedLines,
    logs: { ...logs },
  };
}

/** A site whose scan threw past its own guards: its error, never the run's. */
function failedSite(siteId: string, error: unknown): SiteOutcome {
  return { result: siteResult(siteId, undefined, 0, { fetched: 0, unavailable: 0 }, siteError(error)), warningsFor: () => [] };
}
