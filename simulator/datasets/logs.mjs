// The raw tracking request (AnonymizedLog) behind each event of a session.

import { formatServerTime, u64Hex } from './format.mjs';
import { CRAWLER_UA } from './visitors.mjs';

/** @import { AnonymizedLog, EventSpec, LogContext, LogInput } from './types.js' */

/** The raw tracking request behind an event, as GET /api/tracker/v1/logs answers it (AnonymizedLog). */
/**
 * @param {LogContext} ctx
 * @param {EventSpec} eventSpec
 * @param {LogInput} input
 */
export function buildLog(ctx, eventSpec, { url, title, time, logUuid, pageViewIndex }) {
  const { rng, appId, visitor, cookieId, host } = ctx;
  const type = eventSpec.type;
  const local = new Date(time);
  const cookieHex = u64Hex(cookieId);
  /** @type {Record<string, string>} */
  const params = {
    idsite: appId,
    rec: '1',
    r: String(rng.int(100000, 999999)),
    url,
    _id: cookieHex,
    _idts: String(Math.floor(ctx.sessionStart / 1000) - 86400 * rng.int(0, 30)),
    _idvc: String(rng.int(1, 12)),
    _viewts: String(Math.floor(ctx.sessionStart / 1000) - 3600),
    uid: visitor.userId,
    cid: visitor.configId,
    res: `${visitor.browser.res[0]}x${visitor.browser.res[1]}`,
    h: String(local.getUTCHours()),
    m: String(local.getUTCMinutes()),
    s: String(local.getUTCSeconds()),
    pv_id: rng.hex(6),
    urlref: 'https://www.google.com/',
    send_image: '0',
    cookie: '1',
    pdf: '1',
    ts_n: 'jstc_tm',
    ts_v: '2.3.1',
  };
  if (!visitor.userId) delete params.uid;
  if (title !== undefined && (type === 1 || type === 17 || type === 18)) params.action_name = title;
  const ce = eventSpec.customEvent;
  if (ce) {
    if (ce.category !== undefined) params.e_c = String(ce.category);
    if (ce.action !== undefined) params.e_a = String(ce.action);
    if (ce.name !== undefined) params.e_n = String(ce.name);
    if (ce.value !== undefined) params.e_v = String(ce.value);
  }
  if (eventSpec.goalId !== undefined) {
    params.idgoal = String(eventSpec.goalId);
    params.revenue = '10.00';
  }
  if (type === 9) {
    params.idgoal = '0';
    params.ec_id = `ORD${rng.int(10000, 99999)}`;
    params.ec_products = JSON.stringify([['sku-2231', 'Trail shoes', 'Shoes', 129.99, 1]]);
    params.revenue = '129.99';
  }
  if (pageViewIndex < 0) delete params.pv_id;
  applyOverrides(params, eventSpec.queryParams);

  const userAgent = type === 18 ? CRAWLER_UA : visitor.browser.ua;
  const headers = mergeHeaders(
    [
      ['x-forwarded-for', `${visitor.ip}, 10.12.0.7`],
      ['x-real-ip', visitor.ip],
      ['user-agent', userAgent],
      ['accept-language', visitor.place.lang],
      ['referer', url],
      [
        'cookie',
        `_pk_id.${appId.slice(0, 8)}.${rng.hex(4)}=${cookieHex}.${params._idts}; _pk_ses.${appId.slice(0, 8)}=1; PHPSESSID=${visitor.phpSession}`,
      ],
      ['x-geoip-country', visitor.place.country],
      ['x-geoip-city', visitor.place.city],
      ['x-geoip-latitude', visitor.place.lat],
      ['x-geoip-longitude', visitor.place.lon],
    ],
    eventSpec.headers,
  );

  /** @type {AnonymizedLog} */
  const log = {
    id: logUuid,
    // Nanosecond precision like the real API; truncated to seconds it equals the event's server_time.
    time: `${formatServerTime(time)}.${String(rng.int(0, 999_999_999)).padStart(9, '0')}Z`,
    ip: '<anonymized>',
    host,
    scheme: 'https',
    method: 'GET',
    headers,
    query_params: params,
    cookie_id: cookieHex,
    debug: false,
  };
  if (params.uid !== undefined) log.user_id = params.uid;
  return log;
}

/** Applies overrides in place: a string replaces, `undefined` removes (e.g. a request without idsite). */
/**
 * @param {Record<string, string>} params
 * @param {EventSpec['queryParams']} overrides
 */
function applyOverrides(params, overrides) {
  if (!overrides) return;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || value === null) delete params[key];
    else params[key] = String(value);
  }
}

/** Header overrides replace a header of the same name, or are appended; a value of undefined removes it. */
/**
 * @param {[string, string][]} base
 * @param {EventSpec['headers']} overrides
 */
function mergeHeaders(base, overrides) {
  if (!overrides) return base;
  const entries = Array.isArray(overrides) ? overrides : Object.entries(overrides);
  let headers = base;
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    headers = headers.filter(([n]) => n !== lower);
    if (value !== undefined && value !== null) headers.push([lower, String(value)]);
  }
  return headers;
}
