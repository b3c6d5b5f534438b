// The account APIs of the Piwik PRO simulator: the Apps API's site details and the Analytics
// object management API's custom dimensions, goals and user annotations, served in the shapes
// of Piwik PRO's OpenAPI descriptions (JSON:API bodies, `application/vnd.api+json`). Requests
// that depart from the derived contract (simulator/account-api.json) are refused with 400, as
// the real API refuses them; `forbidden` makes an endpoint answer 403, as for an API client
// without the permission. Used by simulator/piwik.mjs; types in types/piwik.ts.

import { randomUUID } from 'node:crypto';
import { checkIncoming } from './contract.mjs';

/** @import { Reply } from './reply.mjs' */
/** @import { AccountEndpoint, RequestContext, SiteAccount, StoredAccount, StoredAnnotation } from './types/piwik.js' */

/**
 * Endpoint names for faults, `forbidden` and RecordedRequest.endpoint.
 * @type {[RegExp, AccountEndpoint][]}
 */
const ROUTES = [
  [/^\/api\/apps\/v2$/, 'apps'],
  [/^\/api\/apps\/v2\/[^/]+$/, 'app'],
  [/^\/api\/analytics\/v1\/manage\/custom-dimensions\/$/, 'customDimensions'],
  [/^\/api\/analytics\/v1\/manage\/goals\/$/, 'goals'],
  [/^\/api\/analytics\/v1\/manage\/annotation\/user\/$/, 'annotations'],
];

/**
 * @param {string} pathname
 * @returns {AccountEndpoint | undefined}
 */
export function accountEndpoint(pathname) {
  return ROUTES.find(([pattern]) => pattern.test(pathname))?.[1];
}

/**
 * The simulator's account store: per site its settings, dimensions, goals and annotations,
 * from the `accounts` option. Annotations written by clients are kept here.
 * @param {Record<string, SiteAccount> | undefined} accounts
 * @returns {Map<string, StoredAccount>}
 */
export function makeAccountStore(accounts = {}) {
  /** @type {Map<string, StoredAccount>} */
  const sites = new Map();
  for (const [siteId, account] of Object.entries(accounts)) {
    sites.set(siteId.toLowerCase(), {
      app: account.app,
      // Defaults after the spread, so a key given as undefined still gets one.
      customDimensions: (account.customDimensions ?? []).map((d) => ({ ...d, id: d.id ?? randomUUID() })),
      goals: account.goals ?? [],
      annotations: (account.annotations ?? []).map((a) => ({ ...a, id: a.id ?? randomUUID(), visibility: a.visibility ?? 'private' })),
    });
  }
  return sites;
}

/**
 * JSON:API error document, the shape the descriptions give for errors.
 * @param {Reply} reply
 * @param {number} status
 * @param {string} title
 * @param {string} [detail]
 */
function errors(reply, status, title, detail) {
  reply.jsonApi(status, { errors: [{ status: String(status), title, ...(detail ? { detail } : {}) }] });
}

/**
 * @param {RequestContext & { authorized: boolean }} ctx
 * @param {AccountEndpoint} endpoint
 */
export function serveAccount({ state, url, body, req, reply, authorized }, endpoint) {
  if (!authorized) return reply.text(401, '');
  const { operation, problems } = checkIncoming({ req, url, body });
  if (!operation) return reply.text(405, 'Method Not Allowed');
  if (problems.length > 0) return errors(reply, 400, 'Bad Request', problems.join('; '));
  if (state.forbidden.has(endpoint)) return errors(reply, 403, 'Forbidden', 'You do not have permission to perform this action.');
  if (endpoint === 'apps') return listApps(state, url, reply);
  const siteId = (endpoint === 'app' ? decodeURIComponent(url.pathname.split('/').pop() ?? '') : websiteIdOf(url, body)).toLowerCase();
  const site = state.accounts.get(siteId);
  if (endpoint === 'app') {
    // The Apps API answers 404 for an app the client cannot see, as the description lists.
    if (!site?.app) return errors(reply, 404, 'Not Found');
    return reply.jsonApi(200, { data: { type: 'ppms/app', id: siteId, attributes: appAttributes(site.app) } });
  }
  // The object management API answers 403 for a website the client has no access to.
  if (!site) return errors(reply, 403, 'Forbidden');
  switch (endpoint) {
    case 'customDimensions':
      return sendPage(reply, url, site.customDimensions, (d) => customDimension(siteId, d));
    case 'goals':
      return sendPage(reply, url, site.goals, (g) => goal(siteId, g));
    default:
      return req.method === 'POST' ? createAnnotation(site, siteId, body, reply) : listAnnotations(site, siteId, url, reply);
  }
}

