import type { GroupKnowledge } from '../alerting/classify.js';
import type { Report } from '../report/report.js';
import { siteStatus } from '../report/site-status.js';
import type { Group } from '../types.js';
import { compareText } from '../text/compare.js';
import { isVolumeTypeCode, volumeIssueResolved } from '../volume/groups.js';
import type { OverflowIssue } from './overflow-marker.js';

/**
 * What to do with each group, decided from the report and the issues found
 * alone (pure): comment on an open issue, reopen a closed one when the error
 * is back, create one for a new group, close the open issues a complete scan
 * no longer finds, or leave an issue as it is and say why. `trackedKnowledge`
 * hands the same view of the issues to src/alerting/classify.ts, so Slack and
 * the issues agree on what is new, ongoing or back.
 */

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
  /** Who the token acts as: only issues this login opened are the action's own. */
  readonly identity?: string;
  /** Issues that carry a marker but were opened by someone else: never commented on, reopened or closed. */
  readonly foreign?: readonly ForeignIssue[];
  /** Open issues with the tracking label (ours or not, but for the overflow issue): what max-open-issues limits. */
  readonly openCount?: number;
  /** The action's one issue for the groups past max-open-issues (src/github/issue-overflow.ts), when there is one. */
  readonly overflow?: OverflowIssue;
}

export interface ForeignIssue {
  readonly number: number;
  readonly url: string;
  readonly author: string;
}

const DEFAULT_TRACKING_LABEL = 'broken-events';
export const DEFAULT_MAX_NEW_ISSUES = 20;

export interface PlanOptions {
  readonly closeResolved: boolean;
  /** At most this many issues are opened in one run (default 20): a flood of new errors must not flood the tracker. */
  readonly maxNewIssues?: number;
  /** At most this many open issues with the tracking label, across runs; past it, groups go to one overflow issue. */
  readonly maxOpenIssues?: number;
}

/**
 * What src/alerting/classify.ts needs of tracked issues: per fingerprint,
 * whether its issue is open and the count the action last reported on it.
 * A closed issue this sync would not reopen for the group (closed as not
 * planned, or closed after every event of this run) counts as open: known,
 * not a regression, so Slack and the issue agree. Pass the groups for that.
 */
