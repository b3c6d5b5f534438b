import { HttpClient, HttpError, type HttpResponse } from '../http/client.js';
import { quoteServerText } from '../safety/server-text.js';
import type { TokenProvider } from './auth.js';

/**
 * Authenticated GETs against the Piwik PRO API. A 401 renews the token and
 * repeats the call once (a token lives 30 minutes; a long run can outlive it).
 * Any other non-2xx status becomes an HttpError carrying a short excerpt of
 * what the server said, credentials masked (src/safety/server-text.ts).
 */
export class PiwikApi {
  constructor(
    private readonly http: HttpClient,
    readonly instanceUrl: string,
    private readonly tokens: TokenProvider,
  ) {}

  async get(pathAndQuery: string, what: string): Promise<HttpResponse> {
    const first = await this.attempt(pathAndQuery, what);
    const { generation } = first;
    let { response } = first;
    if (response.status === 401) {
      await HttpClient.discard(response);
      this.tokens.renew(generation);
      ({ response } = await this.attempt(pathAndQuery, what));
      if (response.status === 401) {
        await HttpClient.discard(response);
        throw new HttpError(what, 401, 'the API refused a freshly issued token; does this API client have access to the site?');
      }
    }
    if (response.status < 200 || response.status > 299) {
      const detail = await HttpClient.text(response, 300);
      throw new HttpError(what, response.status, quoteServerText(detail));
    }
    return response;
  }

  /** The length of the URL `get` would request, for batching by URL length. */
  urlLength(pathAndQuery: string): number {
    return this.instanceUrl.length + pathAndQuery.length;
  }

  private async attempt(pathAndQuery: string, what: string): Promise<{ response: HttpResponse; generation: number }> {
    const { token, generation } = await this.tokens.token();
    const response = await this.http.send({
      method: 'GET',
      url: `${this.instanceUrl}${pathAndQuery}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson, application/json;q=0.9, */*;q=0.1' },
      what,
    });
    return { response, generation };
  }
}
