import { inertLogText } from '../safety/log-text.js';
import type { Delivery, Report } from '../report/report.js';
import type { Group, GroupState, IssueLink } from '../types.js';
import {
  issueBody,
  issueTitle,
  occurrenceComment,
  parseIssueMarker,
  parseIssueState,
  regressionComment,
  resolvedComment,
  withIssueState,
  type IssueContext,
} from './issue-content.js';
import type { GitHubClient } from './octokit.js';

/**
 * One GitHub issue per error group, reused across runs. Two steps, so that
 * alert-on-change can classify groups between them:
 *
 * 1. `findTrackedIssues` lists the repository's issues with the tracking label
 *    (the first of `labels`), open and closed, page by page (not through the
 *    search API, which lags behind writes and has a low rate limit), and keeps
 *    those whose body starts with our marker.
 * 2. `applyIssues` comments on an open issue, reopens a closed one (a
 *    regression), creates one for a new group, and, with `closeResolved`,
 *    closes open issues of completely scanned sites whose group is gone.
 *
 * `classify` tells, from step 1 alone, which groups are new, ongoing or back;
 * `trackedKnowledge` hands the same list to src/alerting/classify.ts.
 * Nothing here throws: failures become `delivery.status = 'failed'`.
 */

export interface IssueDeps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly log: (message: string) => void;
}

export interface IssueOptions {
  /** The first one marks (and finds) our issues; all are put on new issues and created when missing. */
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  readonly closeResolved: boolean;
  readonly dryRun: boolean;
  readonly runUrl?: string;
  readonly redact: boolean;
  /** At most this many issues are opened in one run (default 20): a flood of new errors must not flood the tracker. */
  readonly maxNewIssues?: number;
}

/** An issue of ours, as the list found it. */
export interface TrackedIssue {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly state: 'open' | 'closed';
  /** `completed`, `not_planned`, `reopened`, `duplicate`, or undefined. */
  readonly stateReason?: string;
  readonly closedAt?: string;
  readonly locked: boolean;
  readonly fingerprint: string;
  readonly siteId: string;
  readonly eventType?: number;
  /** The group's event count when the action last reported on this issue, and when that was. */
  readonly lastCount?: number;
  readonly lastReportedAt?: string;
  /** As listed: the sync rewrites only its hidden state line. */
  readonly body: string;
}

export interface TrackedIssues {
  /** The label the issues were listed by. */
  readonly label: string;
  /** The repository's label names, lower-cased, read alongside the issues; undefined when they could not be read. */
  readonly existingLabels?: ReadonlySet<string>;
  readonly issues: readonly TrackedIssue[];
  /** Set when the list could not be read. Nothing is written then: every group would get a duplicate issue. */
  readonly error?: string;
}

export type ClosedIssueLink = IssueLink & { readonly fingerprint: string; readonly siteId: string };

export interface IssueSyncResult {
  readonly delivery: Delivery;
  /** Per group fingerprint: the issue that tracks it and what this run did to it. */
  readonly links: ReadonlyMap<string, IssueLink>;
  /** Issues closed (or that would be) because their group is gone. */
  readonly closed: readonly ClosedIssueLink[];
  /** Per group fingerprint: how the group stood before this run acted (see `classify`). Empty when the list failed. */
  readonly previousStates: ReadonlyMap<string, GroupState>;
}

export const DEFAULT_TRACKING_LABEL = 'broken-events';
export const DEFAULT_MAX_NEW_ISSUES = 20;
export const ISSUES_PERMISSION_BLOCK = 'permissions:\n  issues: write';

const TRACKING_LABEL_COLOR = 'd93f0b';
const OTHER_LABEL_COLOR = 'c5def5';

// ---------------------------------------------------------------------------
// Step 1: find

/** Every label name of the repository, lower-cased; undefined when they cannot be read (labels are then checked one by one). */
async function listLabelNames(deps: IssueDeps): Promise<ReadonlySet<string> | undefined> {
  try {
    const labels = await deps.octokit.paginate(deps.octokit.rest.issues.listLabelsForRepo, {
      owner: deps.owner,
      repo: deps.repo,
      per_page: 100,
    });
    return new Set(labels.map((l) => l.name.toLowerCase()));
  } catch {
    return undefined;
  }
}