export function trackedKnowledge(tracked: TrackedIssues, groups: readonly Group[] = []): Map<string, GroupKnowledge> {
  const known = new Map<string, GroupKnowledge>();
  const byFingerprint = new Map(groups.map((g) => [g.fingerprint, g]));
  for (const fingerprint of new Set(tracked.issues.map((i) => i.fingerprint))) {
    const issue = pickIssue(tracked.issues, fingerprint);
    if (!issue) continue;
    const group = byFingerprint.get(fingerprint);
    const staysClosed =
      issue.stateReason === 'not_planned' ||
      (group !== undefined && closedStaysClosed({ ...group, newCount: undefined }, issue) !== undefined);
    known.set(fingerprint, {
      open: issue.state === 'open' || staysClosed,
      ...(issue.lastCount !== undefined ? { lastCount: issue.lastCount } : {}),
      // The issue's last report is this group's watermark, whether or not the Actions API says when the last run was.
      ...(issue.lastReportedAt !== undefined ? { lastReportedAt: issue.lastReportedAt } : {}),
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
  return own.filter((i) => i.state === 'closed').sort((a, b) => compareText(b.closedAt ?? '', a.closedAt ?? '') || b.number - a.number)[0];
}

export type PlannedAction =
  | { readonly kind: 'create'; readonly group: Group }
  | { readonly kind: 'comment'; readonly group: Group; readonly issue: TrackedIssue }
  | { readonly kind: 'reopen'; readonly group: Group; readonly issue: TrackedIssue }
  | { readonly kind: 'close'; readonly issue: TrackedIssue }
  | { readonly kind: 'unchanged'; readonly group: Group; readonly issue: TrackedIssue; readonly reason: string }
  | { readonly kind: 'skip'; readonly group: Group; readonly reason: string; readonly overLimit?: boolean; readonly pastCap?: boolean }
  | { readonly kind: 'overflow'; readonly groups: readonly Group[] }
  | { readonly kind: 'close-overflow'; readonly issue: OverflowIssue };

/** What `applyIssues` will do, decided from the report and the issues found alone. */
export function planIssues(report: Report, tracked: TrackedIssues, options: PlanOptions): PlannedAction[] {
  const plan: PlannedAction[] = [];
  const maxNew = options.maxNewIssues ?? DEFAULT_MAX_NEW_ISSUES;
  let creates = 0;
  // Issues opened (or reopened) in this run count toward max-open-issues like those opened before.
  let room = (options.maxOpenIssues ?? Infinity) - (tracked.openCount ?? tracked.issues.filter((i) => i.state === 'open').length);
  const pastCap: Group[] = [];
  const capReason = `the limit of ${options.maxOpenIssues} open issues was reached; it is listed in the overflow issue`;
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
      if (room <= 0) {
        pastCap.push(group);
        plan.push({ kind: 'skip', group, reason: capReason, pastCap: true });
      } else if (creates < maxNew) {
        creates += 1;
        room -= 1;
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
      if (reason) plan.push({ kind: 'unchanged', group, issue, reason });
      else if (room <= 0) {
        pastCap.push(group);
        plan.push({ kind: 'skip', group, reason: capReason, pastCap: true });
      } else {
        room -= 1;
        plan.push({ kind: 'reopen', group, issue });
      }
    }
  }
  if (pastCap.length > 0) plan.push({ kind: 'overflow', groups: pastCap });
  else if (tracked.overflow && overflowSettled(report, tracked.overflow, plan))
    plan.push({ kind: 'close-overflow', issue: tracked.overflow });
  if (options.closeResolved) plan.push(...resolvedIssues(report, tracked).map((issue) => ({ kind: 'close' as const, issue })));
  return plan;
}

/**
 * The open overflow issue has nothing left to list: no group past
 * max-open-issues, none waiting for max-new-issues, and a complete scan of
 * every site (an incomplete one may have missed the groups it listed).
 */
function overflowSettled(report: Report, overflow: OverflowIssue, plan: readonly PlannedAction[]): boolean {
  if (overflow.state !== 'open' || overflow.locked || report.settings.pageUrl) return false;
  if (plan.some((p) => p.kind === 'skip' && p.overLimit)) return false;
  return report.sites.length > 0 && report.sites.every((s) => siteStatus(s) === 'complete');
}

/**
 * Open issues whose group is gone from a scan that proves it: the issue's site
 * was scanned completely (not capped, no error), its event type was scanned,
 * and no page-URL filter hid part of the traffic.
 */
function resolvedIssues(report: Report, tracked: TrackedIssues): TrackedIssue[] {
  const complete = new Set(report.sites.filter((s) => siteStatus(s) === 'complete').map((s) => s.siteId.toLowerCase()));
  const types = new Set(report.eventTypes.map((t) => t.id));
  const present = new Set(report.groups.map((g) => g.fingerprint));
  return tracked.issues.filter((i) => {
    if (i.state !== 'open') return false;
    // SILENT and DROP are gone when this run's volume check of the site found neither (src/volume/).
    if (isVolumeTypeCode(i.eventType)) return volumeIssueResolved(report, i);
    return (
      !report.settings.pageUrl &&
      i.eventType !== undefined &&
      types.has(i.eventType) &&
      complete.has(i.siteId.toLowerCase()) &&
      !present.has(i.fingerprint)
    );
  });
}

/** The label our issues are found by: the first one given. */
export function trackingLabel(labels: readonly string[]): string {
  return labels.map((l) => l.trim()).find((l) => l !== '') ?? DEFAULT_TRACKING_LABEL;
}

/** The labels put on a new issue: trimmed, without blanks or case-insensitive repeats, in order. */
export function uniqueLabels(labels: readonly string[]): string[] {
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
