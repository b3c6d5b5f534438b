/**
 * The repository a run reports to, from the runner's variables
 * (GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_RUN_ID) and a token. The CLI
 * reads the same variables, set by hand outside GitHub Actions.
 */
export interface GithubTarget {
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly apiUrl: string;
  /** Only inside a workflow run: it lets `since: auto` find the previous run. */
  readonly runId?: number;
}

const DEFAULT_API_URL = 'https://api.github.com';

/** Undefined without a token or an `owner/repo`: issues and the previous run are then out of reach. */
export function githubTarget(token: string | undefined, env: NodeJS.ProcessEnv): GithubTarget | undefined {
  const repository = repositoryOf(env);
  if (!token || !repository) return undefined;
  const runId = Number(env.GITHUB_RUN_ID);
  return {
    token,
    ...repository,
    apiUrl: (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, ''),
    runId: Number.isSafeInteger(runId) && runId > 0 ? runId : undefined,
  };
}

/** `owner/repo` from GITHUB_REPOSITORY, or undefined when it is missing or not of that form. */
export function repositoryOf(env: NodeJS.ProcessEnv): { owner: string; repo: string } | undefined {
  const [owner, repo, ...extra] = (env.GITHUB_REPOSITORY ?? '').trim().split('/');
  return owner && repo && extra.length === 0 ? { owner, repo } : undefined;
}
