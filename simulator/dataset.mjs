// Datasets for the loopback Piwik PRO simulator (simulator/piwik.mjs).
//
// A *session* here is the simulator's unit of data: the DebugSession record the
// Tracker Debugger API would stream (u64 ids held as BigInt, so they can be
// written as exact integer literals), plus the AnonymizedLog objects (raw
// tracking requests) of its events, which the logs endpoints serve.
//
// Everything is deterministic: ids, UUIDs, names and times come from a small
// seeded PRNG, never Math.random, so a test run can be repeated exactly.
//
// Plain ESM JavaScript on purpose: the demo and the benchmark import this file
// with plain `node`, without a build step. Types live in dataset.d.mts.

import { createHash } from 'node:crypto';

export const U64_MAX = 18446744073709551615n;
/** 2^53 + 1: the smallest integer a JavaScript number cannot hold exactly. */
export const U64_ABOVE_2_53 = 9007199254740993n;

const MINUTE = 60_000;

// ---------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a over UTF-16 code units, then a murmur-style finaliser: string → uint32. */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A small seeded PRNG (sfc32). Good enough for test data, and the same seed
 * always yields the same sequence on every platform.
 * @param {string | number} seed
 */
export function createRng(seed) {
  const text = String(seed);
  let a = hash32(`a:${text}`);
  let b = hash32(`b:${text}`);
  let c = hash32(`c:${text}`);
  let d = hash32(`d:${text}`) | 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 correlate with the seed.
  for (let i = 0; i < 12; i++) next();

  const rng = {
    /** uint32 */
    next,
    /** [0, 1) */
    float: () => next() / 0x1_0000_0000,
    /** integer in [min, max] */
    int: (min, max) => min + Math.floor(rng.float() * (max - min + 1)),
    /** @template T @param {readonly T[]} list @returns {T} */
    pick: (list) => list[Math.floor(rng.float() * list.length)],
    /** n lowercase hex digits */
    hex: (n) => {
      let out = '';
      while (out.length < n) {
        const v = next();
        out += HEX_BYTE[v >>> 24] + HEX_BYTE[(v >>> 16) & 255] + HEX_BYTE[(v >>> 8) & 255] + HEX_BYTE[v & 255];
      }
      return out.length === n ? out : out.slice(0, n);
    },
    /** a uniformly random u64 as BigInt */
    u64: () => (BigInt(next()) << 32n) | BigInt(next()),
    /** a version-4 UUID */
    uuid: () => formatUuid(rng.hex(32)),
  };
  return rng;
}

