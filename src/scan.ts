import { isAfterCut } from './alerting/classify.js';
import { GroupIndex, SAMPLE_EVENTS, type GroupDraft } from './analysis/groups.js';
import type { Config } from './config.js';
import { diagnose } from './diagnosis/diagnose.js';
import type { AccountKnowledge, SiteKnowledge } from './account/knowledge.js';
import { BROKEN_EVENT } from './piwik/event-types.js';
import type { HttpClient } from './http/client.js';
import type { PiwikApi } from './piwik/api.js';
import { scanSessions, type SessionScan } from './piwik/debugger.js';
import { LogFetcher } from './piwik/logs.js';
import { createRedactor, type Redactor } from './safety/redact.js';
import type {
  Diagnosis,
  EventContext,
  Group,
  LogStatus,
  MatchedEvent,
  RawRequest,
  ReportedEvent,
  ScanResult,
  SiteResult,
} from './types.js';

/**
 * The scan: token, every site's sessions (a few sites at a time), their raw
 * requests, and the groups. Plain data in, plain data out; the GitHub Actions
 * edge (and the CLI) only wire inputs and outputs around it.
 */
export interface ScanDeps {
  readonly http: HttpClient;
  /** The run's one authenticated client (one token for the scan and the account APIs). */
  readonly api: PiwikApi;
  /** What the account knows of each site, being read while the scan runs; the UUID and the spec-only diagnosis without it. */
  readonly account?: AccountKnowledge;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

export type ScanSettings = Pick<
  Config,
  'instanceUrl' | 'siteIds' | 'eventTypes' | 'lookupWindow' | 'maxSessions' | 'pageUrl' | 'fetchLogs' | 'redact'
> & {
  /** Only events after this instant (a watch's `since`): the window then starts there. */
  readonly after?: string;
};

/** Sites scanned at once: enough to overlap round trips, few enough to be kind to the API. */
const CONCURRENT_SITES = 4;
/** Sessions per Debugger page: large pages mean fewer round trips; the stream keeps memory flat either way. */
export const PAGE_SIZE = 500;

export async function scan(settings: ScanSettings, deps: ScanDeps): Promise<ScanResult> {
  const { api } = deps;
  // Bad credentials fail once, here, rather than once per site.
  await api.authenticate();
  const to = deps.now();
  const groups = new GroupIndex();
  const sites = await mapConcurrently(settings.siteIds, CONCURRENT_SITES, (siteId) => scanSite(api, settings, siteId, groups, deps));
  const redactor = createRedactor(settings.redact);
  const fetched = new Map(sites.map((s) => [s.result.siteId, s.requests]));
  const warnings = sites.flatMap((s) => s.warnings);
  // Read concurrently since the start: by now it is usually there.
  const known = await deps.account?.all();
  const finished = groups
    .sorted()
    .map((draft) => finishGroup(draft, fetched.get(draft.siteId) ?? new Map(), redactor, known?.get(draft.siteId)));
  const from = to.getTime() - settings.lookupWindow * 60_000;
  return {
    window: {
      minutes: settings.lookupWindow,
      from: settings.after !== undefined && Date.parse(settings.after) > from ? settings.after : new Date(from).toISOString(),
      to: to.toISOString(),
    },
    eventTypes: settings.eventTypes,
    sites: sites.map((s) => withName(s.result, known?.get(s.result.siteId))),
    groups: finished,
    events: sites.flatMap((s) => s.events.map((e) => reportedEvent(e, s.requests, settings.fetchLogs, redactor))),
    warnings,
  };
}

interface SiteOutcome {
  readonly result: SiteResult;
  readonly events: readonly (MatchedEvent & { fingerprint: string })[];
  readonly requests: ReadonlyMap<string, RawRequest>;
  readonly warnings: string[];
}

async function scanSite(api: PiwikApi, settings: ScanSettings, siteId: string, groups: GroupIndex, deps: ScanDeps): Promise<SiteOutcome> {
  const logs = new LogFetcher(api, siteId);
  const events: (MatchedEvent & { fingerprint: string })[] = [];
  const warnings: string[] = [];
  let sessions: SessionScan | undefined;
  let error: string | undefined;
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
      (page) => {
        const { after } = settings;
        const kept = after === undefined ? page : page.filter((e) => isAfterCut(e.serverTime, after));
        for (const event of kept) events.push({ ...event, fingerprint: groups.add(event) });
        // Raw requests are fetched while later pages are still being read.
        if (settings.fetchLogs) logs.add(kept);
      },
    );
  } catch (caught) {
    // An error, not a warning as well: the report lists it once, naming the site.
    error = siteError(caught);
  }
  await logs.settle();
  const result = siteResult(siteId, sessions, events, logs, settings.fetchLogs, error);
  warnings.push(...siteWarnings(result, sessions, logs, settings));
  deps.log(
    `Site ${siteId}: ${result.sessionsScanned} sessions scanned, ${result.eventCount} matching events in ${result.matchedSessions} sessions` +
      (settings.fetchLogs ? `, ${result.logs.fetched} raw requests fetched` : '') +
      (error ? ' (scan incomplete)' : ''),
  );
  return { result, events, requests: logs.requests, warnings };
}

