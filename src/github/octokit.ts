import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

/**
 * The REST client for the issue sync: @actions/github's Octokit (proxy-aware,
 * GITHUB_API_URL by default) with the retry plugin (server errors, network
 * failures) and the throttling plugin (GitHub's write pacing, rate limits).
 */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  /** The REST API root: `process.env.GITHUB_API_URL` on a runner (GHES included), a loopback sink in tests. */
  readonly baseUrl: string;
  readonly log: (message: string) => void;
  /**
   * Milliseconds per second of every wait: retry-after, the retry back-off and
   * the pacing between writes. 1000 in production; tests pass 1 or 0.
   */
  readonly msPerSecond?: number;
  /** Aborts every request (the run's time budget). */
  readonly signal?: AbortSignal;
  /** One attempt's time limit (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Applied to every issue title, body and comment before it is sent (the run's secrets). */
  readonly scrub?: (text: string) => string;
  /** For what the user should see, not only the log (a pagination link that left the API). */
  readonly warn?: (message: string) => void;
}

/** Retries after a secondary rate limit (GitHub says how long to wait). */
const SECONDARY_LIMIT_RETRIES = 2;
/** A longer wait than this is not worth the run's time: the next run catches up. */
const MAX_SECONDARY_WAIT_S = 120;
/** A primary rate limit is retried once, and only when it resets this soon. */
const MAX_PRIMARY_WAIT_S = 60;

export function createOctokit(token: string, options: OctokitOptions): GitHubClient {
  const msPerSecond = options.msPerSecond ?? 1000;
  const { log } = options;
  const describe = (o: { method?: string; url?: string }) => `${o.method ?? 'GET'} ${o.url ?? ''}`;
  const throttle: ThrottlingOptions = {
    retryAfterBaseValue: msPerSecond,
    fallbackSecondaryRateRetryAfter: 60,
    onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
      if (retryCount < SECONDARY_LIMIT_RETRIES && retryAfter <= MAX_SECONDARY_WAIT_S) {
        log(
          `GitHub secondary rate limit on ${describe(request)}: retry ${retryCount + 1} of ${SECONDARY_LIMIT_RETRIES} in ${retryAfter} s.`,
        );
        return true;
      }
      log(`GitHub secondary rate limit on ${describe(request)}: giving up after ${retryCount} ${retryCount === 1 ? 'retry' : 'retries'}.`);
      return false;
    },
    onRateLimit: (retryAfter, request, _octokit, retryCount) => {
      if (retryCount < 1 && retryAfter <= MAX_PRIMARY_WAIT_S) {
        log(`GitHub rate limit reached on ${describe(request)}: it resets in ${retryAfter} s; retrying once then.`);
        return true;
      }
      log(`GitHub rate limit reached on ${describe(request)}: it resets in ${retryAfter} s, too late for this run.`);
      return false;
    },
    ...pacing(msPerSecond),
  };
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => {
          log(m);
        },
        error: (m: string) => {
          log(m);
        },
      },
      retry: {
        retries: 2,
        retryAfterBaseValue: msPerSecond,
        // 403 and 429 are the throttling plugin's: it knows a rate limit from a refusal.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle,
    },
    // First plugin, innermost hook: every attempt (retries included) gets its own time limit.
    attemptTimeout(options.requestTimeoutMs ?? 30_000, options.signal),
    stayOnApi(options.baseUrl, options.warn ?? log),
    scrubWrites(options.scrub),
    retry,
    throttling,
  );
}

/**
 * Per-attempt time limit plus the run's abort signal. A run that is out of
 * time fails at once with the deadline's own error, which nothing retries.
 */
function attemptTimeout(timeoutMs: number, signal: AbortSignal | undefined): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, o) => {
      if (signal?.aborted) throw signal.reason;
      const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
      return request({ ...o, request: { ...o.request, signal: AbortSignal.any(signals) } });
    });
    return {};
  };
}

/**
 * Pagination follows the `Link: rel="next"` URL a server sends, token and all.
 * A URL outside the API root the action was given (another origin, or another
 * path on it) is never requested: paging ends there with an empty page, and a
 * warning says the list may be incomplete.
 */
function stayOnApi(baseUrl: string, warn: (message: string) => void): OctokitPlugin {
  const root = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
  return (octokit) => {
    octokit.hook.wrap('request', async (request, o) => {
      const url = o.url;
      if (/^[a-z][\w+.-]*:/i.test(url)) {
        const target = new URL(url);
        if (target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) {
          warn(
            `GitHub's answer pointed the next page to ${target.origin}, outside the API at ${root.origin}; paging stopped there, so the list may be incomplete.`,
          );
          return { status: 200, url, headers: {}, data: [] };
        }
      }
      return request(o);
    });
    return {};
  };
}

/** Every text the sync writes (an issue's title and body, a comment) passes the run's scrubber on its way out. */
function scrubWrites(scrub: ((text: string) => string) | undefined): OctokitPlugin {
  return (octokit) => {
    if (!scrub) return {};
    octokit.hook.before('request', (o) => {
      const fields = o as Record<string, unknown>;
      for (const key of ['title', 'body']) {
        const value = fields[key];
        if (typeof value === 'string') fields[key] = scrub(value);
      }
    });
    return {};
  };
}

type OctokitPlugin = NonNullable<Parameters<typeof getOctokit>[2]>;

/**
 * GitHub asks for writes one at a time, and a second apart when a run makes
 * many of them; its secondary limit is 80 content-creating requests a minute.
 * The throttling plugin gates every write through its `write` Bottleneck
 * group (and those that notify through `notifications` too). Ours are one per
 * client, so per run: one write at a time, from a bucket of UNPACED_WRITES
 * that Bottleneck's reservoir refills by one a second, up to UNPACED_WRITES
 * (`reservoirIncreaseInterval`, `reservoirIncreaseAmount`,
 * `reservoirIncreaseMaximum`: its documented options, no event of its own).
 * A first run opening 6 issues waits for nothing; one with 40 writes makes 10
 * straight away, then about one a second (at most 10 + 60 in any minute, under
 * 80). Rate limits and Retry-After are the plugin's, as before. Tests scale
 * the second with `msPerSecond` (0: no gap at all).
 */
export const UNPACED_WRITES = 10;

function pacing(msPerSecond: number): Pick<ThrottlingOptions, 'write' | 'notifications'> {
  const bucket =
    msPerSecond > 0
      ? {
          reservoir: UNPACED_WRITES,
          reservoirIncreaseInterval: msPerSecond,
          reservoirIncreaseAmount: 1,
          reservoirIncreaseMaximum: UNPACED_WRITES,
        }
      : {};
  const paced = () => new Bottleneck.Group({ maxConcurrent: 1, ...bucket });
  return { write: paced(), notifications: paced() };
}