/** Two hex digits per byte value: hex generation is the hottest path of lazy datasets. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** 32 hex digits → 8-4-4-4-12, with the version-4 and RFC 4122 variant nibbles set. */
function formatUuid(hex) {
  const variant = '89ab'[parseInt(hex[16], 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------
// Formatting helpers shared with the simulator

/** `YYYY-MM-DDTHH:MM:SS` in UTC without a zone suffix: the Debugger API's time format. */
export function formatServerTime(ms) {
  // Hand-rolled rather than toISOString().slice(): lazy datasets format hundreds of thousands of these.
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toISOString().slice(0, 19);
  return `${year}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const two = (n) => (n < 10 ? `0${n}` : `${n}`);

/** u64 → 16 lowercase hex digits, zero-padded (the API's `*_hex` fields). */
export function u64Hex(id) {
  return id.toString(16).padStart(16, '0');
}

/** The Debugger API's labels for `event_type` tuples. Type 10 is hidden by the API. */
export const EVENT_TYPE_LABELS = Object.freeze({
  1: 'Page view',
  2: 'Outlink',
  3: 'Download',
  4: 'Search',
  5: 'Custom event',
  6: 'Content impression',
  7: 'Content interaction',
  8: 'Goal conversion',
  9: 'Ecommerce conversion',
  11: 'SharePoint',
  12: 'Consent form impression',
  13: 'Consent form click',
  14: 'Consent decision',
  15: 'Custom ping',
  16: 'Cart update',
  17: 'Broken event',
  18: 'Excluded event',
  19: 'Heartbeat',
  20: 'Deanonymization',
  21: 'Page performance',
});

// ---------------------------------------------------------------------------
// Fake people and browsers: the personal data the action must redact.

const FIRST_NAMES = ['anna', 'jan', 'maria', 'piotr', 'john', 'emma', 'lukas', 'sofia', 'oliver', 'zofia', 'mateo', 'ines'];
const LAST_NAMES = ['kowalska', 'nowak', 'smith', 'muller', 'garcia', 'rossi', 'dubois', 'jensen', 'novak', 'silva'];
const MAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
const CITIES = [
  { country: 'PL', city: 'Wroclaw', lat: '51.1079', lon: '17.0385', lang: 'pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7' },
  { country: 'DE', city: 'Berlin', lat: '52.5200', lon: '13.4050', lang: 'de-DE,de;q=0.9,en;q=0.8' },
  { country: 'US', city: 'Austin', lat: '30.2672', lon: '-97.7431', lang: 'en-US,en;q=0.9' },
  { country: 'FR', city: 'Lyon', lat: '45.7640', lon: '4.8357', lang: 'fr-FR,fr;q=0.9,en;q=0.6' },
];
const BROWSERS = [
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    os: ['WIN', 'Windows'],
    osVersion: '10',
    engine: 'Blink',
    browser: ['CH', 'Chrome'],
    version: '126.0',
    device: [0, 'Desktop'],
    res: [1920, 1080],
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    os: ['MAC', 'Mac'],
    osVersion: '14.5',
    engine: 'WebKit',
    browser: ['SF', 'Safari'],
    version: '17.5',
    device: [0, 'Desktop'],
    res: [2560, 1440],
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    os: ['IOS', 'iOS'],
    osVersion: '17.5',
    engine: 'WebKit',
    browser: ['MF', 'Mobile Safari'],
    version: '17.5',
    device: [1, 'Smartphone'],
    res: [390, 844],
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
    os: ['LIN', 'GNU/Linux'],
    osVersion: '',
    engine: 'Gecko',
    browser: ['FF', 'Firefox'],
    version: '127.0',
    device: [0, 'Desktop'],
    res: [1366, 768],
  },
];
const CRAWLER_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** A documentation-range address (RFC 5737), so no real person is named. */
function fakeIp(rng) {
  return `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(1, 254)}`;
}

function makeVisitor(rng, userId) {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return {
    // undefined: a made-up e-mail address (the personal data redaction must catch); '' or null: an anonymous visitor.
    userId: userId === undefined ? `${first}.${last}${rng.int(1, 99)}@${rng.pick(MAIL_DOMAINS)}` : userId || '',
    ip: fakeIp(rng),
    place: rng.pick(CITIES),
    browser: rng.pick(BROWSERS),
    configId: rng.hex(16),
    phpSession: rng.hex(26),
  };
}

// ---------------------------------------------------------------------------
// makeSession

let autoSeedCounter = 0;

/**
 * Builds one session as the simulator serves it: the DebugSession record
 * (spec field names, u64 ids as BigInt) and one AnonymizedLog per event whose
 * query_params really carry what the event says (custom event fields, the
 * defect of a broken event, …), merged with the event's `queryParams`
 * overrides (an override of `undefined` removes the parameter).
 *
 * Without `seed`, each call takes the next value of a per-process counter, so
 * building the "same" session twice still yields distinct ids, and a test file
 * that builds its sessions in a fixed order gets the same ids on every run.
 *
 * @param {import('./dataset.mjs').SessionSpec} spec
 * @returns {import('./dataset.mjs').SimSession}
 */
export function makeSession(spec) {
  const { appId, events: eventSpecs } = spec;
  if (!eventSpecs || eventSpecs.length === 0) throw new Error('makeSession: a session needs at least one event');
  const seed = spec.seed ?? `auto:${autoSeedCounter++}`;
  const rng = createRng(`${appId}|${seed}`);
  // The API reports times to the second; keep the Date we filter on identical to what clients see.
  const updatedMs = Math.floor(spec.updatedAt.getTime() / 1000) * 1000;
  const visitor = makeVisitor(rng, spec.userId);
  const cookieId = spec.cookieId ?? rng.u64();
  // Spec: visitor_id is the cookie id, or the first 16 hex digits of SHA-1(user_id) when there is a user id.
  const visitorId = visitor.userId ? BigInt(`0x${createHash('sha1').update(visitor.userId).digest('hex').slice(0, 16)}`) : cookieId;

  const times = eventTimes(rng, updatedMs, eventSpecs);
  const eventIds = eventSpecs.map((e, i) => e.eventId ?? (i === 0 && spec.sessionId !== undefined ? spec.sessionId : rng.u64()));
  // Spec: session_id is copied from the event_id of the first event.
  const sessionId = spec.sessionId ?? eventIds[0];
  const host = spec.host ?? hostOf(eventSpecs) ?? 'www.example.com';

  const events = [];
  const logInputs = [];
  let pageViewIndex = -1;
  eventSpecs.forEach((eventSpec, index) => {
    const type = eventSpec.type;
    if (type === 1) pageViewIndex++;
    const url = eventSpec.url ?? defaultUrl(rng, host, type);
    const title = eventSpec.title ?? (type === 1 ? titleFor(url) : undefined);
    const logUuid = eventSpec.logUuid ?? rng.uuid();
    if (!eventSpec.logMissing) logInputs.push({ eventSpec, url, title, time: times[index], logUuid, pageViewIndex });
    events.push(
      buildEvent(eventSpec, {
        eventId: eventIds[index],
        sessionId,
        index,
        count: eventSpecs.length,
        time: times[index],
        url,
        title,
        logUuid,
        pageViewIndex: Math.max(pageViewIndex, 0),
      }),
    );
  });

  const record = buildSessionRecord({ appId, sessionId, cookieId, visitorId, visitor, updatedMs, times, events, rng, spec });

  // Logs are built on first use, from their own random stream: the debugger
  // endpoint never needs them, and lazy datasets build sessions by the thousand.
  const buildLogs = () => {
    const ctx = { rng: createRng(`${appId}|${seed}|logs`), appId, visitor, cookieId, host, sessionStart: times[0] };
    return logInputs.map((input) => buildLog(ctx, input.eventSpec, input));
  };
  /** @type {import('./dataset.mjs').AnonymizedLog[] | undefined} */
  let logs;
  return {
    appId,
    updatedAt: new Date(updatedMs),
    record,
    get logs() {
      logs ??= buildLogs();
      return logs;
    },
    set logs(value) {
      logs = value;
    },
  };
}

/**
 * A line the simulator writes verbatim in the debugger stream instead of a
 * serialised session (garbage, truncated JSON, …), at the position its
 * `updatedAt` puts it. It passes the event_type and page_url filters.
 * @param {{ appId?: string, updatedAt: Date, text: string }} spec
 * @returns {import('./dataset.mjs').SimSession}
 */
export function makeRawLine({ appId = '', updatedAt, text }) {
  return { appId, updatedAt: new Date(Math.floor(updatedAt.getTime() / 1000) * 1000), rawLine: text, record: undefined, logs: [] };
}

/** Event times: the last event happens at updatedAt, earlier ones a few seconds to a minute apart. */
function eventTimes(rng, updatedMs, eventSpecs) {
  const times = new Array(eventSpecs.length);
  let t = updatedMs;
  for (let i = eventSpecs.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= rng.int(4, 75) * 1000;
  }
  return times;
}

function hostOf(eventSpecs) {
  for (const e of eventSpecs) {
    if (!e.url) continue;
    try {
      return new URL(e.url).host;
    } catch {
      // Hostile or malformed URLs are allowed; they just do not name the host.
    }
  }
  return undefined;
}

const PATHS_BY_TYPE = {
  1: ['/', '/products/trail-shoes', '/blog/how-we-ship', '/cart', '/account/orders', '/search?q=rain+jacket'],
  5: ['/products/trail-shoes', '/newsletter', '/contact'],
  8: ['/thank-you', '/contact/sent'],
  9: ['/checkout/confirmation'],
};

function defaultUrl(rng, host, type) {
  const path = rng.pick(PATHS_BY_TYPE[type] ?? PATHS_BY_TYPE[1]);
  // Some real sites leak e-mail addresses into URLs; keep a share of them here so redaction is exercised.
  const leak =
    rng.float() < 0.25 ? `${path.includes('?') ? '&' : '?'}email=${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}%40example.com` : '';
  return `https://${host}${path}${leak}`;
}

function titleFor(url) {
  let path = '/';
  try {
    path = new URL(url).pathname;
  } catch {
    return 'Untitled page';
  }
  const last = path.split('/').filter(Boolean).pop();
  return last ? `${last.replace(/-/g, ' ')} | Example Store` : 'Home | Example Store';
}

/** Percent-encodes a human-readable URL the way `event_url_original` carries it; hostile text may not be a URL. */
function originalUrl(url) {
  try {
    return encodeURI(url);
  } catch {
    return url;
  }
}

function buildEvent(eventSpec, { eventId, sessionId, index, count, time, url, title, logUuid, pageViewIndex }) {
  const type = eventSpec.type;
  /** @type {Record<string, unknown>} */
  const event = {
    event_id: eventId,
    event_id_str: eventId.toString(),
    event_id_hex: u64Hex(eventId),
    log_uuids: [logUuid],
    session_id: sessionId,
    session_id_str: sessionId.toString(),
    session_id_hex: u64Hex(sessionId),
    is_exit: index === count - 1,
    is_entry: index === 0,
    event_type: [type, EVENT_TYPE_LABELS[type] ?? `Event type ${type}`],
    event_index: index,
    page_view_index: pageViewIndex,
    server_time: formatServerTime(time),
    event_url: url,
  };
  // The API sends the percent-encoded form too; only when it differs, to keep lines near real sizes.
  const original = originalUrl(url);
  if (original !== url) event.event_url_original = original;
  if (title !== undefined) event.event_title = title;
  const ce = eventSpec.customEvent;
  if (ce) {
    if (ce.category !== undefined) event.custom_event_category = ce.category;
    if (ce.action !== undefined) event.custom_event_action = ce.action;
    if (ce.name !== undefined) event.custom_event_name = ce.name;
    // Only a number the API could have parsed shows up as custom_event_value.
    const value = typeof ce.value === 'number' ? ce.value : Number(ce.value);
    if (ce.value !== undefined && Number.isFinite(value) && String(ce.value).trim() !== '') event.custom_event_value = value;
  }
  if (eventSpec.goalId !== undefined) event.goal_id = eventSpec.goalId;
  if (type === 17) event.error_message = eventSpec.errorMessage ?? 'Processing of the event failed due to internal error';
  if (type === 18) event.exclusion_reason = eventSpec.exclusionReason ?? 'IP is on the crawler list';
  return event;
}

/** The raw tracking request behind an event, as GET /api/tracker/v1/logs answers it (AnonymizedLog). */
function buildLog(ctx, eventSpec, { url, title, time, logUuid, pageViewIndex }) {
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

  /** @type {import('./dataset.mjs').AnonymizedLog} */
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
function applyOverrides(params, overrides) {
  if (!overrides) return;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || value === null) delete params[key];
    else params[key] = String(value);
  }
}

/** Header overrides replace a header of the same name, or are appended; a value of undefined removes it. */
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

/** The counters a DebugSession carries, computed from its events. */
function sessionCounters(events) {
  const total = (type) => events.filter((e) => e.event_type[0] === type).length;
  const unique = (type, key) => new Set(events.filter((e) => e.event_type[0] === type).map((e) => e[key] ?? e.event_url)).size;
  return {
    session_total_events: events.length,
    session_total_page_views: total(1),
    session_total_outlinks: total(2),
    session_total_downloads: total(3),
    session_total_site_searches: total(4),
    session_total_custom_events: total(5),
    session_total_content_impressions: total(6),
    session_total_content_interactions: total(7),
    session_total_goal_conversions: total(8),
    session_total_ecommerce_conversions: total(9),
    session_total_abandoned_carts: 0,
    session_unique_page_views: unique(1, 'event_url'),
    session_unique_outlinks: unique(2, 'event_url'),
    session_unique_downloads: unique(3, 'event_url'),
    session_unique_searches: unique(4, 'event_url'),
    session_unique_custom_events: unique(5, 'custom_event_name'),
    session_unique_content_impressions: unique(6, 'event_url'),
    session_unique_content_interactions: unique(7, 'event_url'),
  };
}

function buildSessionRecord({ appId, sessionId, cookieId, visitorId, visitor, updatedMs, times, events, rng, spec }) {
  const returning = rng.float() < 0.4;
  const pageViews = events.filter((e) => e.event_type[0] === 1);
  const entry = pageViews[0] ?? events[0];
  const exit = pageViews[pageViews.length - 1] ?? events[events.length - 1];
  const browser = visitor.browser;
  const goals = events.filter((e) => e.goal_id !== undefined).map((e) => e.goal_id);
  /** @type {Record<string, unknown>} */
  const record = {
    session_id: sessionId,
    session_id_str: sessionId.toString(),
    session_id_hex: u64Hex(sessionId),
    server_time: formatServerTime(times[0]),
    updated_at: formatServerTime(updatedMs),
    app_uuid: appId,
    organization: spec.organization ?? 'example-org',
    cookie_id: cookieId,
    cookie_id_str: cookieId.toString(),
    cookie_id_hex: u64Hex(cookieId),
    visitor_id: visitorId,
    visitor_id_str: visitorId.toString(),
    visitor_id_hex: u64Hex(visitorId),
    local_time: new Date(times[0]).toISOString().slice(11, 19),
    visitor_returning: returning ? [1, 'Returning'] : [0, 'New'],
    visitor_session_number: returning ? rng.int(2, 30) : 1,
    visitor_days_since_last_session: returning ? rng.int(1, 60) : 0,
    visitor_days_since_first_session: returning ? rng.int(60, 400) : 0,
    session_first_event_time: formatServerTime(times[0]),
    session_last_event_time: formatServerTime(times[times.length - 1]),
    session_total_time: Math.round((times[times.length - 1] - times[0]) / 1000),
    ...sessionCounters(events),
    session_ecommerce_status: events.some((e) => e.event_type[0] === 9) ? [1, 'Ordered'] : [0, 'No shopping activity'],
    source: 'google',
    medium: 'organic',
    source_medium: 'google / organic',
    referrer_type: [2, 'Search engine'],
    referrer_name: 'Google',
    referrer_url: 'https://www.google.com/',
    operating_system: browser.os,
    operating_system_version: browser.osVersion,
    browser_engine: browser.engine,
    browser_name: browser.browser,
    browser_version: browser.version,
    device_type: browser.device,
    resolution_width: browser.res[0],
    resolution_height: browser.res[1],
    resolution: `${browser.res[0]}x${browser.res[1]}`,
    location_ipv4: visitor.ip,
    location_country_iso_code: visitor.place.country,
    location_city_name: visitor.place.city,
    session_entry_url: entry.event_url,
    session_entry_title: entry.event_title ?? '',
    session_exit_url: exit.event_url,
    session_exit_title: exit.event_title ?? '',
    is_bounce: events.length === 1,
    session_goals: goals,
    tracking_sources: [{ name: ['jstc_tm', 'JavaScript Tracking Client using Tag Manager'], orig_name: 'jstc_tm', version: '2.3.1' }],
    events,
    plugin_pdf: true,
    plugin_flash: false,
    plugin_java: false,
    plugin_quicktime: false,
    plugin_realplayer: false,
    plugin_windowsmedia: false,
    plugin_gears: false,
    plugin_silverlight: false,
    plugin_cookie: true,
    plugin_director: false,
  };
  if (visitor.userId) record.user_id = visitor.userId;
  return record;
}

// ---------------------------------------------------------------------------
// The demo dataset

export const DEMO_SITE_IDS = Object.freeze({
  shop: '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13',
  blog: '7d2e4f60-8a1b-4c3d-9e5f-b6a7c8d9e0f1',
});

/** The broken-event messages of the demo, as Piwik PRO's processing would word them. */
export const DEMO_MESSAGES = Object.freeze({
  customEventValue: 'Invalid custom event value: twelve',
  contentNameTooLong: 'Content name too long: 1500 characters',
  ecProducts: (order) => `Invalid ec_products: cannot parse JSON for order ${order}`,
  ecItems: 'Unsupported parameter ec_items',
  missingIdsite: 'Missing required parameter: idsite',
  crawler: 'IP is on the crawler list',
});

/**
 * A realistic 1500-character content name (the spec allows 1024): a tag that
 * sends a whole teaser's text as the content block's name.
 */
function longContentName() {
  let value = '';
  for (let i = 1; value.length < 1500; i++) value += `Trail shoes size ${36 + (i % 12)} now ${10 + (i % 40)}% off, free returns. `;
  return value.slice(0, 1500);
}

const page = (path, title) => ({ type: 1, url: `https://shop.example.com${path}`, title });

function brokenEcProducts(order, host = 'shop.example.com') {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.ecProducts(order),
    url: `https://${host}/checkout/confirmation?order=${order}`,
    title: 'Order confirmed | Example Store',
    // Truncated JSON: the closing brackets never made it into the request.
    queryParams: { idgoal: '0', ec_id: String(order), revenue: '259.98', ec_products: '[["sku-2231","Trail shoes","Shoes",129.99,2' },
  };
}

