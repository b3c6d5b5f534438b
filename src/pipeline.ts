import { annotateGroups } from './annotate/run.js';
import { AccountKnowledge } from './account/knowledge.js';
import { accountNotices } from './account/notices.js';
import { optionalReadLimitMs } from './http/time-limit.js';
import { classifyGroups } from './alerting/classify.js';
import { displayedCut, needsPreviousRun, resolveCut, type Cut } from './alerting/cut.js';
import { combineKnowledge, cutMemory, knowledgeOf, loadState, saveState } from './state/memory.js';
import type { Config } from './config.js';
import { foreignIssuesNotice } from './github/issue-list.js';
import { trackedKnowledge } from './github/issue-plan.js';
import type { GitHubClient } from './github/octokit.js';
import { findPreviousSuccessfulRun } from './github/previous-run.js';
import type { EventStore } from './events/store.js';
import type { HttpClient } from './http/client.js';
import type { PiwikApi } from './piwik/api.js';
import { emptyScan } from './scan/empty.js';
import { buildReport, type AlertingSummary, type Report, type RunInfo } from './report/report.js';
import type { Scrubber } from './safety/secrets.js';
import { addTagManager, publishedForCut, tagManagerInput } from './tagmanager/run.js';
import type { DeliverDeps } from './channels/deliver.js';
import { deliverRouted } from './routing/deliver.js';
import { trackIssues, trackedWithLabels } from './pipeline/issues.js';
import type { ResolvedSites } from './sites/resolve.js';
import type { Group, ScanResult } from './types.js';
import { VERSION } from './version.js';
import type { WatchSummary } from './watch/types.js';
import { eventGroups } from './volume/groups.js';
import type { VolumeReading } from './volume/read.js';
import { joinVolume, startVolume } from './volume/run.js';

/**
 * One run, edge-free: scan, decide what is new, track issues, notify, and
 * hand back the report. The GitHub Actions edge (main.ts) and the CLI wrap it
 * with their own inputs and outputs. Nothing here throws for a failure of the
 * scan or of a delivery: those land in the report, which is persisted once,
 * after the deliveries (or after whatever stopped them).
 */
export interface PipelineDeps {
  readonly http: HttpClient;
  /**
   * The repository the run belongs to, and how to make its client: issues and the previous run come from it.
   * The client's libraries load on demand (run.ts): the pipeline asks for it once the token request is out.
   */
  readonly github?: {
    readonly client: () => Promise<GitHubClient>;
    readonly owner: string;
    readonly repo: string;
    readonly runId?: number;
  };
  readonly run: RunInfo;
  readonly now: () => Date;
  readonly log: (message: string) => void;
  readonly notice: (message: string) => void;
  readonly onSecret: (secret: string) => void;
  /** Every secret of the run, in every form: the report, Slack and the issues pass it before they leave. */
  readonly scrubber: Scrubber;
  /** Where the scan records every matched event (the edge owns it: the report reads it back). */
  readonly events: EventStore;
  /** With fetch-logs all: the raw requests file, beside the report. */
  readonly evidencePath?: string;
  /** Writes the report where the edge keeps it, once, at the end, whatever the deliveries did. */
  readonly persist: (report: Report) => Promise<void>;
  /** Shows a payload a dry run would have sent (the edge makes it inert). */
  readonly showDryRun: (title: string, payload: string) => void;
  /** Where the scan comes from: one scan (src/scan/source.ts), or a finished watch (src/watch/). */
  readonly source: ScanSource;
  /** The sites of the run and their names (src/sites/resolve.ts); `config.siteIds` already holds them. */
  readonly sites?: ResolvedSites;
}

/** The scan the pipeline reports, as its source hands it over. */
export interface ScanSource {
  /** The source's client: the account reads (and annotations) go on the same token. */
  readonly api: PiwikApi;
  /** The scan, run while the account, the cut and the issues are read; `login` is already asked for, `at` is the run's start. */
  readonly scan: (context: { readonly account: AccountKnowledge; readonly login: Promise<void>; readonly at: Date }) => Promise<ScanResult>;
  /** Where "new" begins when the source decides it (a watch: its start); else the `since` rule (src/alerting/cut.ts). */
  readonly cut?: Cut;
  /** How a watch went, for the report. */
  readonly watch?: WatchSummary;
  /** A watch's account reads (started for the sites' time zones): the pipeline reuses them. */
  readonly account?: AccountKnowledge;
  /** The volume as a watch's last poll judged it (src/volume/watch.ts): the pipeline reads none of its own then. */
  readonly volume?: VolumeReading;
}

