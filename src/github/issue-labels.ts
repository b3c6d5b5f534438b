import { dataOf, statusOf } from './issue-errors.js';
import type { IssueDeps } from './issue-list.js';
import { uniqueLabels, type TrackedIssues } from './issue-plan.js';

/**
 * The labels a new issue carries must exist first: GitHub would create them
 * itself, uncoloured and undescribed. The tracking label (the first) gets its
 * own colour; the others a quiet one.
 */

const TRACKING_LABEL_COLOR = 'd93f0b';
const OTHER_LABEL_COLOR = 'c5def5';

/** Runs one GitHub call; undefined when it failed (the caller has recorded why). */
export type GitHubCall = <T>(what: string, fn: () => Promise<T>) => Promise<T | undefined>;

/**
 * Creates the labels that are missing. `existing` is the repository's label
 * names, lower-cased, when they could be listed; otherwise each label is read
 * first. False when a call failed: then no issue should be opened.
 */
export async function createMissingLabels(
  deps: IssueDeps,
  labels: readonly string[],
  existing: ReadonlySet<string> | undefined,
  call: GitHubCall,
): Promise<boolean> {
  for (const [index, name] of labels.entries()) {
    const listed = existing?.has(name.toLowerCase());
    const exists =
      listed ??
      (await call(`read label '${name}'`, async () => {
        try {
          await deps.octokit.rest.issues.getLabel({ owner: deps.owner, repo: deps.repo, name });
          return true;
        } catch (error) {
          if (statusOf(error) === 404) return false;
          throw error;
        }
      }));
    if (exists === undefined) return false;
    if (exists) continue;
    const created = await call(`create label '${name}'`, async () => {
      try {
        return await deps.octokit.rest.issues.createLabel({
          owner: deps.owner,
          repo: deps.repo,
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
    deps.log(`Created label '${name}' in ${deps.owner}/${deps.repo}.`);
  }
  return true;
}

/**
 * Creates the missing labels while the scan runs (the issue list read them
 * already), so the first new issue does not wait for a label write. Quiet on
 * failure: the issue sync checks again before its first new issue and says
 * then what went wrong. Not in a dry run, and not when the list failed.
 */
export async function createLabelsEarly(deps: IssueDeps, tracked: TrackedIssues, labels: readonly string[]): Promise<TrackedIssues> {
  const existing = tracked.existingLabels;
  if (tracked.error !== undefined || existing === undefined) return tracked;
  const wanted = uniqueLabels([tracked.label, ...labels]);
  if (wanted.every((name) => existing.has(name.toLowerCase()))) return tracked;
  const quiet: GitHubCall = async (_what, fn) => {
    try {
      return await fn();
    } catch {
      return undefined;
    }
  };
  if (!(await createMissingLabels(deps, wanted, existing, quiet))) return tracked;
  return { ...tracked, existingLabels: new Set([...existing, ...wanted.map((name) => name.toLowerCase())]) };
}