/** Lists every issue (open and closed) with the tracking label and keeps those with our marker. Never throws. */
export async function findTrackedIssues(deps: IssueDeps, labels: readonly string[]): Promise<TrackedIssues> {
  const label = trackingLabel(labels);
  // The labels are read now, while the scan runs, so creating the first issue needs no extra round trip.
  const existingLabels = listLabelNames(deps);
  try {
    const items = await deps.octokit.paginate(deps.octokit.rest.issues.listForRepo, {
      owner: deps.owner,
      repo: deps.repo,
      labels: label,
      state: 'all',
      per_page: 100,
    });
    const issues: TrackedIssue[] = [];
    for (const item of items) {
      // The issues list also returns pull requests.
      if (item.pull_request) continue;
      const marker = parseIssueMarker(item.body);
      if (!marker) continue;
      const last = parseIssueState(item.body);
      issues.push({
        number: item.number,
        url: item.html_url,
        title: item.title,
        state: item.state === 'closed' ? 'closed' : 'open',
        stateReason: item.state_reason ?? undefined,
        closedAt: item.closed_at ?? undefined,
        locked: item.locked,
        ...marker,
        ...(last ? { lastCount: last.count, lastReportedAt: last.reportedAt } : {}),
        body: item.body ?? '',
      });
    }
    deps.log(
      `GitHub issues: ${issues.length} tracked ${issues.length === 1 ? 'issue' : 'issues'} with label '${label}' in ${deps.owner}/${deps.repo} (${items.length} listed).`,
    );
    return { label, issues, existingLabels: await existingLabels };
  } catch (error) {
    const detail = describeError(error, deps, `list the issues with label '${label}'`).detail;
    deps.log(inertLogText(`GitHub issues: ${detail}`));
    return { label, issues: [], error: detail };
  }
}

/**
 * How each group of the report stands against the issues found: `new` when
 * it has no issue; `regressed` when its issue was closed and it came back
 * (an event after the closing, and not every event already reported);
 * `ongoing` otherwise: the issue is open, was closed as not planned (a person
 * decided to leave it), or was closed after the events this run saw. Empty
 * when the list could not be read: then nothing is known.
 */
export function classify(report: Report, tracked: TrackedIssues): Map<string, GroupState> {
  const states = new Map<string, GroupState>();
  if (tracked.error !== undefined) return states;
  for (const group of report.groups) {
    const issue = pickIssue(tracked.issues, group.fingerprint);
    states.set(
      group.fingerprint,
      !issue ? 'new' : closedStaysClosed(group, issue) === undefined && issue.state === 'closed' ? 'regressed' : 'ongoing',
    );
  }
  return states;
}

/**
 * What src/alerting/classify.ts needs of tracked issues: per fingerprint,
 * whether its issue is open and the count the action last reported on it.
 * A closed issue this sync would not reopen for the group (closed as not
 * planned, or closed after every event of this run) counts as open: known,
 * not a regression, so Slack and the issue agree. Pass the groups for that.
 */
export function trackedKnowledge(
  tracked: TrackedIssues,
  groups: readonly Group[] = [],
): Map<string, { readonly open: boolean; readonly lastCount?: number }> {
  const known = new Map<string, { open: boolean; lastCount?: number }>();
  const byFingerprint = new Map(groups.map((g) => [g.fingerprint, g]));
  for (const fingerprint of new Set(tracked.issues.map((i) => i.fingerprint))) {
    const issue = pickIssue(tracked.issues, fingerprint)!;
    const group = byFingerprint.get(fingerprint);
    const staysClosed =
      issue.stateReason === 'not_planned' ||
      (group !== undefined && closedStaysClosed({ ...group, newCount: undefined }, issue) !== undefined);
    known.set(fingerprint, {
      open: issue.state === 'open' || staysClosed,
      ...(issue.lastCount !== undefined ? { lastCount: issue.lastCount } : {}),
    });
  }
  return known;
}

