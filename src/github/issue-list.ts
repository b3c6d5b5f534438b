import { inertLogText } from '../safety/log-text.js';
import { describeError } from './issue-errors.js';
import { parseIssueMarker, parseIssueState } from './issue-content.js';
import { trackingLabel, type TrackedIssue, type TrackedIssues } from './issue-plan.js';
import type { GitHubClient } from './octokit.js';

/**
 * Step 1 of the issue sync, the reads: every issue (open and closed) with the
 * tracking label (the first of `labels`), page by page (not through the search
 * API, which lags behind writes and has a low rate limit), kept when its body
 * starts with our marker; and the repository's labels, read alongside. Never
 * throws: a failed list comes back as `error`, and then nothing is written.
 */

export interface IssueDeps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly log: (message: string) => void;
}

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
