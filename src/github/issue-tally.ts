import type { Delivery } from '../report/report.js';
import type { IssueLink } from '../types.js';
import { DEFAULT_MAX_NEW_ISSUES } from './issue-plan.js';

/**
 * What one issue sync did, kept as it goes: each group's issue link, the URLs
 * touched, a count per action, the failures and notes, and the groups left
 * without an issue by the per-run limit; `result` words it as the delivery.
 */
export class IssueTally {
  readonly links = new Map<string, IssueLink>();
  readonly urls: string[] = [];
  readonly errors: string[] = [];
  readonly notes: string[] = [];
  overLimit = 0;
  private readonly counts = new Map<IssueLink['action'], number>();

  link(fingerprint: string, link: IssueLink): void {
    this.links.set(fingerprint, link);
    this.count(link.action);
  }

  count(action: IssueLink['action']): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  result(run: {
    readonly dryRun: boolean;
    readonly writes: number;
    readonly maxNewIssues?: number;
    /** Groups past max-open-issues (listed in the overflow issue), the limit, and how the edge names it. */
    readonly pastCap: { readonly count: number; readonly max?: number; readonly input: string };
  }): {
    delivery: Delivery;
    links: ReadonlyMap<string, IssueLink>;
  } {
    const status: Delivery['status'] = this.errors.length > 0 ? 'failed' : run.dryRun ? 'dry-run' : run.writes === 0 ? 'skipped' : 'sent';
    const summary = this.summary();
    const detail = [
      this.errors.length > 0 ? this.errors.join('\n') : '',
      status === 'skipped'
        ? `Nothing to create, comment on, reopen or close${summary ? ` (${summary})` : ''}.`
        : summary
          ? `${summary}.`
          : '',
      this.overLimit > 0
        ? `${this.overLimit} ${this.overLimit === 1 ? 'group got' : 'groups got'} no issue: the limit of ${run.maxNewIssues ?? DEFAULT_MAX_NEW_ISSUES} new issues per run was reached; later runs open them.`
        : '',
      run.pastCap.count > 0
        ? `${run.pastCap.count} ${run.pastCap.count === 1 ? 'group is' : 'groups are'} past the limit of ${run.pastCap.max} open issues (${run.pastCap.input}): listed in one overflow issue, not one issue each.`
        : '',
      ...new Set(this.notes),
    ]
      .filter((p) => p !== '')
      .join('\n');
    return { delivery: { status, ...(detail ? { detail } : {}), urls: [...new Set(this.urls)] }, links: this.links };
  }

  private summary(): string {
    return SUMMARY_ORDER.filter(([action]) => (this.counts.get(action) ?? 0) > 0)
      .map(([action, phrase]) => {
        const n = this.counts.get(action) ?? 0;
        return `${n} ${n === 1 ? 'issue' : 'issues'} ${phrase}`;
      })
      .join(', ');
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