/** Why a closed issue is not reopened for this group, or undefined when it is (a regression). */
function closedStaysClosed(group: Group, issue: TrackedIssue): string | undefined {
  if (issue.state !== 'closed') return undefined;
  if (issue.stateReason === 'not_planned') return 'the issue was closed as not planned';
  if (group.newCount === 0) return 'every event was already reported by an earlier run';
  const closed = issue.closedAt ? Date.parse(issue.closedAt) : NaN;
  if (Date.parse(group.lastSeen) <= closed) return 'every event of this run happened before the issue was closed';
  return undefined;
}

/** The open issue of a fingerprint (the oldest, when duplicates exist), else the most recently closed one. */
export function pickIssue(issues: readonly TrackedIssue[], fingerprint: string): TrackedIssue | undefined {
  const own = issues.filter((i) => i.fingerprint === fingerprint);
  const open = own.filter((i) => i.state === 'open').sort((a, b) => a.number - b.number);
  if (open[0]) return open[0];
  return own
    .filter((i) => i.state === 'closed')
    .sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || b.number - a.number)[0];
}

// ---------------------------------------------------------------------------
// Plan

export type PlannedAction =
  | { readonly kind: 'create'; readonly group: Group }
  | { readonly kind: 'comment'; readonly group: Group; readonly issue: TrackedIssue }
  | { readonly kind: 'reopen'; readonly group: Group; readonly issue: TrackedIssue }
  | { readonly kind: 'close'; readonly issue: TrackedIssue }
  | { readonly kind: 'unchanged'; readonly group: Group; readonly issue: TrackedIssue; readonly reason: string }
  | { readonly kind: 'skip'; readonly group: Group; readonly reason: string; readonly overLimit?: boolean };

/** What `applyIssues` will do, decided from the report and the issues found alone. */
export function planIssues(
  report: Report,
  tracked: TrackedIssues,
  options: Pick<IssueOptions, 'closeResolved' | 'maxNewIssues'>,
): PlannedAction[] {
  const plan: PlannedAction[] = [];
  const maxNew = options.maxNewIssues ?? DEFAULT_MAX_NEW_ISSUES;
  let creates = 0;
  for (const group of report.groups) {
    const issue = pickIssue(tracked.issues, group.fingerprint);
    if (group.silenced) {
      // Silenced groups are reported, never alerted: no new issue, no comment, no reopening.
      plan.push(
        issue
          ? { kind: 'unchanged', group, issue, reason: `silenced by '${group.silenced.rule}'` }
          : { kind: 'skip', group, reason: `silenced by '${group.silenced.rule}'` },
      );
    } else if (!issue) {
      if (creates < maxNew) {
        creates += 1;
        plan.push({ kind: 'create', group });
      } else {
        plan.push({ kind: 'skip', group, reason: `the limit of ${maxNew} new issues per run was reached`, overLimit: true });
      }
    } else if (issue.state === 'open') {
      if (issue.locked) plan.push({ kind: 'unchanged', group, issue, reason: 'the issue is locked' });
      else if (group.newCount === 0)
        plan.push({ kind: 'unchanged', group, issue, reason: 'every event was already reported by an earlier run' });
      else plan.push({ kind: 'comment', group, issue });
    } else {
      const reason = closedStaysClosed(group, issue);
      plan.push(reason ? { kind: 'unchanged', group, issue, reason } : { kind: 'reopen', group, issue });
    }
  }
  if (options.closeResolved) plan.push(...resolvedIssues(report, tracked).map((issue) => ({ kind: 'close' as const, issue })));
  return plan;
}

/**
 * Open issues whose group is gone from a scan that proves it: the issue's site
 * was scanned completely (not capped, no error), its event type was scanned,
 * and no page-URL filter hid part of the traffic.
 */
function resolvedIssues(report: Report, tracked: TrackedIssues): TrackedIssue[] {
  if (report.settings.pageUrl) return [];
  const complete = new Set(report.sites.filter((s) => s.complete && !s.capped && !s.error).map((s) => s.siteId.toLowerCase()));
  const types = new Set(report.eventTypes.map((t) => t.id));
  const present = new Set(report.groups.map((g) => g.fingerprint));
  return tracked.issues.filter(
    (i) =>
      i.state === 'open' &&
      i.eventType !== undefined &&
      types.has(i.eventType) &&
      complete.has(i.siteId.toLowerCase()) &&
      !present.has(i.fingerprint),
  );
}

