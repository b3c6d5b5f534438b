import type { PiwikApi } from '../piwik/api.js';
import { attributesOf, flag, getJsonApi, isObject, text } from './json-api.js';
import { APP_PATH } from './paths.js';
import { accountText } from './text.js';

/** What the Apps API says of a site that the diagnosis and the messages use. */
export interface SiteSettings {
  readonly name?: string;
  /** The URLs the site is available under (deep links count: a page under one of them is the site's). */
  readonly urls: readonly string[];
  /** IANA zone; the site's reports (and so its annotations) are dated in it. */
  readonly timezone?: string;
  /** The spec's defaults when the answer leaves a setting out: e-commerce on, unknown URLs kept. */
  readonly eCommerceTracking: boolean;
  readonly excludeUnknownUrls: boolean;
}

/** GET /api/apps/v2/{app_id}: one request per site per run. */
export async function readSiteSettings(api: PiwikApi, siteId: string): Promise<SiteSettings> {
  const document = await getJsonApi(api, APP_PATH(siteId), 'Apps API (/api/apps/v2/{app_id})');
  const attributes = attributesOf(isObject(document.data) ? document.data : undefined);
  const name = text(attributes.name);
  const urls = Array.isArray(attributes.urls)
    ? attributes.urls.filter((u): u is string => typeof u === 'string' && u.trim() !== '').map((u) => accountText(u))
    : [];
  return {
    name: name === undefined || name.trim() === '' ? undefined : accountText(name),
    urls,
    timezone: text(attributes.timezone),
    eCommerceTracking: flag(attributes.eCommerceTracking) ?? true,
    excludeUnknownUrls: flag(attributes.excludeUnknownUrls) ?? false,
  };
}