export async function runPipeline(config: Config, deps: PipelineDeps): Promise<Report> {
  const started = deps.now();
  // One token for the scan and the account APIs.
  const { api } = deps.source;
  // The token is on the critical path: asked for first, and the GitHub client loads while it is in flight.
  // A failed login is the scan's error, said there; here it is only not left unhandled.
  const login = api.authenticate();
  login.catch(() => undefined);
  const github = deps.github && {
    owner: deps.github.owner,
    repo: deps.github.repo,
    runId: deps.github.runId,
    octokit: await deps.github.client(),
  };
  const issueDeps = config.github.createIssue && github ? { ...github, log: deps.log, names: config.names } : undefined;
  // The account's own knowledge, the cut, the state file and the issue list do not depend on the scan: ask for them while it runs.
  // Read only for the sites the scan finds something on (and, for their time zones, those the volume check reads);
  // the others are named by the Apps API's list. A watch brings the one it started.
  const account =
    deps.source.account ?? new AccountKnowledge(api, { limitMs: optionalReadLimitMs(config.timeoutSeconds), names: deps.sites?.names });
  const memory = loadState(config.alerting.stateFile);
  const tagManager = deps.source.cut ? undefined : publishedForCut(config, api); // since: tag-manager
  // How much tracking arrived (src/volume/), beside the scan; a watch brings its last reading.
  const volume = startVolume(config, { api, account, now: started }, deps.source.volume);
  const [measured, cut, tracked, state, reading] = await Promise.all([
    scanSafely(config, deps, started, { login, account }),
    deps.source.cut ?? tagManager?.cut() ?? memory.then(async (state) => cutOf(config, state, github)),
    issueDeps ? trackedWithLabels(config, issueDeps) : Promise.resolve(undefined),
    memory,
    volume,
  ]);
  const scanned = joinVolume(measured, reading, deps.notice);
  if (state?.read.kind === 'unusable') deps.notice(state.read.warning);
  if (cut.notice) deps.notice(cut.notice);
  const foreign = tracked && foreignIssuesNotice(tracked);
  if (foreign) deps.notice(foreign);
  // After a failed login every account read failed for the same reason, which the scan's error already says.
  // A site the scan could not check has its one error already; that the Apps API refused it too is the same fact again.
  const unchecked = new Set(scanned.result.sites.filter((s) => s.error).map((s) => s.siteId));
  const listed = await deps.sites?.problem;
  const problems = [...(listed ? [listed] : []), ...(await account.problems())].filter((p) => !unchecked.has(p.siteId));
  if (!scanned.error) for (const notice of accountNotices(problems)) deps.notice(notice);
  const fromIssues = tracked && !tracked.error ? trackedKnowledge(tracked, scanned.result.groups) : undefined;
  const classified = classifyGroups(scanned.result.groups, scanned.result.events, config.alerting, {
    cut: cut.at,
    siteCuts: cut.siteCuts,
    tracked: combineKnowledge(fromIssues, knowledgeOf(state?.read)),
    today: started.toISOString().slice(0, 10),
    now: started.toISOString(),
  });
  for (const notice of classified.notices) deps.notice(notice);
  const publishes = await addTagManager(tagManagerInput(config, api, { ...scanned.result, groups: classified.groups }, cut, tagManager));
  for (const notice of publishes.notices) deps.notice(notice);
  const alerting = alertingSummary(config, cut, classified.groups, scanned.result, classified.alert);
  // Scrubbed as a whole before anything renders, cuts or escapes a part of it.
  const base = (groups: readonly Group[], deliveries?: Partial<Report['deliveries']>) =>
    scrubbed(
      deps.scrubber,
      buildReport({
        scan: { ...scanned.result, sites: publishes.sites, groups },
        instanceUrl: config.instanceUrl,
        settings: {
          redact: config.redact,
          fetchLogs: config.fetchLogs !== 'none',
          fetchLogsMode: config.fetchLogs,
          maxSessions: config.maxSessions,
          pageUrl: config.pageUrl,
          ...(deps.sites ? { sites: deps.sites.portfolio } : {}),
        },
        run: deps.run,
        version: VERSION,
        generatedAt: deps.now(),
        errors: scanned.error ? [scanned.error] : [],
        alerting,
        deliveries,
        watch: deps.source.watch,
      }),
    );

  let report = base(publishes.groups);
  try {
    // Annotations go to Piwik PRO, issues to GitHub: neither waits for the other.
    const [issues, annotations] = await Promise.all([
      trackIssues(config, report, issueDeps, tracked, deps.run.url),
      annotateGroups(config, report, api, account, deps, optionalReadLimitMs(config.timeoutSeconds)),
    ]);
    const groups = report.groups.map((g) => {
      const link = issues.links.get(g.fingerprint);
      const annotation = annotations.byGroup.get(g.fingerprint);
      const capped = issues.pastCap?.has(g.fingerprint) === true;
      if (!link && !annotation && !capped) return g;
      return { ...g, ...(link ? { issue: link } : {}), ...(annotation ? { annotation } : {}), ...(capped ? { pastIssueCap: true } : {}) };
    });
    const delivered = { github: issues.delivery, ...(config.annotate ? { annotations: annotations.delivery } : {}) };
    report = base(groups, delivered);
    const channels = await deliverRouted(config.routes, config.channels.destination, report, channelDeps(config, deps));
    report = base(groups, { ...channels, ...delivered });
  } finally {
    // Written once (every event line read back from disk), also when a delivery threw: nothing found is lost.
    await deps.persist(report);
  }
  if (state) await saveState(state, report, config.dryRun, deps);
  return report;
}

