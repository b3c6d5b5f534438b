import { HttpClient, HttpError, type HttpResponse } from '../http/client.js';
import { quoteServerText } from '../safety/server-text.js';
import type { TokenProvider } from './auth.js';

const NDJSON_FIRST = 'application/x-ndjson, application/json;q=0.9, */*;q=0.1';

export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  readonly pathAndQuery: string;
  /** Named in errors instead of the URL. */
  readonly what: string;
  readonly accept: string;
  readonly body?: string;
  /** Defaults to `accept` (JSON:API sends and answers `application/vnd.api+json`). */
  readonly contentType?: string;
  /** See HttpRequest.retry. */
  readonly retry?: boolean;
}

/**
 * Authenticated requests to the Piwik PRO API: the Debugger's NDJSON GETs and
 * the account APIs' JSON:API reads and writes. A 401 renews the token and
 * repeats the call once (a token lives 30 minutes; a long run can outlive it).
 * Any other non-2xx status becomes an HttpError carrying a short excerpt of
 * what the server said, credentials masked (src/safety/server-text.ts).
 */
export class PiwikApi {
  constructor(
    private readonly http: HttpClient,
    readonly instanceUrl: string,
    private readonly tokens: TokenProvider,
    private readonly signal?: AbortSignal,
  ) {}

  /** The same client and token, whose requests also end when `signal` aborts (an optional read's time limit). */
  withSignal(signal: AbortSignal): PiwikApi {
    return new PiwikApi(this.http, this.instanceUrl, this.tokens, signal);
  }

  async get(pathAndQuery: string, what: string): Promise<HttpResponse> {
    return this.send({ method: 'GET', pathAndQuery, what, accept: NDJSON_FIRST });
  }

  /** Fetches a token now, so that bad credentials fail once, before any site is read. */
  async authenticate(): Promise<void> {
    await this.tokens.token();
  }

  async send(request: ApiRequest): Promise<HttpResponse> {
    const first = await this.attempt(request);
    let { response } = first;
    if (response.status === 401) {
      await HttpClient.discard(response);
      this.tokens.renew(first.generation);
      ({ response } = await this.attempt(request));
      if (response.status === 401) {
        await HttpClient.discard(response);
        throw new HttpError(request.what, 401, 'the API refused a freshly issued token; does this API client have access to the site?');
      }
    }
    if (response.status < 200 || response.status > 299) {
      const detail = await HttpClient.text(response, 300);
      throw new HttpError(request.what, response.status, quoteServerText(detail));
    }
    return response;
  }

  /** The length of the URL `get` would request, for batching by URL length. */
  urlLength(pathAndQuery: string): number {
    return this.instanceUrl.length + pathAndQuery.length;
  }

  private async attempt(request: ApiRequest): Promise<{ response: HttpResponse; generation: number }> {
    const { token, generation } = await this.tokens.token();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: request.accept };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? request.accept;
    const response = await this.http.send({
      method: request.method,
      url: `${this.instanceUrl}${request.pathAndQuery}`,
      headers,
      body: request.body,
      what: request.what,
      retry: request.retry,
      signal: this.signal,
    });
    return { response, generation };
  }
}
