import { inertLogText } from '../safety/log-text.js';
import type { Delivery, Report } from '../report/report.js';
import type { Group, IssueLink } from '../types.js';
import { issueBody, occurrenceComment, regressionComment, resolvedComment, type IssueContext } from './issue-content.js';
import { reportTitle } from './issue-title.js';
import { reportedUpTo, withIssueState } from './issue-marker.js';
import { describeError, messageOf, statusOf } from './issue-errors.js';
import { IssueTally } from './issue-tally.js';
import { dryRunLine, moreEvents } from './issue-dry-run.js';
import { IssueLabelBook } from './issue-label-book.js';
import type { IssueDeps } from './issue-list.js';
import { closeOverflow, syncOverflow, type OverflowSync } from './issue-overflow.js';
import { planIssues, type PlannedAction, type PlanOptions, type TrackedIssue, type TrackedIssues } from './issue-plan.js';

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
  /** Per group, its route's labels and assignees (src/routing/issues.ts) instead of the two above; the tracking label stays first. */
  readonly route?: (group: Group) => { readonly labels: readonly string[]; readonly assignees: readonly string[] };
  readonly dryRun: boolean;
  readonly runUrl?: string;
  readonly redact: boolean;
}

export interface IssueSyncResult {
  readonly delivery: Delivery;
  /** Per group fingerprint: the issue that tracks it and what this run did to it. */
  readonly links: ReadonlyMap<string, IssueLink>;
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
  if (tracked.error !== undefined) return { delivery: { status: 'failed', detail: tracked.error }, links: new Map() };
  try {
    const run = new IssueRun(deps, report, tracked, options);
    return await run.execute(planIssues(report, tracked, options));
  } catch (error) {
    // Defensive: every GitHub call is caught below; this is for bugs, so the run's other results still get written.
    const detail = `The GitHub issue sync failed: ${error instanceof Error ? error.message : String(error)}`;
    deps.log(inertLogText(detail));
    return { delivery: { status: 'failed', detail }, links: new Map() };
  }
}

type Done = 'created' | 'commented' | 'reopened' | 'closed';

class IssueRun {
  private readonly tally = new IssueTally();
  private readonly ctx: IssueContext;
  private readonly labelBook: IssueLabelBook;
  private readonly pastCap = new Set<string>();
  private stopped = false;

  constructor(
    private readonly deps: IssueDeps,
    private readonly report: Report,
    private readonly tracked: TrackedIssues,
    private readonly options: IssueOptions,
  ) {
    this.ctx = { report, runUrl: options.runUrl, redact: options.redact };
    this.labelBook = new IssueLabelBook(tracked.label, options, options.route, tracked.existingLabels);
  }

  async execute(plan: readonly PlannedAction[]): Promise<IssueSyncResult> {
    const writes = plan.filter((p) => p.kind !== 'unchanged' && p.kind !== 'skip');
    for (const action of plan) {
      if (this.stopped) break;
      if (action.kind === 'overflow') await this.overflow(action.groups);
      else if (action.kind === 'close-overflow') this.wrote(await closeOverflow(this.overflowSync(), action.issue));
      else if (this.options.dryRun) this.dryRun(action);
      else await this.act(action);
    }
    const { delivery, links } = this.tally.result({
      dryRun: this.options.dryRun,
      writes: writes.length,
      maxNewIssues: this.options.maxNewIssues,
      pastCap: { count: this.pastCap.size, max: this.options.maxOpenIssues, input: this.deps.names.of('max-open-issues') },
    });
    return { delivery, links, pastCap: this.pastCap };
  }

  /** The groups past max-open-issues, in one issue: created, or rewritten and reopened (a dry run only logs it). */
  private async overflow(groups: readonly Group[]): Promise<void> {
    for (const group of groups) this.pastCap.add(group.fingerprint);
    if (!this.options.dryRun && !this.tracked.overflow && !(await this.labelBook.ensure(this.deps, (what, fn) => this.call(what, fn))))
      return;
    this.wrote(await syncOverflow(this.overflowSync(), groups));
  }

  private wrote(url: string | undefined): void {
    if (url) this.tally.urls.push(url);
  }

  private overflowSync(): OverflowSync {
    return {
      deps: this.deps,
      report: this.report,
      labels: this.labelBook.labels,
      existing: this.tracked.overflow,
      max: this.options.maxOpenIssues ?? Infinity,
      dryRun: this.options.dryRun,
      call: (what, fn) => this.call(what, fn),
    };
  }

  private dryRun(action: Exclude<PlannedAction, { kind: 'overflow' | 'close-overflow' }>): void {
    if (action.kind === 'unchanged' || action.kind === 'skip') {
      this.quiet(action);
      return;
    }
    const title = action.kind === 'create' ? reportTitle(this.report, action.group) : '';
    const { labels, assignees } =
      action.kind === 'create' ? this.labelBook.of(action.group) : { labels: this.labelBook.labels, assignees: [] };
    this.deps.log(inertLogText(`Dry run: ${dryRunLine(action, title, labels, assignees)}`));
    if (action.kind === 'close') this.closedLink('would-close');
    else {
      const issue = action.kind === 'create' ? { number: 0, url: '' } : { number: action.issue.number, url: action.issue.url };
      this.link(action.group, { ...issue, action: `would-${action.kind}` });
    }
  }

  private async act(action: Exclude<PlannedAction, { kind: 'overflow' | 'close-overflow' }>): Promise<void> {
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
      if (action.overLimit) this.tally.overLimit += 1;
    }
  }

  private async create(group: Group): Promise<void> {
    const { labels, assignees } = this.labelBook.of(group);
    if (!(await this.labelBook.ensure(this.deps, (what, fn) => this.call(what, fn), labels))) return;
    const title = reportTitle(this.report, group);
    const params = {
      owner: this.deps.owner,
      repo: this.deps.repo,
      title,
      body: issueBody(group, this.ctx),
      labels,
    };
    const created = await this.call(`create an issue for group ${group.fingerprint}`, async () => {
      if (assignees.length === 0) return this.deps.octokit.rest.issues.create(params);
      try {
        return await this.deps.octokit.rest.issues.create({ ...params, assignees: [...assignees] });
      } catch (error) {
        // GitHub refuses the whole issue when one assignee cannot be assigned: open it unassigned rather than not at all.
        if (statusOf(error) !== 422) throw error;
        this.deps.log(`GitHub refused the assignees ${assignees.join(', ')} (${messageOf(error)}); opening the issue without them.`);
        this.tally.notes.push(`Issues were opened without assignees: GitHub refused ${assignees.join(', ')}.`);
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
    this.closedLink('closed');
    this.tally.urls.push(issue.url);
    this.deps.log(`Closed issue #${issue.number} ${issue.url}: a complete scan no longer finds its error.`);
  }

  /** Runs one GitHub call; on failure records it, stops the run when the failure would repeat, and returns undefined. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      const { detail, fatal } = describeError(error, this.deps, what);
      this.tally.errors.push(detail);
      this.deps.log(inertLogText(`GitHub issues: ${detail}`));
      if (fatal) this.stopped = true;
      return undefined;
    }
  }

  private done(group: Group, number: number, url: string, action: Done, message: string): void {
    this.link(group, { number, url, action });
    this.tally.urls.push(url);
    this.deps.log(inertLogText(message));
  }

  private link(group: Group, link: IssueLink): void {
    this.tally.link(group.fingerprint, link);
  }

  /** A closed issue is counted for the summary; its group is gone from the report, so it links to none. */
  private closedLink(action: 'closed' | 'would-close'): void {
    this.tally.count(action);
  }
}
