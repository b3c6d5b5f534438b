import { quoteServerText } from '../safety/server-text.js';
import type { OptionNames } from '../text/option-names.js';

/**
 * What a failed GitHub call tells the user: GitHub's own message, the status,
 * and what to do about it (the permissions block to add, the setting to check).
 * Pure wording: the sync decides what to do with `fatal`.
 */

export const ISSUES_PERMISSION_BLOCK = 'permissions:\n  issues: write';

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function dataOf(error: unknown): unknown {
  return (error as { response?: { data?: unknown } } | null)?.response?.data;
}

/** GitHub's own message with its validation errors, without the documentation URL Octokit appends. */
export function messageOf(error: unknown): string {
  const data = dataOf(error) as { message?: unknown; errors?: unknown } | undefined;
  let message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  if (Array.isArray(data?.errors)) {
    const details = data.errors
      .map((e: { message?: unknown; code?: unknown; field?: unknown } | null | undefined) =>
        typeof e?.message === 'string' ? e.message : [e?.field, e?.code].filter((v) => typeof v === 'string').join(' '),
      )
      .filter((d: string) => d !== '');
    if (details.length > 0) message = `${message}: ${details.join('; ')}`;
  }
  return quoteServerText(message, 300);
}

/** Turns a failed call into the detail the user reads; `fatal` when every further call would fail the same way. */
export function describeError(
  error: unknown,
  where: { readonly owner: string; readonly repo: string; readonly names: OptionNames },
  what: string,
): { detail: string; fatal: boolean } {
  const status = statusOf(error);
  const message = messageOf(error);
  const repo = `${where.owner}/${where.repo}`;
  const http = status !== undefined && status < 600 && status >= 400 ? `HTTP ${status}: ${message}` : message;
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
    return {
      fatal: true,
      detail: `GitHub's rate limit stopped the issue sync while trying to ${what} in ${repo} (${http}). The next run catches up.`,
    };
  }
  if (status === 403 && /locked/i.test(message)) {
    return { fatal: false, detail: `Could not ${what} in ${repo}: the issue is locked (${http}).` };
  }
  if (status === 403 || status === 404) {
    const why =
      status === 404
        ? `GitHub answered 404 when trying to ${what} in ${repo} (${http}): the repository does not exist, or the token cannot see it or write to its issues.`
        : `GitHub refused to ${what} in ${repo} (${http}): the token may not write issues.`;
    return {
      fatal: true,
      detail: `${why} Give the workflow's token that permission: add this to the workflow, or to the job that runs the action:\n\n${ISSUES_PERMISSION_BLOCK}\n\nA permissions block sets every permission it does not list to none: keep 'contents: read' in it if the job checks out the repository. With a personal access token instead, it needs Issues: read and write.`,
    };
  }
  if (status === 401)
    return {
      fatal: true,
      detail: `GitHub rejected the token while trying to ${what} in ${repo} (${http}). Check the ${where.names.of('github-token')} ${where.names.noun}.`,
    };
  if (status === 410)
    return {
      fatal: true,
      detail: `Issues are disabled in ${repo} (${http}). Turn them on in the repository's settings, or set ${where.names.of('create-issue')} to false.`,
    };
  if (status === 422) return { fatal: false, detail: `GitHub refused to ${what} in ${repo} (${http}).` };
  return {
    fatal: true,
    detail: `Could not ${what} in ${repo}: ${status !== undefined && status >= 500 && status < 600 ? http : message}.`,
  };
}
