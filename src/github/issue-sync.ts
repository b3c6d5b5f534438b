import { siteOf } from '../text/site-label.js';
import { inertLogText } from '../safety/log-text.js';
import type { Delivery, Report } from '../report/report.js';
import type { Group, IssueLink } from '../types.js';
import {
  issueBody,
  issueTitle,
  occurrenceComment,
  regressionComment,
  resolvedComment,
  reportedUpTo,
  withIssueState,
  type IssueContext,
} from './issue-content.js';
import { describeError, messageOf, statusOf } from './issue-errors.js';
import { createMissingLabels } from './issue-labels.js';
import type { IssueDeps } from './issue-list.js';
import { syncOverflow } from './issue-overflow.js';
import {
  DEFAULT_MAX_NEW_ISSUES,
  planIssues,
  uniqueLabels,
  type PlannedAction,
  type PlanOptions,
  type TrackedIssue,
  type TrackedIssues,
} from './issue-plan.js';

/**
 * Step 2 of the issue sync, the writes: carries out the plan of
 * src/github/issue-plan.ts against the issues src/github/issue-list.ts found
 * (or, in a dry run, only logs it). Creates missing labels once, before the
 * first new issue. Nothing here throws: failures become
 * `delivery.status = 'failed'`, and a failure that every further call would
 * repeat (permissions, rate limit) stops the run.
 */

export interface IssueOptions extends PlanOptions {
  /** The first one marks (and finds) our issues; all are put on new issues and created when missing. */
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  readonly dryRun: boolean;
  readonly runUrl?: string;
  readonly redact: boolean;
}

type ClosedIssueLink = IssueLink & { readonly fingerprint: string; readonly siteId: string };

export interface IssueSyncResult {
  readonly delivery: Delivery;
  /** Per group fingerprint: the issue that tracks it and what this run did to it. */
  readonly links: ReadonlyMap<string, IssueLink>;
  /** Issues closed (or that would be) because their group is gone. */
  readonly closed: readonly ClosedIssueLink[];
  /** Groups past max-open-issues: listed in the overflow issue, and only counted in Slack. */
  readonly pastCap?: ReadonlySet<string>;
}

/** Carries out the plan (or, in a dry run, only logs it). Never throws. */
export async function applyIssues(
  deps: IssueDeps,
  report: Report,
  tracked: TrackedIssues,
  options: IssueOptions,
): Promise<IssueSyncResult> {
  if (tracked.error !== undefined) return { delivery: { status: 'failed', detail: tracked.error }, links: new Map(), closed: [] };
  try {
    const run = new IssueRun(deps, report, tracked, options);
    return await run.execute(planIssues(report, tracked, options));
  } catch (error) {
    // Defensive: every GitHub call is caught below; this is for bugs, so the run's other results still get written.
    const detail = `The GitHub issue sync failed: ${error instanceof Error ? error.message : String(error)}`;
    deps.log(inertLogText(detail));
    return { delivery: { status: 'failed', detail }, links: new Map(), closed: [] };
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
  private readonly pastCap = new Set<string>();
  private stopped = false;

  constructor(
    private readonly deps: IssueDeps,
    private readonly report: Report,
    private readonly tracked: TrackedIssues,
    private readonly options: IssueOptions,
  ) {
    this.ctx = { report, runUrl: options.runUrl, redact: options.redact };
    this.labels = uniqueLabels([tracked.label, ...options.labels]);
    this.existingLabels = tracked.existingLabels;
  }

  async execute(plan: readonly PlannedAction[]): Promise<IssueSyncResult> {
    const writes = plan.filter((p) => p.kind !== 'unchanged' && p.kind !== 'skip');
    for (const action of plan) {
      if (this.stopped) break;
      if (action.kind === 'overflow') await this.overflow(action.groups);
      else if (this.options.dryRun) this.dryRun(action);
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
      this.pastCap.size > 0
        ? `${this.pastCap.size} ${this.pastCap.size === 1 ? 'group is' : 'groups are'} past the limit of ${this.options.maxOpenIssues} open issues (${this.deps.names.of('max-open-issues')}): listed in one overflow issue, not one issue each.`
        : '',
      ...new Set(this.notes),
    ]
      .filter((p) => p !== '')
      .join('\n');
    return {
      delivery: { status, ...(detail ? { detail } : {}), urls: [...new Set(this.urls)] },
      links: this.links,
      closed: this.closed,
      pastCap: this.pastCap,
    };
  }

  // -- dry run ---------------------------------------------------------------

  /** The groups past max-open-issues, in one issue: created, or rewritten and reopened (a dry run only logs it). */
  private async overflow(groups: readonly Group[]): Promise<void> {
    for (const group of groups) this.pastCap.add(group.fingerprint);
    if (!this.options.dryRun && !this.tracked.overflow && !(await this.ensureLabels())) return;
    const url = await syncOverflow(
      {
        deps: this.deps,
        report: this.report,
        labels: this.labels,
        existing: this.tracked.overflow,
        max: this.options.maxOpenIssues ?? Infinity,
        dryRun: this.options.dryRun,
        call: (what, fn) => this.call(what, fn),
      },
      groups,
    );
    if (url) this.urls.push(url);
  }

  private dryRun(action: Exclude<PlannedAction, { kind: 'overflow' }>): void {
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
        log(`would comment on issue #${action.issue.number} (${action.issue.url}): ${moreEvents(action.group)}.`);
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

  private async act(action: Exclude<PlannedAction, { kind: 'overflow' }>): Promise<void> {
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
    this.done(group, issue.number, issue.url, 'commented', `Commented on issue #${issue.number} ${issue.url}: ${moreEvents(group)}.`);
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
    return withIssueState(issue.body, { count: group.count, reportedAt: reportedUpTo(this.report, group) });
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
    if (!this.labelsReady)
      this.labelsReady = await createMissingLabels(this.deps, this.labels, this.existingLabels, (what, fn) => this.call(what, fn));
    return this.labelsReady;
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
    return issueTitle(group, { multipleSites: this.report.sites.length > 1, site: siteOf(this.report.sites, group.siteId) });
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

/** "1 more event", "3 more events": what this run adds, the new events when known. */
function moreEvents(group: Group): string {
  const n = group.newCount ?? group.count;
  return `${n} more ${n === 1 ? 'event' : 'events'}`;
}
