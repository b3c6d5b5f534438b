import type { Config } from '../config.js';
import { findTrackedIssues, type IssueDeps } from '../github/issue-list.js';
import type { TrackedIssues } from '../github/issue-plan.js';
import { applyIssues } from '../github/issue-sync.js';
import { createLabelsEarly } from '../github/issue-labels.js';
import type { Delivery, Report } from '../report/report.js';
import { allIssueLabels, issueRouteOf } from '../routing/issues.js';
import type { Group } from '../types.js';

/** The run's GitHub issues: the tracked ones read beside the scan, then opened, updated or closed for the report. */
export async function trackIssues(
  config: Config,
  report: Report,
  issueDeps: IssueDeps | undefined,
  tracked: TrackedIssues | undefined,
  runUrl: string | undefined,
): Promise<{ delivery: Delivery; links: ReadonlyMap<string, NonNullable<Group['issue']>>; pastCap?: ReadonlySet<string> }> {
  if (!config.github.createIssue) return { delivery: { status: 'not-configured' }, links: new Map() };
  if (!issueDeps || !tracked) {
    return {
      delivery: {
        status: 'failed',
        detail: `${config.names.of('create-issue')} is on, but there is no repository to open issues in: set ${config.names.of('github-token')} and run inside GitHub Actions (GITHUB_REPOSITORY).`,
      },
      links: new Map(),
    };
  }
  const result = await applyIssues(issueDeps, report, tracked, {
    labels: config.github.labels,
    assignees: config.github.assignees,
    route: config.routes.rules.length > 0 ? issueRouteOf(config.routes, config.github, report) : undefined,
    closeResolved: config.github.closeResolved,
    maxOpenIssues: config.github.maxOpenIssues,
    dryRun: config.dryRun,
    runUrl,
    redact: config.redact,
  });
  return { delivery: result.delivery, links: result.links, pastCap: result.pastCap };
}

export /** The tracked issues, and the labels new issues need created meanwhile (not in a dry run): both beside the scan. */
async function trackedWithLabels(config: Config, deps: IssueDeps): Promise<TrackedIssues> {
  const tracked = await findTrackedIssues(deps, config.github.labels);
  return config.dryRun ? tracked : createLabelsEarly(deps, tracked, allIssueLabels(config.routes, config.github.labels));
}
