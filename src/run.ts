import { destinationSecrets } from './config/channels.js';
import type { Config } from './config.js';
import type { GitHubClient, OctokitOptions } from './github/octokit.js';
import type { GithubTarget } from './github/target.js';
import { Deadline, DEFAULT_HTTP_POLICY, HttpClient, type HttpPolicy } from './http/client.js';
import { NO_PROXY_SETTINGS, proxySecrets, type ProxySettings } from './http/proxy.js';
import { runPipeline, type PipelineDeps, type ScanSource } from './pipeline.js';
import { refuseForeignStateFile } from './state/state-lock.js';
import type { Report, RunInfo } from './report/report.js';
import { realClock, type WatchClock } from './watch/clock.js';
import { watchSource } from './watch/watch.js';
import { piwikClient } from './piwik/client.js';
import { oneScan } from './scan/source.js';
import { routeSecrets } from './config/routes-parse.js';
import { resolveSites } from './sites/resolve.js';

/**
 * One run with its network resources: the time budget, the HTTP client and
 * the GitHub client are made here and released when the run ends. The action
 * (main.ts) and the CLI differ only in their edge: where logs, notices, the
 * report and dry-run payloads go.
 */
export type RunEdge = Pick<PipelineDeps, 'log' | 'notice' | 'onSecret' | 'scrubber' | 'persist' | 'showDryRun' | 'events' | 'evidencePath'>;

/** What tests (and the benchmark) may change about how a run talks to the network. */
export interface RunOptions {
  readonly httpPolicy?: HttpPolicy;
  /** Scales the GitHub client's waits (rate limits, pacing between writes); tests pass 1. */
  readonly githubMsPerSecond?: number;
  /** The clock of the run and of a watch's polls; tests pass one whose sleep moves time on at once. */
  readonly clock?: WatchClock;
  /** The proxy for Piwik PRO and Slack: the edge reads it from its environment (proxyFromEnv). */
  readonly proxy?: ProxySettings;
}

export async function runWithNetwork(
  config: Config,
  github: GithubTarget | undefined,
  run: RunInfo,
  edge: RunEdge,
  options: RunOptions = {},
): Promise<Report> {
  // Whatever the edge already knew: every secret of the config is scrubbed from what leaves.
  // A state-file path that holds something else is refused before any request, and left untouched.
  await refuseForeignStateFile(config.alerting.stateFile, config.names);
  const proxy = options.proxy ?? NO_PROXY_SETTINGS;
  for (const secret of [
    config.clientSecret,
    config.github.token,
    ...destinationSecrets(config.channels.destination),
    ...routeSecrets(config.routes),
    ...proxySecrets(proxy),
  ])
    if (secret) edge.scrubber.add(secret);
  const deadline = new Deadline(config.timeoutSeconds * 1000);
  const http = new HttpClient(
    options.httpPolicy ?? DEFAULT_HTTP_POLICY,
    deadline,
    (r) => {
      edge.log(`${r.what}: ${r.reason}; retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)} s`);
    },
    proxy,
  );
  const clock = options.clock ?? realClock;
  try {
    const onSecret = (secret: string): void => {
      edge.scrubber.add(secret);
      edge.onSecret(secret);
    };
    // One client, so one token, for the list of sites, the scan (or the watch's polls) and the account APIs.
    const api = piwikClient(http, config, onSecret);
    const login = api.authenticate();
    login.catch(() => undefined);
    // The sites of the run (`site-id: all`: the Apps API's list, every page; then the shard), each once.
    const sites = await resolveSites(config, api, login);
    edge.events.addSites(sites.siteIds);
    for (const notice of sites.notices) edge.notice(notice);
    const resolved: Config = { ...config, siteIds: sites.siteIds };
    const base = {
      ...edge,
      onSecret,
      sites,
      http,
      github: github && {
        client: () =>
          loadGithubClient(github.token, {
            baseUrl: github.apiUrl,
            log: edge.log,
            signal: deadline.signal,
            msPerSecond: options.githubMsPerSecond,
            scrub: (text) => edge.scrubber.text(text),
            warn: edge.notice,
          }),
        owner: github.owner,
        repo: github.repo,
        runId: github.runId,
      },
      run,
      now: () => clock.now(),
    };
    // Without its sites (`site-id: all` and no list), a watch has nothing to watch: the pipeline reports why.
    if (config.watch.minutes > 0 && sites.error === undefined) {
      const watched = await watchSource(resolved, base, api, { clock, signal: deadline.signal });
      return await runPipeline(watched.config, { ...base, source: watched.source });
    }
    const source: ScanSource = oneScan(resolved, api, {
      log: edge.log,
      events: edge.events,
      evidencePath: edge.evidencePath,
      scrub: (text) => edge.scrubber.text(text),
    });
    return await runPipeline(resolved, { ...base, source });
  } finally {
    deadline.dispose();
    await http.close();
  }
}

/**
 * The GitHub client, its libraries loaded on demand: ncc puts what a dynamic
 * import needs in a chunk of its own (dist/NNN.index.js), so a run parses and
 * evaluates Octokit while its token request is in flight, not before sending
 * it. In `npm run bench`'s steady state that made the run about 55 ms shorter
 * than the same code in one file (median of 10 interleaved pairs).
 */
async function loadGithubClient(token: string, options: OctokitOptions): Promise<GitHubClient> {
  const { createOctokit } = await import('./github/octokit.js');
  return createOctokit(token, options);
}

/** The workflow run, from the runner's variables (absent outside GitHub Actions). */
export function runInfo(env: NodeJS.ProcessEnv): RunInfo {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const url =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return { url, repository: env.GITHUB_REPOSITORY, runId: env.GITHUB_RUN_ID, workflow: env.GITHUB_WORKFLOW };
}