// ---------------------------------------------------------------------------
// Step 2: act

/** Lists, then acts: `findTrackedIssues` followed by `applyIssues`. Never throws. */
export async function syncIssues(deps: IssueDeps, report: Report, options: IssueOptions): Promise<IssueSyncResult> {
  const tracked = await findTrackedIssues(deps, options.labels);
  return applyIssues(deps, report, tracked, options);
}

/** Carries out the plan (or, in a dry run, only logs it). Never throws. */
export async function applyIssues(
  deps: IssueDeps,
  report: Report,
  tracked: TrackedIssues,
  options: IssueOptions,
): Promise<IssueSyncResult> {
  const previousStates = classify(report, tracked);
  if (tracked.error !== undefined) {
    return { delivery: { status: 'failed', detail: tracked.error }, links: new Map(), closed: [], previousStates };
  }
  try {
    const run = new IssueRun(deps, report, tracked, options);
    return { ...(await run.execute(planIssues(report, tracked, options))), previousStates };
  } catch (error) {
    // Defensive: every GitHub call is caught below; this is for bugs, so the run's other results still get written.
    const detail = `The GitHub issue sync failed: ${error instanceof Error ? error.message : String(error)}`;
    deps.log(inertLogText(detail));
    return { delivery: { status: 'failed', detail }, links: new Map(), closed: [], previousStates };
  }
}

type Done = 'created' | 'commented' | 'reopened' | 'closed';

class IssueRun {
  private readonly links = new Map<string, IssueLink>();
  private readonly closed: ClosedIssueLink[] = [];
  private readonly urls: string[] = [];
  private readonly counts = new Map<IssueLink['action'], number>();
  private readonly errors: string[] = [];
  private readonly notes: string[] = [];
  private readonly ctx: IssueContext;
  private readonly labels: readonly string[];
  private readonly existingLabels?: ReadonlySet<string>;
  private labelsReady = false;
  private overLimit = 0;
  private stopped = false;

  constructor(
    private readonly deps: IssueDeps,
    private readonly report: Report,
    tracked: TrackedIssues,
    private readonly options: IssueOptions,
  ) {
    this.ctx = { report, runUrl: options.runUrl, redact: options.redact };
    this.labels = uniqueLabels([tracked.label, ...options.labels]);
    this.existingLabels = tracked.existingLabels;
  }

  async execute(plan: readonly PlannedAction[]): Promise<Omit<IssueSyncResult, 'previousStates'>> {
    const writes = plan.filter((p) => p.kind !== 'unchanged' && p.kind !== 'skip');
    for (const action of plan) {
      if (this.stopped) break;
      if (this.options.dryRun) this.dryRun(action);
      else await this.act(action);
    }
    const status: Delivery['status'] =
      this.errors.length > 0 ? 'failed' : this.options.dryRun ? 'dry-run' : writes.length === 0 ? 'skipped' : 'sent';
    const summary = this.summary();
    const detail = [
      this.errors.length > 0 ? this.errors.join('\n') : '',
      status === 'skipped'
        ? `Nothing to create, comment on, reopen or close${summary ? ` (${summary})` : ''}.`
        : summary
          ? `${summary}.`
          : '',
      this.overLimit > 0
        ? `${this.overLimit} ${this.overLimit === 1 ? 'group got' : 'groups got'} no issue: the limit of ${this.options.maxNewIssues ?? DEFAULT_MAX_NEW_ISSUES} new issues per run was reached; later runs open them.`
        : '',
      ...new Set(this.notes),
    ]
      .filter((p) => p !== '')
      .join('\n');
    return { delivery: { status, ...(detail ? { detail } : {}), urls: [...new Set(this.urls)] }, links: this.links, closed: this.closed };
  }

  // -- dry run ---------------------------------------------------------------