function siteResult(
  siteId: string,
  sessions: SessionScan | undefined,
  events: readonly MatchedEvent[],
  logs: LogFetcher,
  fetchLogs: boolean,
  error: string | undefined,
): SiteResult {
  const unavailable = fetchLogs ? events.filter((e) => !hasRequest(e, logs.requests)).length : 0;
  return {
    siteId,
    sessionsScanned: sessions?.sessionsScanned ?? 0,
    matchedSessions: new Set(events.map((e) => e.sessionId)).size,
    eventCount: events.length,
    complete: error === undefined && !(sessions?.capped ?? false),
    capped: sessions?.capped ?? false,
    error,
    malformedLines: (sessions?.lines.malformed ?? 0) + (sessions?.lines.oversized ?? 0) + (sessions?.malformedEvents ?? 0),
    logs: { fetched: fetchLogs ? events.length - unavailable : 0, unavailable },
  };
}

function siteWarnings(result: SiteResult, sessions: SessionScan | undefined, logs: LogFetcher, settings: ScanSettings): string[] {
  const out: string[] = [];
  const id = result.siteId;
  if (result.capped) {
    out.push(
      `Site ${id}: stopped after max-sessions (${settings.maxSessions}) sessions; older sessions in the window were not scanned. Raise 'max-sessions' or shorten 'lookup-window'.`,
    );
  }
  if (sessions && sessions.lines.malformed + sessions.lines.oversized > 0) {
    out.push(
      `Site ${id}: skipped ${sessions.lines.malformed} malformed and ${sessions.lines.oversized} oversized lines in the Debugger API's answer.`,
    );
  }
  if (sessions && sessions.malformedEvents > 0) {
    out.push(`Site ${id}: skipped ${sessions.malformedEvents} matching events that lacked an id or a time.`);
  }
  if (logs.usedLegacyEndpoint)
    out.push(`Site ${id}: the Logs API (/logs) was not available; raw requests came from the older /log endpoint.`);
  if (result.logs.unavailable > 0) {
    const reason = logs.failures[0] ? ` (${logs.failures[0]})` : '';
    out.push(
      `Site ${id}: the raw request of ${result.logs.unavailable} events could not be had${reason}; those events are still reported.`,
    );
  }
  return out;
}

/** The reason alone: every renderer says which site it was. */
function siteError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number }).status;
  if (status === 403 || status === 404) {
    return `no access (HTTP ${status}). Check that the site id is right and that the API client has at least view access to it.`;
  }
  return `the scan failed: ${message}`;
}

/** The site's name from the account, when it is known (a watch names the sites its polls read the same way). */
export function withName(result: SiteResult, knowledge: SiteKnowledge | undefined): SiteResult {
  const name = knowledge?.settings?.name;
  if (name === undefined) return result;
  const { siteId, ...rest } = result;
  return { siteId, name, ...rest };
}

function finishGroup(
  draft: GroupDraft,
  requests: ReadonlyMap<string, RawRequest>,
  redactor: Redactor,
  knowledge: SiteKnowledge | undefined,
): Group {
  const raw = draft.sampleCandidates
    .map((event) => firstRequest(event, requests))
    .filter((r): r is RawRequest => r !== undefined)
    .slice(0, SAMPLE_EVENTS);
  const sampleContext = redactor.context(draft.sampleContext);
  return {
    fingerprint: draft.fingerprint,
    siteId: draft.siteId,
    eventType: draft.eventType,
    eventTypeLabel: draft.eventTypeLabel,
    message: redactor.text(draft.message),
    normalizedMessage: redactor.text(draft.normalizedMessage),
    count: draft.count,
    sessionCount: draft.sessionIds.size,
    firstSeen: draft.firstSeen,
    lastSeen: draft.lastSeen,
    sampleUrls: draft.sampleUrls.map((u) => redactor.text(u)),
    sampleRequests: raw.map((r) => redactor.request(r)),
    sampleContext,
    diagnosis: diagnoseGroup(draft, raw, sampleContext, redactor, knowledge),
  };
}

/** Broken events only: other types are not processing errors, so a parameter check explains nothing. */
function diagnoseGroup(
  draft: GroupDraft,
  raw: readonly RawRequest[],
  context: EventContext,
  redactor: Redactor,
  knowledge: SiteKnowledge | undefined,
): Diagnosis | undefined {
  if (draft.eventType !== BROKEN_EVENT) return undefined;
  // The check reads the raw values; every value it shows goes through the redactor.
  return diagnose(raw, {
    siteId: draft.siteId,
    account: knowledge,
    errorMessage: draft.message,
    context,
    redactValue: (name, value) => redactor.param(name, value),
  });
}

function reportedEvent(
  event: MatchedEvent & { fingerprint: string },
  requests: ReadonlyMap<string, RawRequest>,
  fetchLogs: boolean,
  redactor: Redactor,
): ReportedEvent {
  const logStatus: LogStatus = !fetchLogs ? 'skipped' : hasRequest(event, requests) ? 'fetched' : 'unavailable';
  return {
    siteId: event.siteId,
    eventId: event.eventId,
    sessionId: event.sessionId,
    eventType: event.eventType,
    serverTime: event.serverTime,
    fingerprint: event.fingerprint,
    url: event.url === undefined ? undefined : redactor.text(event.url),
    logStatus,
  };
}

function firstRequest(event: MatchedEvent, requests: ReadonlyMap<string, RawRequest>): RawRequest | undefined {
  for (const id of event.logUuids) {
    const request = requests.get(id);
    if (request) return request;
  }
  return undefined;
}

function hasRequest(event: MatchedEvent, requests: ReadonlyMap<string, RawRequest>): boolean {
  return firstRequest(event, requests) !== undefined;
}

/** Runs `work` over items with at most `limit` in flight; results keep the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
