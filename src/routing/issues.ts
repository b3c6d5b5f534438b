import type { Report } from '../report/report.js';
import { siteOf } from '../text/site-label.js';
import type { Group } from '../types.js';
import { ruleForGroup } from './match.js';
import { destinationFor } from './settings.js';
import type { Routing } from '../config/routes.js';

/** The labels and assignees of one group's issue. */
export interface IssueRoute {
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

interface IssueDefaults {
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/**
 * Per group, the labels and assignees its issue gets: its route's, or the
 * inputs'. The tracking label (the first of the default `issue-labels`) is
 * put first by the issue sync whatever the route says, so every issue is
 * found again by the next run.
 */
export function issueRouteOf(routing: Routing, defaults: IssueDefaults, report: Report): (group: Group) => IssueRoute {
  return (group) => {
    const rule = ruleForGroup(routing, group, siteOf(report.sites, group.siteId));
    const destination = destinationFor({ 'issue-labels': defaults.labels, 'issue-assignees': defaults.assignees }, rule);
    return { labels: destination['issue-labels'] ?? defaults.labels, assignees: destination['issue-assignees'] ?? defaults.assignees };
  };
}

/** Every label an issue of this run may carry: created beside the scan, so no issue waits for one. */
export function allIssueLabels(routing: Routing, defaults: readonly string[]): string[] {
  return [...defaults, ...routing.rules.flatMap((r) => r.destination['issue-labels'] ?? [])];
}