/**
 * GET /api/apps/v2: every site with Apps API settings, as App_List_JsonApi, sorted as `sort` asks
 * (default -addedAt, the description's). A site's `addedAt` is its place in the `accounts`
 * option, a minute apart, so sorting by it is well defined. `appsPageCap` makes pages shorter
 * than asked, as a server may.
 * @param {import('./types/piwik.js').SimulatorState} state
 * @param {URL} url
 * @param {Reply} reply
 */
function listApps(state, url, reply) {
  const base = Date.parse('2024-03-01T09:00:00Z');
  const apps = [...state.accounts.entries()].flatMap(([id, site], i) =>
    site.app ? [{ id, name: site.app.name, addedAt: new Date(base + i * 60_000).toISOString() }] : [],
  );
  const sort = url.searchParams.get('sort') ?? '-addedAt';
  const field = /** @type {'name' | 'addedAt'} */ (sort.replace(/^-/, '') === 'name' ? 'name' : 'addedAt');
  apps.sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0) * (sort.startsWith('-') ? -1 : 1));
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), state.config.appsPageCap);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  reply.jsonApi(200, {
    meta: { total: apps.length },
    data: apps.slice(offset, offset + limit).map((a) => ({
      type: 'ppms/app',
      id: a.id,
      attributes: { name: a.name, addedAt: a.addedAt, updatedAt: a.addedAt },
    })),
  });
}

/**
 * @param {URL} url
 * @param {string} body
 */
function websiteIdOf(url, body) {
  if (url.searchParams.has('website_id')) return url.searchParams.get('website_id') ?? '';
  try {
    /** @type {{ data?: { attributes?: { website_id?: unknown } } } | null} */
    const document = JSON.parse(body);
    return String(document?.data?.attributes?.website_id ?? '');
  } catch {
    return '';
  }
}

/**
 * Answers one page of a list as JSON:API resources: `limit` (default 10, as documented) and
 * `offset`, with `meta.total`.
 * @template T
 * @param {Reply} reply
 * @param {URL} url
 * @param {T[]} items
 * @param {(item: T) => unknown} toResource
 */
function sendPage(reply, url, items, toResource) {
  const limit = Number(url.searchParams.get('limit') ?? 10);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  reply.jsonApi(200, { meta: { total: items.length }, data: items.slice(offset, offset + limit).map(toResource) });
}

/**
 * Every attribute of App_Attributes, with the description's defaults where the dataset says nothing.
 * @param {NonNullable<StoredAccount['app']>} app
 */
