// makeSession: one session as the simulator serves it, from a short spec of
// its events. The building blocks of every dataset family.

import { createHash } from 'node:crypto';
import { EVENT_TYPE_LABELS, formatServerTime, u64Hex } from './format.mjs';
import { buildLog } from './logs.mjs';
import { createRng } from './random.mjs';
import { buildSessionRecord } from './record.mjs';
import { FIRST_NAMES, LAST_NAMES, makeVisitor } from './visitors.mjs';

/** @import { AnonymizedLog, DebugEventRecord, EventPlace, EventSpec, LogInput, RawLineSession, RecordSession, Rng, SessionSpec } from './types.js' */

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
 * @param {SessionSpec} spec
 * @returns {RecordSession}
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

  /** @type {DebugEventRecord[]} */
  const events = [];
  /** @type {LogInput[]} */
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
  /** @type {AnonymizedLog[] | undefined} */
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
 * @returns {RawLineSession}
 */
export function makeRawLine({ appId = '', updatedAt, text }) {
  return { appId, updatedAt: new Date(Math.floor(updatedAt.getTime() / 1000) * 1000), rawLine: text, record: undefined, logs: [] };
}

/**
 * Event times: the last event happens at updatedAt, earlier ones a few seconds to a minute apart.
 * @param {Rng} rng
 * @param {number} updatedMs
 * @param {readonly EventSpec[]} eventSpecs
 */
function eventTimes(rng, updatedMs, eventSpecs) {
  /** @type {number[]} */
  const times = new Array(eventSpecs.length);
  let t = updatedMs;
  for (let i = eventSpecs.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= rng.int(4, 75) * 1000;
  }
  return times;
}

/** @param {readonly EventSpec[]} eventSpecs */
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

/** @type {Record<number, string[]>} */
const PATHS_BY_TYPE = {
  1: ['/', '/products/trail-shoes', '/blog/how-we-ship', '/cart', '/account/orders', '/search?q=rain+jacket'],
  5: ['/products/trail-shoes', '/newsletter', '/contact'],
  8: ['/thank-you', '/contact/sent'],
  9: ['/checkout/confirmation'],
};

/**
 * @param {Rng} rng
 * @param {string} host
 * @param {number} type
 */
function defaultUrl(rng, host, type) {
  const path = rng.pick(PATHS_BY_TYPE[type] ?? PATHS_BY_TYPE[1]);
  // Some real sites leak e-mail addresses into URLs; keep a share of them here so redaction is exercised.
  const leak =
    rng.float() < 0.25 ? `${path.includes('?') ? '&' : '?'}email=${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}%40example.com` : '';
  return `https://${host}${path}${leak}`;
}

/** @param {string} url */
function titleFor(url) {
  let path;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'Untitled page';
  }
  const last = path.split('/').filter(Boolean).pop();
  return last ? `${last.replace(/-/g, ' ')} | Example Store` : 'Home | Example Store';
}

/**
 * Percent-encodes a human-readable URL the way `event_url_original` carries it; hostile text may not be a URL.
 * @param {string} url
 */
function originalUrl(url) {
  try {
    return encodeURI(url);
  } catch {
    return url;
  }
}

/**
 * @param {EventSpec} eventSpec
 * @param {EventPlace} place
 * @returns {DebugEventRecord}
 */
function buildEvent(eventSpec, { eventId, sessionId, index, count, time, url, title, logUuid, pageViewIndex }) {
  const type = eventSpec.type;
  /** @type {DebugEventRecord} */
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
