import type { HttpClient } from '../http/client.js';
import type { OptionNames } from '../text/option-names.js';
import { PiwikApi } from './api.js';
import { TokenProvider } from './auth.js';

/** What a run's one Piwik PRO client is made from (a Config has all of it). */
export interface PiwikLogin {
  readonly instanceUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How the hint after a refused login names the settings to check. */
  readonly names: OptionNames;
}

/**
 * The run's one client: one token for the scan, a watch's polls and the
 * account APIs; every token passes `onSecret` before it is used.
 */
export function piwikClient(http: HttpClient, login: PiwikLogin, onSecret: (secret: string) => void): PiwikApi {
  const tokens = new TokenProvider(http, login.instanceUrl, login.clientId, login.clientSecret, onSecret, login.names);
  return new PiwikApi(http, login.instanceUrl, tokens);
}