function appAttributes(app) {
  return {
    organization: 'default',
    appType: 'web',
    addedAt: '2024-03-01T09:00:00+00:00',
    updatedAt: '2026-10-01T12:00:00+00:00',
    name: app.name,
    urls: app.urls ?? [],
    timezone: app.timezone ?? 'UTC',
    currency: app.currency ?? 'USD',
    excludeUnknownUrls: app.excludeUnknownUrls ?? false,
    keepUrlFragment: true,
    eCommerceTracking: app.eCommerceTracking ?? true,
    siteSearchQueryParams: ['q', 'query', 's', 'search', 'searchword', 'keyword'],
    siteSearchCategoryParams: [],
    delay: 500,
    excludedIps: [],
    excludedUrlParams: [],
    excludedUserAgents: [],
    gdpr: true,
    gdprUserModeEnabled: false,
    privacyCookieDomainsEnabled: false,
    privacyCookieExpirationPeriod: 31536000,
    privacyCookieDomains: [],
    gdprLocationRecognition: false,
    gdprDataAnonymization: true,
    sharepointIntegration: false,
    gdprDataAnonymizationMode: 'session_cookie_id',
    privacyUseCookies: true,
    privacyUseFingerprinting: true,
    cnil: false,
    sessionIdStrictPrivacyMode: false,
    realTimeDashboards: false,
  };
}

/**
 * @param {string} siteId
 * @param {StoredAccount['customDimensions'][number]} d
 */
function customDimension(siteId, d) {
  return {
    type: 'CustomDimension',
    id: d.id,
    attributes: {
      website_id: siteId,
      name: d.name,
      active: d.active ?? true,
      case_sensitive: false,
      tracking_id: d.trackingId,
      scope: d.scope ?? 'event',
      slot: d.slot ?? d.trackingId,
      extractions: [],
    },
  };
}

/**
 * @param {string} siteId
 * @param {StoredAccount['goals'][number]} g
 */
function goal(siteId, g) {
  return {
    type: 'Goal',
    id: g.id,
    attributes: {
      website_id: siteId,
      name: g.name,
      description: '',
      trigger: 'manually',
      pattern_type: 'contains',
      pattern: '',
      allow_multiple: false,
      case_sensitive: false,
      revenue: '0.00',
    },
  };
}

/**
 * @param {string} siteId
 * @param {StoredAnnotation} a
 */
function annotation(siteId, a) {
  return {
    type: 'UserAnnotation',
    id: a.id,
    attributes: {
      date: a.date,
      content: a.content,
      website_id: siteId,
      visibility: a.visibility,
      is_author: a.author === undefined,
      author: { email: a.author ?? 'api-client@example.com' },
    },
  };
}

/**
 * Pairs of date_from/date_to (explode: false, so comma-separated) select annotations on those days.
 * @param {StoredAccount} site
 * @param {string} siteId
 * @param {URL} url
 * @param {Reply} reply
 */
function listAnnotations(site, siteId, url, reply) {
  const from = (url.searchParams.get('date_from') ?? '').split(',').filter(Boolean);
  const to = (url.searchParams.get('date_to') ?? '').split(',').filter(Boolean);
  if (from.length !== to.length) return errors(reply, 400, 'Bad Request', 'Number of date_from parameters must match date_to');
  /** @param {StoredAnnotation} a */
  const inRange = (a) => from.length === 0 || from.some((f, i) => a.date >= f && a.date <= to[i]);
  // The API lists public annotations and the client's own private ones.
  const visible = site.annotations.filter((a) => inRange(a) && (a.visibility === 'public' || a.author === undefined));
  return sendPage(reply, url, visible, (a) => annotation(siteId, a));
}

/**
 * The request already passed the contract's check, so its body has the described attributes.
 * @param {StoredAccount} site
 * @param {string} siteId
 * @param {string} body
 * @param {Reply} reply
 */
function createAnnotation(site, siteId, body, reply) {
  /** @type {{ data: { attributes: { date: string; content: string; visibility?: 'private' | 'public' } } }} */
  const document = JSON.parse(body);
  const attributes = document.data.attributes;
  /** @type {StoredAnnotation} */
  const stored = { id: randomUUID(), date: attributes.date, content: attributes.content, visibility: attributes.visibility ?? 'private' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(stored.date)) return errors(reply, 400, 'Bad Request', 'date: Enter a valid date.');
  site.annotations.push(stored);
  return reply.jsonApi(201, { data: annotation(siteId, stored) });
}