  private dryRun(action: PlannedAction): void {
    const log = (m: string) => {
      this.deps.log(inertLogText(`Dry run: ${m}`));
    };
    switch (action.kind) {
      case 'create':
        log(
          `would create an issue "${this.title(action.group)}" with ${this.labels.length === 1 ? 'label' : 'labels'} ${this.labels.join(', ')}${this.assigneesText()}.`,
        );
        this.link(action.group, { number: 0, url: '', action: 'would-create' });
        break;
      case 'comment':
        log(`would comment on issue #${action.issue.number} (${action.issue.url}): ${action.group.count} more events.`);
        this.link(action.group, { number: action.issue.number, url: action.issue.url, action: 'would-comment' });
        break;
      case 'reopen':
        log(`would reopen issue #${action.issue.number} (${action.issue.url}): the error is back.`);
        this.link(action.group, { number: action.issue.number, url: action.issue.url, action: 'would-reopen' });
        break;
      case 'close':
        log(`would close issue #${action.issue.number} (${action.issue.url}): a complete scan no longer finds its error.`);
        this.closedLink(action.issue, 'would-close');
        break;
      default:
        this.quiet(action);
    }
  }

  // -- for real --------------------------------------------------------------

  private async act(action: PlannedAction): Promise<void> {
    switch (action.kind) {
      case 'create':
        return this.create(action.group);
      case 'comment':
        return this.comment(action.group, action.issue);
      case 'reopen':
        return this.reopen(action.group, action.issue);
      case 'close':
        return this.close(action.issue);
      default: {
        this.quiet(action);
        return;
      }
    }
  }

  private quiet(action: Extract<PlannedAction, { kind: 'unchanged' | 'skip' }>): void {
    if (action.kind === 'unchanged') {
      this.deps.log(`Issue #${action.issue.number} left as it is: ${action.reason}.`);
      this.link(action.group, { number: action.issue.number, url: action.issue.url, action: 'unchanged' });
    } else {
      this.deps.log(`No issue for group ${action.group.fingerprint}: ${action.reason}.`);
      if (action.overLimit) this.overLimit += 1;
    }
  }

  private async create(group: Group): Promise<void> {
    if (!(await this.ensureLabels())) return;
    const title = this.title(group);
    const params = {
      owner: this.deps.owner,
      repo: this.deps.repo,
      title,
      body: issueBody(group, this.ctx),
      labels: [...this.labels],
    };
    const created = await this.call(`create an issue for group ${group.fingerprint}`, async () => {
      if (this.options.assignees.length === 0) return this.deps.octokit.rest.issues.create(params);
      try {
        return await this.deps.octokit.rest.issues.create({ ...params, assignees: [...this.options.assignees] });
      } catch (error) {
        // GitHub refuses the whole issue when one assignee cannot be assigned: open it unassigned rather than not at all.
        if (statusOf(error) !== 422) throw error;
        this.deps.log(
          `GitHub refused the assignees ${this.options.assignees.join(', ')} (${messageOf(error)}); opening the issue without them.`,
        );
        this.notes.push(`Issues were opened without assignees: GitHub refused ${this.options.assignees.join(', ')}.`);
        return this.deps.octokit.rest.issues.create(params);
      }
    });
    if (!created) return;
    const { number, html_url: url } = created.data;
    this.done(group, number, url, 'created', `Created issue #${number} ${url}: ${title}`);
  }

  private async comment(group: Group, issue: TrackedIssue): Promise<void> {
    const ok = await this.call(`comment on issue #${issue.number}`, () =>
      this.deps.octokit.rest.issues.createComment({
        owner: this.deps.owner,
        repo: this.deps.repo,
        issue_number: issue.number,
        body: occurrenceComment(group, this.ctx),
      }),
    );
    if (!ok) return;
    this.done(group, issue.number, issue.url, 'commented', `Commented on issue #${issue.number} ${issue.url}: ${group.count} more events.`);
    // Not notifying, and what the next run's alert-on-change compares against.
    await this.call(`update issue #${issue.number}`, () =>
      this.deps.octokit.rest.issues.update({
        owner: this.deps.owner,
        repo: this.deps.repo,
        issue_number: issue.number,
        body: this.bodyWithState(issue, group),
      }),
    );
  }

  private bodyWithState(issue: TrackedIssue, group: Group): string {
    return withIssueState(issue.body, { count: group.count, reportedAt: this.report.generatedAt });
  }

