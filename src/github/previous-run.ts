import { quoteServerText } from '../safety/server-text.js';
import type { GitHubClient } from './octokit.js';

/**
 * Where `since: auto` cuts: the start of the previous successful run of the
 * same workflow, from the Actions API. A run that failed (a blind monitor)
 * does not count, so the events it could not report stay new. When the cut
 * cannot be had, the caller scans the whole window and says why.
 */
export type PreviousRun =
  | { readonly startedAt: string; readonly url: string }
  /** Why there is no cut, in words for a notice. */
  | { readonly reason: string };

export interface RunIdentity {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
}

export async function findPreviousSuccessfulRun(octokit: GitHubClient, run: RunIdentity): Promise<PreviousRun> {
  try {
    const current = await octokit.rest.actions.getWorkflowRun({ owner: run.owner, repo: run.repo, run_id: run.runId });
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner: run.owner,
      repo: run.repo,
      workflow_id: current.data.workflow_id,
      status: 'success',
      per_page: 10,
    });
    const previous = data.workflow_runs.find((r) => r.id !== run.runId && Date.parse(r.created_at) < Date.parse(current.data.created_at));
    if (!previous) return { reason: 'this is the first successful run of the workflow' };
    return { startedAt: new Date(previous.run_started_at ?? previous.created_at).toISOString(), url: previous.html_url };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404)
      return { reason: "the token cannot read workflow runs (add 'actions: read' to the workflow's permissions)" };
    // The API's own words, cut and with credentials masked: they reach the summary and the log.
    return { reason: `the Actions API could not be read (${quoteServerText(error instanceof Error ? error.message : String(error))})` };
  }
}
