import { HttpClient, HttpError } from '../http/client.js';
import type { OptionNames } from '../text/option-names.js';

/**
 * OAuth2 client credentials for the Piwik PRO API. One token serves the whole
 * run (it lives 30 minutes); `renew` replaces it once an API call says 401.
 * Concurrent callers share one token request.
 */
export class TokenProvider {
  private current?: Promise<string>;
  private generation = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly instanceUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    /** Called with every token before it is used, so it can be masked in logs. */
    private readonly onSecret: (secret: string) => void,
    /** How the hint after a refused login names the settings to check. */
    private readonly names: OptionNames,
  ) {}

  /** The current token and its generation (pass the generation back to `renew`). */
  async token(): Promise<{ token: string; generation: number }> {
    this.current ??= this.fetchToken();
    const generation = this.generation;
    return { token: await this.current, generation };
  }

  /** Drops the token that failed, unless another caller already replaced it. */
  renew(failedGeneration: number): void {
    if (failedGeneration !== this.generation) return;
    this.generation += 1;
    this.current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const attempt = this.requestToken();
    // A failed token request must not be cached: the next caller tries again.
    attempt.catch(() => {
      this.current = undefined;
    });
    return attempt;
  }

  private async requestToken(): Promise<string> {
    const what = 'Piwik PRO token endpoint (/auth/token)';
    const response = await this.http.send({
      method: 'POST',
      url: `${this.instanceUrl}/auth/token`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret }),
      what,
    });
    const text = await HttpClient.text(response);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new CredentialsRejectedError(
        what,
        response.status,
        `Piwik PRO rejected the API credentials. Check ${this.names.of('client-id')} and ${this.names.of('client-secret')} (an API client from Menu > Profile > API credentials) and that ${this.names.of('instance-url')} is your account's URL.`,
      );
    }
    if (response.status !== 200) throw new HttpError(what, response.status, 'could not get an access token.');
    const token = readAccessToken(text);
    if (!token) throw new HttpError(what, response.status, 'the answer held no access_token.');
    this.onSecret(token);
    return token;
  }
}

/** The token endpoint refused the client id and secret: asking again cannot help (a watch stops on it). */
export class CredentialsRejectedError extends HttpError {
  constructor(what: string, status: number, detail: string) {
    super(what, status, detail);
    this.name = 'CredentialsRejectedError';
  }
}

function readAccessToken(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { access_token?: unknown };
    return typeof body.access_token === 'string' && body.access_token !== '' ? body.access_token : undefined;
  } catch {
    return undefined;
  }
}