  private async reopen(group: Group, issue: TrackedIssue): Promise<void> {
    const reopened = await this.call(`reopen issue #${issue.number}`, () =>
      this.deps.octokit.rest.issues.update({
        owner: this.deps.owner,
        repo: this.deps.repo,
        issue_number: issue.number,
        state: 'open',
        state_reason: 'reopened',
        body: this.bodyWithState(issue, group),
      }),
    );
    if (!reopened) return;
    this.done(group, issue.number, issue.url, 'reopened', `Reopened issue #${issue.number} ${issue.url}: the error is back.`);
    if (issue.locked) return;
    await this.call(`comment on issue #${issue.number}`, () =>
      this.deps.octokit.rest.issues.createComment({
        owner: this.deps.owner,
        repo: this.deps.repo,
        issue_number: issue.number,
        body: regressionComment(group, this.ctx, { closedAt: issue.closedAt }),
      }),
    );
  }

  private async close(issue: TrackedIssue): Promise<void> {
    // The comment first, so that the issue's timeline reads "why", then "closed".
    if (!issue.locked) {
      const ok = await this.call(`comment on issue #${issue.number}`, () =>
        this.deps.octokit.rest.issues.createComment({
          owner: this.deps.owner,
          repo: this.deps.repo,
          issue_number: issue.number,
          body: resolvedComment(issue, this.ctx),
        }),
      );
      if (!ok) return;
    }
    const closed = await this.call(`close issue #${issue.number}`, () =>
      this.deps.octokit.rest.issues.update({
        owner: this.deps.owner,
        repo: this.deps.repo,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed',
      }),
    );
    if (!closed) return;
    this.closedLink(issue, 'closed');
    this.urls.push(issue.url);
    this.deps.log(`Closed issue #${issue.number} ${issue.url}: a complete scan no longer finds its error.`);
  }

  /** Creates the labels that are missing, once, before the first new issue. */
  private async ensureLabels(): Promise<boolean> {
    if (this.labelsReady) return true;
    for (const [index, name] of this.labels.entries()) {
      const listed = this.existingLabels?.has(name.toLowerCase());
      const exists =
        listed ??
        (await this.call(`read label '${name}'`, async () => {
          try {
            await this.deps.octokit.rest.issues.getLabel({ owner: this.deps.owner, repo: this.deps.repo, name });
            return true;
          } catch (error) {
            if (statusOf(error) === 404) return false;
            throw error;
          }
        }));
      if (exists === undefined) return false;
      if (exists) continue;
      const created = await this.call(`create label '${name}'`, async () => {
        try {
          return await this.deps.octokit.rest.issues.createLabel({
            owner: this.deps.owner,
            repo: this.deps.repo,
            name,
            color: index === 0 ? TRACKING_LABEL_COLOR : OTHER_LABEL_COLOR,
            description:
              index === 0
                ? 'Piwik PRO broken events, one issue per error (piwik-pro-broken-event-checker)'
                : 'Added by piwik-pro-broken-event-checker',
          });
        } catch (error) {
          // Another run created it in between.
          if (statusOf(error) === 422 && /already_exists/.test(JSON.stringify(dataOf(error) ?? ''))) return true;
          throw error;
        }
      });
      if (created === undefined) return false;
      this.deps.log(`Created label '${name}' in ${this.deps.owner}/${this.deps.repo}.`);
    }
    this.labelsReady = true;
    return true;
  }

  // -- bookkeeping -------------------------------------------------------------

