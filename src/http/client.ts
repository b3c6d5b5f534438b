import { EnvHttpProxyAgent, interceptors, type Dispatcher } from 'undici';
import { NO_PROXY_SETTINGS, type ProxySettings } from './proxy.js';

/**
 * The one HTTP layer for Piwik PRO and Slack: undici with its own retry
 * interceptor, under our policy (exponential backoff with jitter on network
 * errors, 429 and 5xx; Retry-After honoured up to a cap; nothing else
 * retried), connect/header/body timeouts on every request, and a deadline for
 * the whole run. Redirects are never followed, so credentials can never be
 * sent on to another host. Requests go through the proxy the environment
 * names (HTTPS_PROXY, HTTP_PROXY, NO_PROXY; see proxy.ts), with the same
 * retries and timeouts.
 */
export interface HttpPolicy {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is waited only this long. */
  readonly maxRetryAfterMs: number;
  readonly connectTimeoutMs: number;
  /** Time allowed for the response headers, and between two body chunks. */
  readonly idleTimeoutMs: number;
  /** Time allowed for one whole exchange, body included (retries each get their own). */
  readonly requestTimeoutMs: number;
  /** How a retry waits its delay: a timer, unless a test hands in a clock that moves on at once. */
  readonly wait?: (ms: number) => Promise<void>;
}

const timerWait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  retries: 4,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
};

const RETRY_STATUS = [429, 500, 502, 503, 504];
const RETRY_ERROR_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
];

/** The run's time budget: every request is aborted when it runs out, and no retry waits past it. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly endsAt: number;

  constructor(readonly budgetMs: number) {
    this.endsAt = Date.now() + budgetMs;
    this.timer = setTimeout(() => {
      this.controller.abort(new DeadlineExceededError(budgetMs));
    }, budgetMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** Throws the deadline error when the budget is spent. */
  check(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

export class RequestTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what} did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`);
    this.name = 'RequestTimeoutError';
  }
}

export class DeadlineExceededError extends Error {
  constructor(budgetMs: number) {
    super(`The run's time budget of ${Math.round(budgetMs / 1000)} s was spent before the scan finished.`);
    this.name = 'DeadlineExceededError';
  }
}

/** A failed exchange, described without the URL (which may hold a secret, like a webhook). */
export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${what} ${status === undefined ? 'failed' : `answered HTTP ${status}`}${detail ? `: ${detail}` : ''}`);
    this.name = 'HttpError';
  }
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Used in error messages instead of the URL. */
  readonly what: string;
  /** False for a write that must never happen twice (a retried POST may repeat one the server already did). */
  readonly retry?: boolean;
  /** Ends the request early besides its own timeout and the run's deadline (an optional read's time limit: time-limit.ts). */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Dispatcher.ResponseData['body'];
}

export type RetryListener = (info: { what: string; attempt: number; delayMs: number; reason: string }) => void;

export class HttpClient {
  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly policy: HttpPolicy = DEFAULT_HTTP_POLICY,
    /** The run's budget: every request here stops at it; a channel that is not HTTP (e-mail) reads it from here. */
    readonly deadline?: Deadline,
    private readonly onRetry?: RetryListener,
    proxy: ProxySettings = NO_PROXY_SETTINGS,
  ) {
    const agent = new EnvHttpProxyAgent({
      ...proxy,
      connectTimeout: policy.connectTimeoutMs,
      headersTimeout: policy.idleTimeoutMs,
      bodyTimeout: policy.idleTimeoutMs,
      // A benchmarked run opens a few connections per host; keep them warm for the next phase.
      keepAliveTimeout: 10_000,
      connections: 16,
    });
    this.dispatcher = agent.compose(
      interceptors.retry({
        maxRetries: policy.retries,
        methods: ['GET', 'POST'],
        statusCodes: RETRY_STATUS,
        errorCodes: RETRY_ERROR_CODES,
        // Let the last answer through, so callers can show what the server said.
        throwOnError: false,
        retry: (err, { state, opts }, done) => {
          this.decideRetry(err, state.counter, String(opts.method), opts, done);
        },
      }),
    );
  }

  /** Sends a request; any status comes back as a response (callers decide what is an error). */
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.deadline?.check();
    // The request's own limit, and the run's: whichever comes first aborts it (the body's stream included).
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort(new RequestTimeoutError(request.what, this.policy.requestTimeoutMs));
    }, this.policy.requestTimeoutMs);
    timer.unref();
    const signals = [this.deadline?.signal, timeout.signal, request.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 1 ? timeout.signal : AbortSignal.any(signals);
    try {
      const response = await this.dispatcher.request({
        ...splitUrl(request.url),
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        // undici hands these back to the retry callback: the name for retry notices, and whether to retry at all.
        ...({ what: request.what, noRetry: request.retry === false } as object),
      });
      response.body.once('close', () => {
        clearTimeout(timer);
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      clearTimeout(timer);
      throw this.describe(request.what, error, request.signal?.aborted ? request.signal : timeout.signal);
    }
  }

  /** Reads a whole (small) body as text, capped so a hostile server cannot fill memory. */
  static async text(response: HttpResponse, maxChars = 64 * 1024): Promise<string> {
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.length > maxChars) {
        response.body.destroy();
        return `${text.slice(0, maxChars)}…`;
      }
    }
    return text + decoder.decode();
  }

  /** Lets go of a body we will not read, so its connection can be reused. */
  static async discard(response: HttpResponse): Promise<void> {
    await response.body.dump().catch(() => undefined);
  }

  /** Turns thrown values into errors that say what failed, without URLs. */
  describe(what: string, error: unknown, timeout?: AbortSignal): Error {
    if (error instanceof HttpError || error instanceof DeadlineExceededError || error instanceof RequestTimeoutError) return error;
    if (this.deadline?.signal.aborted) return this.deadline.signal.reason as Error;
    if (timeout?.aborted) return timeout.reason as Error;
    const code = (error as { code?: string } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    return new HttpError(what, undefined, code ? `${code} (${message})` : message);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private decideRetry(
    err: Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[] | undefined> },
    attempt: number,
    method: string,
    opts: unknown,
    done: (err?: Error | null) => void,
  ): void {
    const retryable = err.statusCode !== undefined ? RETRY_STATUS.includes(err.statusCode) : RETRY_ERROR_CODES.includes(err.code ?? '');
    if (
      !retryable ||
      (opts as { noRetry?: boolean }).noRetry === true ||
      attempt > this.policy.retries ||
      !['GET', 'POST'].includes(method)
    ) {
      done(err);
      return;
    }
    const delayMs = this.backoff(attempt, err.headers?.['retry-after']);
    if (this.deadline && delayMs >= this.deadline.remainingMs()) {
      done(err);
      return;
    }
    const what = (opts as { what?: string }).what ?? 'a request';
    this.onRetry?.({ what, attempt, delayMs, reason: err.statusCode !== undefined ? `HTTP ${err.statusCode}` : (err.code ?? err.message) });
    void (this.policy.wait ?? timerWait)(delayMs).then(() => {
      done(null);
    });
  }

  /** Retry-After when given (capped), else exponential backoff with "equal jitter". */
  private backoff(attempt: number, retryAfter: string | string[] | undefined): number {
    const fromHeader = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    if (fromHeader !== undefined) return Math.min(fromHeader, this.policy.maxRetryAfterMs);
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.minDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function splitUrl(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}