function brokenCustomEventValue(url) {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.customEventValue,
    url,
    title: 'Newsletter | Example Store',
    customEvent: { category: 'Newsletter', action: 'Subscribe', name: 'footer-form', value: 'twelve' },
  };
}

function brokenContentName(url) {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.contentNameTooLong,
    url,
    title: 'Cart | Example Store',
    queryParams: { c_n: longContentName(), c_p: 'teaser-banner', c_t: 'https://shop.example.com/sale' },
  };
}

/**
 * The dataset `node scripts/demo.mjs` shows: two sites with a handful of
 * sessions in the last 60 minutes before `now`, newest first per site.
 * @param {Date} [now]
 */
export function demoDataset(now = new Date()) {
  const at = (minutesAgo) => new Date(now.getTime() - minutesAgo * MINUTE);
  const { shop, blog } = DEMO_SITE_IDS;
  const shopSessions = [
    makeSession({
      appId: shop,
      seed: 'demo-shop-1',
      updatedAt: at(2),
      // The largest u64 as session id, and 2^53 + 1 as the broken event's id: clients that parse ids as numbers get them wrong.
      sessionId: U64_MAX,
      events: [
        page('/', 'Home | Example Store'),
        page('/products/trail-shoes', 'Trail shoes | Example Store'),
        { ...brokenEcProducts(1234), eventId: U64_ABOVE_2_53 },
        page('/thank-you', 'Thank you | Example Store'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-2',
      updatedAt: at(7),
      events: [
        page('/newsletter?email=anna.kowalska%40example.com', 'Newsletter | Example Store'),
        brokenCustomEventValue('https://shop.example.com/newsletter?email=anna.kowalska%40example.com'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-3',
      updatedAt: at(12),
      events: [page('/cart', 'Cart | Example Store'), brokenEcProducts(987)],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-4',
      updatedAt: at(18),
      events: [
        page('/checkout', 'Checkout | Example Store'),
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.ecItems,
          url: 'https://shop.example.com/checkout/confirmation?order=A-5512',
          title: 'Order confirmed | Example Store',
          // ec_items is the deprecated alias of ec_products.
          queryParams: {
            idgoal: '0',
            ec_id: 'A-5512',
            revenue: '18.24',
            ec_items: '[["craft-311","Unicorn Iron on Patch","Crafts & Sewing",4.99,3]]',
          },
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-5',
      updatedAt: at(25),
      events: [
        page('/', 'Home | Example Store'),
        page('/blog/how-we-ship', 'How we ship | Example Store'),
        {
          type: 5,
          url: 'https://shop.example.com/blog/how-we-ship',
          customEvent: { category: 'Video', action: 'Play', name: 'shipping-explainer', value: 12 },
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-6',
      updatedAt: at(33),
      events: [
        page('/newsletter', 'Newsletter | Example Store'),
        brokenCustomEventValue('https://shop.example.com/newsletter'),
        brokenContentName('https://shop.example.com/cart'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-7',
      updatedAt: at(41),
      events: [
        {
          type: 18,
          exclusionReason: DEMO_MESSAGES.crawler,
          url: 'https://shop.example.com/products/trail-shoes',
          title: 'Trail shoes | Example Store',
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-8',
      updatedAt: at(52),
      events: [page('/account/orders?email=jan.nowak%40example.org', 'Your orders | Example Store'), brokenEcProducts(55021)],
    }),
  ];
  const blogPage = (path, title) => ({ type: 1, url: `https://blog.example.com${path}`, title });
  const blogSessions = [
    makeSession({
      appId: blog,
      seed: 'demo-blog-1',
      updatedAt: at(4),
      events: [
        blogPage('/posts/release-notes', 'Release notes | Example Blog'),
        brokenContentName('https://blog.example.com/posts/release-notes'),
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-2',
      updatedAt: at(15),
      events: [
        blogPage('/', 'Example Blog'),
        // A hand-written tracking snippet that forgot the app id.
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.missingIdsite,
          url: 'https://blog.example.com/posts/hello-world',
          title: 'Hello world | Example Blog',
          queryParams: { idsite: undefined },
        },
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-3',
      updatedAt: at(29),
      events: [
        blogPage('/posts/hello-world', 'Hello world | Example Blog'),
        blogPage('/about', 'About | Example Blog'),
        { type: 8, url: 'https://blog.example.com/about', goalId: 3 },
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-4',
      updatedAt: at(58),
      events: [
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.missingIdsite,
          url: 'https://blog.example.com/subscribe?email=maria.rossi%40example.net',
          title: 'Subscribe | Example Blog',
          queryParams: { idsite: undefined },
        },
      ],
    }),
  ];
  return { sites: { [shop]: shopSessions, [blog]: blogSessions }, siteIds: [shop, blog] };
}

// ---------------------------------------------------------------------------
// Hostile strings: what a report must neither execute nor let ping anyone.

export const HOSTILE = Object.freeze({
  slackChannel: '<!channel>',
  slackHere: '<!here>',
  slackUser: '<@U123ABC>',
  slackLink: '<https://evil.example|click>',
  githubMention: '@octocat',
  issueRef: '#1',
  crossRepoRef: 'owner/repo#2',
  codeFence: '```',
  workflowError: '::error::pwned',
  azureError: '##[error]pwned',
  addMask: '::add-mask::x',
  html: '<img src=x onerror=alert(1)>',
  newlineCommand: '\n::warning::x',
  markdownLink: '[click me](https://evil.example/phish)',
});

export const HOSTILE_SITE_ID = 'e0b1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/**
 * One site whose broken events carry the HOSTILE payloads in error_message,
 * event_url, event_title, custom event fields and raw query params.
 * @param {Date} [now]
 */
export function hostileDataset(now = new Date()) {
  const entries = Object.entries(HOSTILE);
  const sessions = entries.map(([key, payload], i) =>
    makeSession({
      appId: HOSTILE_SITE_ID,
      seed: `hostile-${key}`,
      updatedAt: new Date(now.getTime() - (i + 1) * MINUTE),
      events: [
        { type: 1, url: `https://shop.example.com/search?q=${payload}`, title: `Search: ${payload}` },
        {
          type: 17,
          errorMessage: `Invalid custom event value: ${payload}`,
          url: `https://shop.example.com/p/${payload}`,
          title: payload,
          customEvent: { category: payload, action: `click ${payload}`, name: payload, value: payload },
          queryParams: { dimension1: payload, uid: `${payload}@example.com` },
          headers: { 'user-agent': `Mozilla/5.0 ${payload}` },
        },
      ],
    }),
  );
  const everything = entries.map(([, p]) => p).join(' ');
  sessions.push(
    makeSession({
      appId: HOSTILE_SITE_ID,
      seed: 'hostile-all',
      updatedAt: new Date(now.getTime() - (entries.length + 1) * MINUTE),
      events: [
        {
          type: 17,
          errorMessage: everything,
          url: `https://shop.example.com/?all=${everything}`,
          title: everything,
          queryParams: { e_n: everything },
        },
      ],
    }),
  );
  return { sites: { [HOSTILE_SITE_ID]: sessions }, siteIds: [HOSTILE_SITE_ID] };
}

// ---------------------------------------------------------------------------
// Lazy datasets for scale tests and benchmarks

// Ids of lazy sessions are an invertible mix of (site, session, event), so the
// simulator can find an event or log by id without scanning 50,000 sessions.
const MASK64 = (1n << 64n) - 1n;
const MIX_XOR = 0x9e3779b97f4a7c15n;
const MIX_MUL = 0xbf58476d1ce4e5b9n; // odd, hence invertible modulo 2^64
const MIX_MUL_INV = (() => {
  let inv = MIX_MUL; // Newton's iteration doubles the correct low bits each step.
  for (let i = 0; i < 6; i++) inv = (inv * (2n - ((MIX_MUL * inv) & MASK64))) & MASK64;
  return inv;
})();
const mix64 = (x) => ((x ^ MIX_XOR) * MIX_MUL) & MASK64;
const unmix64 = (y) => ((y * MIX_MUL_INV) & MASK64) ^ MIX_XOR;
const MAX_EVENTS_PER_LAZY_SESSION = 255;

function lazyEventId(siteIndex, sessionIndex, eventIndex) {
  return mix64((BigInt(siteIndex) << 48n) | (BigInt(sessionIndex) << 8n) | BigInt(eventIndex));
}

function decodeLazyEventId(eventId) {
  const x = unmix64(eventId);
  return { siteIndex: Number(x >> 48n), sessionIndex: Number((x >> 8n) & 0xffffffffffn), eventIndex: Number(x & 0xffn) };
}

// The same trick on 48 bits for the last group of log UUIDs: multiply by an odd constant, then xorshift.
const MASK48 = (1n << 48n) - 1n;
const MIX48_MUL = 0x5deece66dn;
const MIX48_MUL_INV = (() => {
  let inv = MIX48_MUL;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - ((MIX48_MUL * inv) & MASK48))) & MASK48;
  return inv;
})();
const mix48 = (x) => {
  const y = (x * MIX48_MUL) & MASK48;
  return y ^ (y >> 24n);
};
const unmix48 = (y) => ((y ^ (y >> 24n)) * MIX48_MUL_INV) & MASK48; // x ^ (x >> 24) is its own inverse on 48 bits

/** Random-looking UUID whose last group encodes (site, session, event). */
function lazyLogUuid(rng, siteIndex, sessionIndex, eventIndex) {
  const tail = mix48((BigInt(siteIndex) << 40n) | (BigInt(sessionIndex) << 8n) | BigInt(eventIndex));
  return formatUuid(rng.hex(20) + tail.toString(16).padStart(12, '0'));
}

function decodeLazyLogUuid(uuid) {
  const tail = unmix48(BigInt(`0x${uuid.slice(-12)}`));
  return { siteIndex: Number(tail >> 40n), sessionIndex: Number((tail >> 8n) & 0xffffffffn), eventIndex: Number(tail & 0xffn) };
}

// Group words use only letters outside a-f, so no normaliser mistakes them for hex ids.
const CONSONANTS = 'gklmnprstvz';
const VOWELS = 'iou';
function groupWord(group) {
  const syllables = [];
  let n = group;
  for (let i = 0; i < 3; i++) {
    const s = n % (CONSONANTS.length * VOWELS.length);
    syllables.push(CONSONANTS[Math.floor(s / VOWELS.length)] + VOWELS[s % VOWELS.length]);
    n = Math.floor(n / (CONSONANTS.length * VOWELS.length));
  }
  return syllables.join('') + (n > 0 ? `x${groupWord(n)}` : '');
}

/**
 * Broken event of group `group`: five defect kinds, each message naming the
 * group's word plus a number that differs per event (an order, a length, …), so
 * a grouping that ignores numbers yields exactly `groups` groups per site.
 */
function scaleBrokenEvent(group, rng, host) {
  const word = groupWord(group);
  const n = rng.int(100, 99999);
  const url = `https://${host}/checkout/confirmation?order=${n}`;
  switch (group % 5) {
    case 0:
      return {
        type: 17,
        errorMessage: `Invalid custom event value: ${word} for event ${n}`,
        url,
        customEvent: { category: 'Promo', action: 'Click', name: `banner-${word}`, value: word },
      };
    case 1:
      return {
        type: 17,
        errorMessage: `Invalid ec_products: cannot parse JSON near ${word} for order ${n}`,
        url,
        queryParams: { idgoal: '0', ec_id: String(n), ec_products: `[["${word}","Trail shoes",129.99,` },
      };
    case 2: {
      const length = 1025 + (n % 4000);
      const value = `${word}-`.repeat(Math.ceil(length / (word.length + 1))).slice(0, length);
      return {
        type: 17,
        errorMessage: `Custom dimension value too long: ${word} has ${length} characters`,
        url,
        queryParams: { dimension3: value },
      };
    }
    case 3:
      return {
        type: 17,
        errorMessage: `Unsupported parameter ${word}_items in order ${n}`,
        url,
        queryParams: { [`${word}_items`]: '[["sku-1",1]]' },
      };
    default:
      return { type: 17, errorMessage: `Unknown goal ${word} requested from order ${n}`, url, queryParams: { idgoal: word } };
  }
}

/** The example message of a group, as reported in `expected.groups`. */
function groupMessageSample(group) {
  return scaleBrokenEvent(group, createRng(`sample:${group}`), 'www.example.com').errorMessage;
}

/** How many of the `total` items fall on slot g of `slots`, spread evenly (and where they start). */
function spread(g, total, slots) {
  const first = Math.floor((g * total) / slots);
  return { first, count: Math.floor(((g + 1) * total) / slots) - first };
}

function siteUuid(seed, siteIndex) {
  return createRng(`${seed}:site:${siteIndex}`).uuid();
}

/**
 * Lazy datasets: `sessions` sessions per site (newest first, spread over the
 * 59 minutes before `now`), `brokenEvents` broken events in total spread evenly
 * over all sessions of all sites, broken event k having group k % groups.
 * Other events are page views and a few custom events. Nothing is held in
 * memory: session i is generated when asked for, identically every time.
 * Pass the same `now` to startPiwikSimulator, or the window drifts.
 * @param {import('./dataset.mjs').ScaleOptions} options
 * @returns {import('./dataset.mjs').ScaleDataset}
 */
export function scaleDataset({ sites = 1, sessions, brokenEvents = 0, groups = 1, now = new Date(), seed = 'scale', spanMinutes = 59 }) {
  if (!(sessions > 0)) throw new Error('scaleDataset: sessions must be positive');
  if (sites > 255) throw new Error('scaleDataset: at most 255 sites');
  if (groups < 1) throw new Error('scaleDataset: groups must be at least 1');
  const totalSessions = sites * sessions;
  if (brokenEvents > totalSessions * 200) throw new Error('scaleDataset: at most 200 broken events per session');
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const stepMs = (spanMinutes * MINUTE) / sessions;
  const siteIds = Array.from({ length: sites }, (_, s) => siteUuid(seed, s));

  const siteMap = {};
  const perSite = {};
  siteIds.forEach((appId, siteIndex) => {
    const updatedAtMs = (i) => Math.floor((nowMs - (i + 0.5) * stepMs) / 1000) * 1000;
    // The event specs of session i, without building records and logs: cheap enough for the simulator to scan.
    const plan = (i) => {
      if (!(i >= 0 && i < sessions)) throw new RangeError(`session index ${i} out of range`);
      const rng = createRng(`${seed}:${siteIndex}:${i}`);
      const host = `www.site${siteIndex + 1}.example.com`;
      const broken = spread(siteIndex * sessions + i, brokenEvents, totalSessions);
      const normal = rng.int(2, 5);
      const specs = [];
      for (let j = 0; j < normal; j++) {
        specs.push(
          j > 0 && rng.float() < 0.2
            ? {
                type: 5,
                url: `https://${host}/products/item-${rng.int(1, 400)}`,
                customEvent: { category: 'Product', action: 'Zoom', name: `gallery-${rng.int(1, 9)}`, value: rng.int(1, 20) },
              }
            : {
                type: 1,
                url: `https://${host}/products/item-${rng.int(1, 400)}${rng.float() < 0.2 ? '?email=someone%40example.com' : ''}`,
              },
        );
      }
      for (let b = 0; b < broken.count; b++) {
        // Put broken events between page views, as a faulty tag fires mid-session.
        specs.splice(rng.int(1, specs.length), 0, scaleBrokenEvent((broken.first + b) % groups, rng, host));
      }
      return { rng, specs };
    };
    const session = (i) => {
      const { rng, specs } = plan(i);
      specs.forEach((spec, j) => {
        spec.eventId = lazyEventId(siteIndex, i, j);
        spec.logUuid = lazyLogUuid(rng, siteIndex, i, j);
      });
      return makeSession({ appId, seed: `${seed}:${siteIndex}:${i}`, updatedAt: new Date(updatedAtMs(i)), events: specs });
    };
    const ownIndex = (decoded) => (decoded.siteIndex === siteIndex && decoded.sessionIndex < sessions ? decoded : undefined);
    siteMap[appId] = {
      count: sessions,
      session,
      updatedAt: (i) => new Date(updatedAtMs(i)),
      eventTypes: (i) => plan(i).specs.map((spec) => spec.type),
      findEvent(eventId) {
        const at = eventId <= MASK64 && eventId >= 0n ? ownIndex(decodeLazyEventId(eventId)) : undefined;
        if (!at || at.eventIndex > MAX_EVENTS_PER_LAZY_SESSION) return undefined;
        const found = session(at.sessionIndex);
        const event = found.record.events[at.eventIndex];
        return event && event.event_id === eventId ? { session: found, event } : undefined;
      },
      findLog(uuid) {
        if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
        const at = ownIndex(decodeLazyLogUuid(uuid.toLowerCase()));
        if (!at) return undefined;
        return session(at.sessionIndex).logs.find((log) => log.id === uuid.toLowerCase());
      },
    };
    // The sum of spread(g) over this site's sessions telescopes to one difference.
    const siteBroken =
      Math.floor(((siteIndex + 1) * sessions * brokenEvents) / totalSessions) -
      Math.floor((siteIndex * sessions * brokenEvents) / totalSessions);
    perSite[appId] = { sessions, brokenEvents: siteBroken };
  });

  const groupList = Array.from({ length: Math.min(groups, Math.max(brokenEvents, 0)) }, (_, g) => ({
    index: g,
    sample: groupMessageSample(g),
    count: Math.floor(brokenEvents / groups) + (g < brokenEvents % groups ? 1 : 0),
  }));
  return { sites: siteMap, siteIds, expected: { sessions: totalSessions, brokenEvents, perSite, groups: groupList } };
}

/**
 * One site with `sessions` lazy sessions and only a few broken events: for
 * measuring memory while streaming a large answer.
 * @param {{ sessions: number, now?: Date, brokenEvents?: number, seed?: string }} options
 */
export function largeDataset({ sessions, now = new Date(), brokenEvents = Math.min(sessions, 12), seed = 'large' }) {
  return scaleDataset({ sites: 1, sessions, brokenEvents, groups: 3, now, seed });
}