  /** Runs one GitHub call; on failure records it, stops the run when the failure would repeat, and returns undefined. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      const { detail, fatal } = describeError(error, this.deps, what);
      this.errors.push(detail);
      this.deps.log(inertLogText(`GitHub issues: ${detail}`));
      if (fatal) this.stopped = true;
      return undefined;
    }
  }

  private done(group: Group, number: number, url: string, action: Done, message: string): void {
    this.link(group, { number, url, action });
    this.urls.push(url);
    this.deps.log(inertLogText(message));
  }

  private link(group: Group, link: IssueLink): void {
    this.links.set(group.fingerprint, link);
    this.counts.set(link.action, (this.counts.get(link.action) ?? 0) + 1);
  }

  private closedLink(issue: TrackedIssue, action: 'closed' | 'would-close'): void {
    this.closed.push({ number: issue.number, url: issue.url, action, fingerprint: issue.fingerprint, siteId: issue.siteId });
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  private summary(): string {
    return SUMMARY_ORDER.filter(([action]) => (this.counts.get(action) ?? 0) > 0)
      .map(([action, phrase]) => {
        const n = this.counts.get(action) ?? 0;
        return `${n} ${n === 1 ? 'issue' : 'issues'} ${phrase}`;
      })
      .join(', ');
  }

  private title(group: Group): string {
    return issueTitle(group, { multipleSites: this.report.sites.length > 1 });
  }

  private assigneesText(): string {
    return this.options.assignees.length > 0 ? `, assigned to ${this.options.assignees.join(', ')}` : '';
  }
}

const SUMMARY_ORDER: readonly (readonly [IssueLink['action'], string])[] = [
  ['created', 'created'],
  ['commented', 'commented on'],
  ['reopened', 'reopened'],
  ['closed', 'closed'],
  ['would-create', 'would be created'],
  ['would-comment', 'would be commented on'],
  ['would-reopen', 'would be reopened'],
  ['would-close', 'would be closed'],
  ['unchanged', 'left unchanged'],
];

function trackingLabel(labels: readonly string[]): string {
  return labels.map((l) => l.trim()).find((l) => l !== '') ?? DEFAULT_TRACKING_LABEL;
}

function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels
    .map((l) => l.trim())
    .filter((l) => {
      const key = l.toLowerCase();
      if (l === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

// ---------------------------------------------------------------------------
// Errors

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function dataOf(error: unknown): unknown {
  return (error as { response?: { data?: unknown } } | null)?.response?.data;
}

/** GitHub's own message with its validation errors, without the documentation URL Octokit appends. */
function messageOf(error: unknown): string {
  const data = dataOf(error) as { message?: unknown; errors?: unknown } | undefined;
  let message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  if (Array.isArray(data?.errors)) {
    const details = data.errors
      .map((e: { message?: unknown; code?: unknown; field?: unknown }) =>
        typeof e?.message === 'string' ? e.message : [e?.field, e?.code].filter((v) => typeof v === 'string').join(' '),
      )
      .filter((d: string) => d !== '');
    if (details.length > 0) message = `${message}: ${details.join('; ')}`;
  }
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

/** Turns a failed call into the detail the user reads; `fatal` when every further call would fail the same way. */
export function describeError(
  error: unknown,
  where: { readonly owner: string; readonly repo: string },
  what: string,
): { detail: string; fatal: boolean } {
  const status = statusOf(error);
  const message = messageOf(error);
  const repo = `${where.owner}/${where.repo}`;
  const http = status !== undefined && status < 600 && status >= 400 ? `HTTP ${status}: ${message}` : message;
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
    return {
      fatal: true,
      detail: `GitHub's rate limit stopped the issue sync while trying to ${what} in ${repo} (${http}). The next run catches up.`,
    };
  }
  if (status === 403 && /locked/i.test(message)) {
    return { fatal: false, detail: `Could not ${what} in ${repo}: the issue is locked (${http}).` };
  }
  if (status === 403 || status === 404) {
    const why =
      status === 404
        ? `GitHub answered 404 when trying to ${what} in ${repo} (${http}): the repository does not exist, or the token cannot see it or write to its issues.`
        : `GitHub refused to ${what} in ${repo} (${http}): the token may not write issues.`;
    return {
      fatal: true,
      detail: `${why} Give the workflow's token that permission: add this to the workflow, or to the job that runs the action:\n\n${ISSUES_PERMISSION_BLOCK}\n\nA permissions block sets every permission it does not list to none: keep 'contents: read' in it if the job checks out the repository. With a personal access token instead, it needs Issues: read and write.`,
    };
  }
  if (status === 401)
    return {
      fatal: true,
      detail: `GitHub rejected the token while trying to ${what} in ${repo} (${http}). Check the 'github-token' input.`,
    };
  if (status === 410)
    return {
      fatal: true,
      detail: `Issues are disabled in ${repo} (${http}). Turn them on in the repository's settings, or set 'create-issue' to false.`,
    };
  if (status === 422) return { fatal: false, detail: `GitHub refused to ${what} in ${repo} (${http}).` };
  return {
    fatal: true,
    detail: `Could not ${what} in ${repo}: ${status !== undefined && status >= 500 && status < 600 ? http : message}.`,
  };
}
