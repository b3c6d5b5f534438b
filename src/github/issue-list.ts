import { inertLogText } from '../safety/log-text.js';
import { describeError, statusOf } from './issue-errors.js';
import { parseIssueMarker, parseIssueState } from './issue-marker.js';
import { trackingLabel, type ForeignIssue, type TrackedIssue, type TrackedIssues } from './issue-plan.js';
import { isOverflowBody, type OverflowIssue } from './overflow-marker.js';
import type { GitHubClient } from './octokit.js';
import type { OptionNames } from '../text/option-names.js';

/**
 * Step 1 of the issue sync, the reads: every issue (open and closed) with the
 * tracking label (the first of `labels`), page by page (not through the search
 * API, which lags behind writes and has a low rate limit), kept when its body
 * starts with our marker and it was opened by the identity the token acts as
 * (anyone can copy a marker into an issue of their own); and the repository's
 * labels, read alongside. Never throws: a failed list comes back as `error`,
 * and then nothing is written.
 */

/** Who a workflow's GITHUB_TOKEN acts as. */
const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export interface IssueDeps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly log: (message: string) => void;
  /** How hints name the settings to change (src/text/option-names.ts). */
  readonly names: OptionNames;
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
  const identity = tokenIdentity(deps);
  // Settled either way here; awaited below, so a failure cannot go unhandled while the list is read.
  identity.catch(() => undefined);
  try {
    const items = await deps.octokit.paginate(deps.octokit.rest.issues.listForRepo, {
      owner: deps.owner,
      repo: deps.repo,
      labels: label,
      state: 'all',
      per_page: 100,
    });
    const me = (await identity).toLowerCase();
    const issues: TrackedIssue[] = [];
    const foreign: ForeignIssue[] = [];
    let openCount = 0;
    let overflow: OverflowIssue | undefined;
    for (const item of items) {
      // The issues list also returns pull requests.
      if (item.pull_request) continue;
      const author = item.user?.login ?? '(unknown)';
      if (isOverflowBody(item.body) && author.toLowerCase() === me) {
        const state = item.state === 'closed' ? 'closed' : 'open';
        if (!overflow || state === 'open') overflow = { number: item.number, url: item.html_url, state, locked: item.locked };
        continue;
      }
      // What max-open-issues limits: every open issue with the label, the action's or not.
      if (item.state !== 'closed') openCount += 1;
      const marker = parseIssueMarker(item.body);
      if (!marker) continue;
      if (author.toLowerCase() !== me) {
        foreign.push({ number: item.number, url: item.html_url, author });
        continue;
      }
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
    return {
      label,
      issues,
      existingLabels: await existingLabels,
      identity: await identity,
      foreign,
      openCount,
      ...(overflow ? { overflow } : {}),
    };
  } catch (error) {
    const detail = describeError(error, deps, `list the issues with label '${label}'`).detail;
    deps.log(inertLogText(`GitHub issues: ${detail}`));
    return { label, issues: [], error: detail };
  }
}

/**
 * The login the token acts as, read once a run: the token's user (a personal
 * access token), or github-actions[bot] for the workflow's GITHUB_TOKEN,
 * which may not read GET /user (403).
 */
async function tokenIdentity(deps: IssueDeps): Promise<string> {
  try {
    return (await deps.octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (statusOf(error) === 403) return GITHUB_ACTIONS_BOT;
    throw error;
  }
}

/** The notice for issues that look like ours but are not: they are left alone, and the user should know why. */
export function foreignIssuesNotice(tracked: TrackedIssues): string | undefined {
  const foreign = tracked.foreign ?? [];
  if (foreign.length === 0) return undefined;
  const shown = foreign
    .slice(0, 10)
    .map((i) => `#${i.number} (opened by ${i.author})`)
    .join(', ');
  const more = foreign.length > 10 ? ` and ${foreign.length - 10} more` : '';
  return `GitHub issues ${shown}${more} carry the action's marker but were not opened by ${tracked.identity ?? GITHUB_ACTIONS_BOT}, the identity the token acts as: they are never commented on, reopened or closed.`;
}
