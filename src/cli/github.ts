import type { Config } from '../config.js';
import { isAllowedUrl, LOOPBACK_WORDS } from '../http/url-rule.js';
import { parseUrl } from '../text/parse-url.js';
import { githubTarget, repositoryOf, type GithubTarget } from '../github/target.js';
import { UsageError } from './args.js';
import { FLAG_NAMES } from './inputs.js';

/**
 * Where GitHub issues go when the CLI runs outside GitHub Actions: the
 * runner's own variables, set by hand (GITHUB_REPOSITORY, GITHUB_API_URL,
 * GITHUB_RUN_ID). Checked before any request, so a cron job that cannot open
 * issues fails at once with exit code 2 rather than after a full scan.
 */
export function cliGithubTarget(config: Config, env: NodeJS.ProcessEnv): GithubTarget | undefined {
  const token = config.github.token;
  if (config.github.createIssue) requireIssueSetup(Boolean(token), repositoryOf(env) !== undefined, env);
  checkApiUrl(env);
  return githubTarget(token, env);
}

function requireIssueSetup(hasToken: boolean, hasRepository: boolean, env: NodeJS.ProcessEnv): void {
  const missing = [
    hasRepository
      ? ''
      : env.GITHUB_REPOSITORY
        ? 'GITHUB_REPOSITORY in the form owner/repo'
        : 'GITHUB_REPOSITORY=owner/repo in the environment',
    hasToken ? '' : `a token in ${FLAG_NAMES.of('github-token')}`,
  ].filter((m) => m !== '');
  if (missing.length > 0) throw new UsageError(`${FLAG_NAMES.of('create-issue')} is on, so the CLI needs ${missing.join(' and ')}.`);
}

/** GITHUB_API_URL (GitHub Enterprise Server) must be https, or http on loopback like every other URL we call. */
function checkApiUrl(env: NodeJS.ProcessEnv): void {
  const value = env.GITHUB_API_URL?.trim();
  if (!value) return;
  const url = parseUrl(value);
  if (!url) throw new UsageError('GITHUB_API_URL is not a URL (e.g. https://github.example.com/api/v3).');
  if (isAllowedUrl(url)) return;
  throw new UsageError(`GITHUB_API_URL must be an https URL (${LOOPBACK_WORDS}).`);
}