async function scanSafely(
  config: Config,
  deps: PipelineDeps,
  started: Date,
  { login, account }: { login: Promise<void>; account: AccountKnowledge },
): Promise<{ result: ScanResult; error?: string }> {
  try {
    // `site-id: all` without a list has nothing to scan: that is the scan's failure.
    if (deps.sites?.error !== undefined) throw new Error(deps.sites.error);
    return { result: await deps.source.scan({ account, login, at: started }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const window = {
      minutes: config.lookupWindow,
      from: new Date(started.getTime() - config.lookupWindow * 60_000).toISOString(),
      to: started.toISOString(),
    };
    return { result: emptyScan(window, config.eventTypes, config.siteIds, message), error: message };
  }
}

/** The `since` rule's cut, with the previous workflow run asked for only when the rule needs it. */
async function cutOf(config: Config, state: Awaited<ReturnType<typeof loadState>>, github: GithubTarget | undefined): Promise<Cut> {
  const memory = cutMemory(state);
  const previous =
    github?.runId !== undefined && needsPreviousRun(config.alerting.since, memory)
      ? await findPreviousSuccessfulRun(github.octokit, { owner: github.owner, repo: github.repo, runId: github.runId })
      : undefined;
  return resolveCut(config.alerting.since, { state: memory, previous }, config.names);
}

type GithubTarget = { readonly octokit: GitHubClient; readonly owner: string; readonly repo: string; readonly runId?: number };

function alertingSummary(config: Config, cut: Cut, groups: readonly Group[], scanned: ScanResult, alert: boolean): AlertingSummary {
  const events = eventGroups(groups);
  const newEvents = events.reduce((n, g) => n + (g.newCount ?? 0), 0);
  return {
    since: config.alerting.since.kind,
    cut: displayedCut(cut, config.siteIds),
    cutSource: cut.source,
    notify: config.alerting.notify,
    newEvents,
    silencedNewEvents: events.reduce((n, g) => n + (g.silenced ? (g.newCount ?? 0) : 0), 0),
    alreadyReported: scanned.events.count - newEvents,
    alertingGroups: groups.filter((g) => g.alert).length,
    silencedGroups: groups.filter((g) => g.silenced).length,
    alert,
  };
}

/** What every channel needs of the run: the notice rules, the network, the scrubber, dry-run. */
function channelDeps(config: Config, deps: PipelineDeps): DeliverDeps {
  const { onClean, onFailure } = config.channels;
  const { http, scrubber, showDryRun, now } = deps;
  return {
    onClean,
    onFailure,
    minEvents: config.alerting.minEvents,
    names: config.names,
    http,
    scrubber,
    dryRun: config.dryRun,
    showDryRun,
    now,
  };
}

/**
 * The report scrubbed as a whole before anything renders, cuts or escapes a
 * part of it; all but its event lines, which wait in the event store and pass the same
 * scrubber as they are written (the edges' persist).
 */
function scrubbed(scrubber: Scrubber, report: Report): Report {
  const clean = scrubber.value({ ...report, events: undefined });
  return Object.fromEntries(
    Object.keys(report).map((key) => [key, key === 'events' ? report.events : clean[key as keyof Report]]),
  ) as unknown as Report;
}
