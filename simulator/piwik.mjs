// A loopback simulator of the Piwik PRO APIs the action talks to: the token
// endpoint, the Tracker Debugger API (`/api/tracker/v1/debugger`), its Logs
// API (`/api/tracker/v1/logs`), the older undocumented `/api/tracker/v1/log`,
// the account APIs (site details, custom dimensions, goals, user
// annotations: see account.mjs), the Analytics HTTP API's real-time query
// and query, counted from the same sessions (see analytics.mjs), and the Tag
// Manager API's versions and changelogs (tagmanager.mjs).
// Integration tests, the demo and the benchmark all run against it.
//
// It follows Piwik PRO's OpenAPI description of the Tracker Debugger API:
// parameter validation and error bodies, NDJSON streamed a line per write, and
// u64 ids written as exact integer literals (which JSON.stringify cannot do).
// Fault scripts make it misbehave on demand: error statuses, delays, cut
// streams, expiring tokens, raw garbage bodies.
//
// Plain ESM JavaScript with node: built-ins only, so `node scripts/demo.mjs`
// and the benchmark can import it without a build step; type-checked by tsc (checkJs):
// the shapes it takes and answers are in types/piwik.ts.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { demoDataset, scaleDataset, U64_MAX, withSilentSite } from './dataset.mjs';
import { withDrift } from './demo-account.mjs';
import { cancellableDelays, closeServer, listenOnLoopback } from './loopback.mjs';
import { accountEndpoint, makeAccountStore, serveAccount } from './account.mjs';
import { isTagManagerPath, makeContainerStore, serveTagManager } from './tagmanager.mjs';
import { analyticsEndpoint, serveAnalytics } from './analytics.mjs';
import { CuttingReply, Reply } from './reply.mjs';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { AnonymizedLog, Dataset, DebugEventRecord, LazyDataset, SimSession } from './datasets/types.js' */
/** @import { Clock, Fault, RecordedRequest, RequestContext, SimulatorState, StatusFault } from './types/piwik.js' */
// What the tests import from here.
/**
 * @typedef {import('./types/piwik.js').Endpoint} Endpoint
 * @typedef {import('./types/piwik.js').FaultScripts} FaultScripts
 * @typedef {import('./types/piwik.js').PiwikSimulator} PiwikSimulator
 * @typedef {import('./types/piwik.js').SimulatorOptions} SimulatorOptions
 */

/** @type {Map<string, Endpoint>} */
const ENDPOINTS = new Map([
  ['/auth/token', 'token'],
  ['/api/tracker/v1/debugger', 'debugger'],
  ['/api/tracker/v1/logs', 'logs'],
  ['/api/tracker/v1/log', 'legacyLog'],
]);

// Error bodies as the real API words them (see the spec's response examples).
const DESERIALIZATION_ERROR = 'Request parameters deserialization error.';
const PAGE_NOT_FOUND = '404 page not found';
const INTERNAL_ERROR = 'Internal error occurred. Check logs';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNSIGNED_RE = /^\d+$/;
// The debugger's event_type enum: 1-21 without 10 (abandoned cart is hidden).
const EVENT_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
const NDJSON = 'application/x-ndjson';

/**
 * Starts the simulator on 127.0.0.1 and an ephemeral port (or `options.port`).
 * @param {SimulatorOptions} [options]
 * @returns {Promise<PiwikSimulator>}
 */
export async function startPiwikSimulator(options = {}) {
  const config = {
    clientId: options.clientId ?? 'test-client',
    clientSecret: options.clientSecret ?? 'test-secret',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
    latencyMs: options.latencyMs ?? 0,
    logsEndpoint: options.logsEndpoint ?? 'documented',
    maxUrlLength: options.maxUrlLength ?? 8000,
    appsPageCap: options.appsPageCap ?? 1000,
  };
  const sites = new Map(Object.entries(options.sites ?? {}).map(([id, dataset]) => [id.toLowerCase(), dataset]));
  // Spread keeps the caller's arrays, so pushing to either the option's arrays or sim.faults works.
  /** @type {FaultScripts} */
  const faults = {
    token: [],
    debugger: [],
    logs: [],
    legacyLog: [],
    apps: [],
    app: [],
    customDimensions: [],
    goals: [],
    annotations: [],
    tagManager: [],
    realTimeQuery: [],
    query: [],
    ...options.faults,
  };
  const accounts = makeAccountStore(options.accounts);
  const containers = makeContainerStore(options.tagManager);
  const forbidden = new Set(options.forbidden ?? []);
  const clock = makeClock(options.now);
  /** @type {Map<string, number>} access token → expiry (ms on the simulator clock) */
  const tokens = new Map();
  /** @type {RecordedRequest[]} */
  const requests = [];
  const delays = cancellableDelays();
  let closed = false;

  /** @type {SimulatorState} */
  const state = { config, sites, faults, clock, tokens, sleep: delays.sleep, accounts, forbidden, containers };

  const server = http.createServer((req, res) => {
    if (closed) {
      res.destroy();
      return;
    }
    handle(state, requests, req, res).catch((error) => {
      // A bug in the simulator, not a scripted fault: make it loud.
      console.error('piwik simulator: unhandled error', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(INTERNAL_ERROR);
      else res.destroy();
    });
  });
  const { port } = await listenOnLoopback(server, options.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    requests,
    faults,
    setNow: (now) => clock.set(now),
    now: () => new Date(clock.now()),
    revokeTokens: () => tokens.clear(),
    countBy: (endpoint) => requests.filter((r) => r.endpoint === endpoint).length,
    annotations: (siteId) => [...(accounts.get(siteId.toLowerCase())?.annotations ?? [])],
    forbid: (endpoints) => {
      forbidden.clear();
      for (const endpoint of endpoints) forbidden.add(endpoint);
    },
    close() {
      closed = true;
      delays.cancel();
      return closeServer(server);
    },
  };
}

/**
 * The simulator's "now": a fixed Date, a number of ms, a function returning either, or real time.
 * @param {Clock | undefined} initial
 * @returns {SimulatorState['clock']}
 */
function makeClock(initial) {
  let source = initial;
  /** @param {Date | number | undefined} value */
  const toMs = (value) => (value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.now());
  return {
    now: () => toMs(typeof source === 'function' ? source() : source),
    set: (value) => {
      source = value;
    },
  };
}

// ---------------------------------------------------------------------------
// Request handling

/**
 * @param {SimulatorState} state
 * @param {RecordedRequest[]} requests
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
async function handle(state, requests, req, res) {
  const target = req.url ?? '/';
  const url = new URL(target, 'http://127.0.0.1');
  const endpoint =
    ENDPOINTS.get(url.pathname) ??
    accountEndpoint(url.pathname) ??
    analyticsEndpoint(url.pathname) ??
    (isTagManagerPath(url.pathname) ? 'tagManager' : 'other');
  const body = await readBody(req);
  requests.push({
    endpoint,
    method: req.method ?? 'GET',
    path: url.pathname,
    target,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body,
    at: Date.now(),
  });

  if (state.config.latencyMs > 0) await state.sleep(state.config.latencyMs);
  let reply = new Reply(res);
  // The real front proxy rejects long targets before the API sees them, so no fault is consumed.
  if (target.length > state.config.maxUrlLength) return reply.text(414, 'URI Too Long');

  const fault = endpoint === 'other' ? undefined : state.faults[endpoint].shift();
  if (fault) {
    const next = await applyFault(state, fault, reply, req);
    if (!next) return;
    reply = next;
  }

  /** @type {RequestContext} */
  const ctx = { state, req, url, query: url.searchParams, body, reply };
  switch (endpoint) {
    case 'token':
      return serveToken(ctx);
    case 'debugger':
      return serveDebugger(ctx);
    case 'logs':
      return serveLogs(ctx);
    case 'legacyLog':
      return serveLegacyLog(ctx);
    case 'apps':
    case 'app':
    case 'customDimensions':
    case 'goals':
    case 'annotations':
      return serveAccount({ ...ctx, authorized: authorized(state, req) }, endpoint);
    case 'tagManager':
      return serveTagManager({
        ...ctx,
        authorized: authorized(state, req),
        forbidden: state.forbidden.has('tagManager'),
        containers: state.containers,
      });
    case 'realTimeQuery':
    case 'query':
      return serveAnalytics({ ...ctx, authorized: authorized(state, req) }, endpoint);
    default:
      return reply.text(404, PAGE_NOT_FOUND);
  }
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Plays one fault script entry. Returns the Reply to answer normally with
 * (possibly a cutting one), or undefined when the fault already answered.
 * @param {SimulatorState} state
 * @param {Fault} fault
 * @param {Reply} reply
 * @param {IncomingMessage} req
 * @returns {Promise<Reply | undefined>}
 */
async function applyFault(state, fault, reply, req) {
  if (fault.delayMs) await state.sleep(fault.delayMs);
  if ('echo' in fault) {
    // As a WAF or a debugging proxy answers: the request it refused, headers (and the bearer token) and all.
    const { status = 400, before = '', base64 = false } = fault.echo;
    // The authorization header first, as the WAFs that quote one put what they objected to first.
    const headers = Object.entries(req.headers).sort(([a], [b]) => Number(b === 'authorization') - Number(a === 'authorization'));
    const request = [...headers.map(([k, v]) => `${k}: ${v}`), `${req.method} ${req.url}`].join('\r\n');
    reply.text(status, `${before}${base64 ? Buffer.from(request).toString('base64') : request}`);
    return undefined;
  }
  if ('expireToken' in fault) {
    // As when a 30-minute token runs out in the middle of a run.
    state.tokens.clear();
    reply.text(401, '');
    return undefined;
  }
  if ('raw' in fault) {
    const { status = 200, contentType = NDJSON, body = '', headers = {} } = fault.raw;
    reply.res.writeHead(status, { 'content-type': contentType, ...headers });
    reply.res.end(body);
    return undefined;
  }
  if ('status' in fault) {
    sendStatusFault(reply, fault);
    return undefined;
  }
  if ('cutAfterBytes' in fault) return new CuttingReply(reply.res, fault.cutAfterBytes);
  return reply;
}

/** Error bodies of the statuses a fault leaves the body of to the simulator, as the real API words them. */
/** @type {Record<number, string>} */
const FAULT_BODIES = { 400: DESERIALIZATION_ERROR, 401: '', 404: PAGE_NOT_FOUND, 500: INTERNAL_ERROR };

/**
 * @param {Reply} reply
 * @param {StatusFault} fault
 */
function sendStatusFault(reply, { status, body, headers = {} }) {
  if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
    reply.json(status, body, headers);
    return;
  }
  reply.text(status, body ?? FAULT_BODIES[status] ?? http.STATUS_CODES[status] ?? '', headers);
}

// ---------------------------------------------------------------------------
// POST /auth/token

/** @param {RequestContext} ctx */
function serveToken({ state, req, body, reply }) {
  if (req.method !== 'POST') return reply.text(405, 'Method Not Allowed', { allow: 'POST' });
  const form = parseTokenBody(req.headers['content-type'] ?? '', body);
  if (!form) return reply.json(400, { errors: [{ status: '400', title: 'Bad Request', detail: 'Malformed request body' }] });
  if (form.grant_type !== 'client_credentials') {
    return reply.json(400, { errors: [{ status: '400', title: 'Bad Request', detail: 'Unsupported grant_type' }] });
  }
  const { clientId, clientSecret, tokenTtlSeconds } = state.config;
  if (form.client_id !== clientId || form.client_secret !== clientSecret) {
    return reply.json(401, { errors: [{ status: '401', title: 'Unauthorized', detail: 'Invalid client credentials' }] });
  }
  const issuedAt = state.clock.now();
  const token = makeAccessToken(clientId, issuedAt, tokenTtlSeconds);
  state.tokens.set(token, issuedAt + tokenTtlSeconds * 1000);
  return reply.json(200, { token_type: 'Bearer', expires_in: tokenTtlSeconds, access_token: token });
}

/**
 * Form-encoded (what OAuth clients send) or JSON (what Piwik PRO's docs show); undefined when unparseable.
 * @param {string} contentType
 * @param {string} body
 * @returns {Record<string, unknown> | undefined}
 */
function parseTokenBody(contentType, body) {
  if (/\bjson\b/i.test(contentType)) {
    try {
      /** @type {unknown} */
      const value = JSON.parse(body);
      return value && typeof value === 'object' ? /** @type {Record<string, unknown>} */ (value) : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * JWT-shaped like the real tokens (clients must treat them as opaque); the signature part is random.
 * @param {string} clientId
 * @param {number} issuedAtMs
 * @param {number} ttlSeconds
 */
function makeAccessToken(clientId, issuedAtMs, ttlSeconds) {
  /** @param {object} value */
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(issuedAtMs / 1000);
  const payload = { iss: 'piwik-pro-simulator', sub: clientId, jti: randomBytes(8).toString('hex'), iat, exp: iat + ttlSeconds };
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.${randomBytes(32).toString('base64url')}`;
}

/**
 * True when the request carries a live bearer token. Expiry is judged on the simulator clock.
 * @param {SimulatorState} state
 * @param {IncomingMessage} req
 */
function authorized(state, req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const expiresAt = state.tokens.get(match[1]);
  if (expiresAt === undefined) return false;
  if (state.clock.now() >= expiresAt) {
    state.tokens.delete(match[1]);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Parameter parsing. Each parser returns undefined for "deserialization error".

const INVALID = Symbol('invalid');

/**
 * An optional unsigned integer up to u64 max; INVALID when present but not one.
 * @template {number | undefined} F
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {F} fallback
 * @returns {number | F | typeof INVALID}
 */
function unsignedParam(query, name, fallback) {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!UNSIGNED_RE.test(raw) || BigInt(raw) > U64_MAX) return INVALID;
  return Number(raw);
}

/**
 * @param {URLSearchParams} query
 * @returns {string | typeof INVALID}
 */
function appIdParam(query) {
  const raw = query.get('app_id');
  return raw !== null && UUID_RE.test(raw) ? raw.toLowerCase() : INVALID;
}

/**
 * Like the real (serde-style) deserialiser, a parameter given twice is an error, not "first wins".
 * @param {URLSearchParams} query
 */
function hasDuplicates(query) {
  const names = [...query.keys()];
  return new Set(names).size !== names.length;
}

/**
 * @typedef {object} DebuggerQuery
 * @property {string} appId
 * @property {number} limit
 * @property {number} offset
 * @property {number} lookupWindow minutes
 * @property {number | undefined} eventType
 * @property {string | undefined} pageUrl
 */

/**
 * @param {URLSearchParams} query
 * @returns {DebuggerQuery | undefined}
 */
function parseDebuggerQuery(query) {
  if (hasDuplicates(query)) return undefined;
  const appId = appIdParam(query);
  const limit = unsignedParam(query, 'limit', 100);
  const offset = unsignedParam(query, 'offset', 0);
  const lookupWindow = unsignedParam(query, 'lookup_window', 30);
  const eventType = unsignedParam(query, 'event_type', undefined);
  if (appId === INVALID || limit === INVALID || offset === INVALID || lookupWindow === INVALID || eventType === INVALID) return undefined;
  if (lookupWindow < 1 || lookupWindow > 300) return undefined;
  if (eventType !== undefined && !EVENT_TYPES.has(eventType)) return undefined;
  return { appId, limit, offset, lookupWindow, eventType, pageUrl: query.get('page_url') ?? undefined };
}

/**
 * `YYYY-MM-DDTHH:MM:SS` (as the API writes times), optionally with fractions and Z; UTC.
 * @param {URLSearchParams} query
 * @param {string} name
 * @returns {number | undefined | typeof INVALID}
 */
function timeParam(query, name) {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?Z?$/.exec(raw);
  const ms = match ? Date.parse(`${match[1]}T${match[2]}${match[3] ?? ''}Z`) : NaN;
  return Number.isNaN(ms) ? INVALID : ms;
}

// ---------------------------------------------------------------------------
// GET /api/tracker/v1/debugger

/** @param {RequestContext} ctx */
async function serveDebugger({ state, req, query, reply }) {
  if (!authorized(state, req)) return reply.text(401, '');
  const params = parseDebuggerQuery(query);
  if (!params) return reply.text(400, DESERIALIZATION_ERROR);
  const dataset = state.sites.get(params.appId);
  // The real API answers 404 for apps the credentials cannot see, known or not.
  if (!dataset) return reply.text(404, PAGE_NOT_FOUND);

  const nowMs = state.clock.now();
  const windowStart = nowMs - params.lookupWindow * 60_000;
  reply.head(200, { 'content-type': NDJSON });
  // One write per session, as the real API streams: clients must cope with lines split across chunks.
  for (const session of selectSessions(dataset, params, windowStart, nowMs)) {
    if (reply.closed) break;
    await reply.write(`${session.rawLine ?? toJsonLine(session.record)}\n`);
  }
  reply.end();
}

/**
 * Sessions in the window that pass the filters, newest first, then offset and
 * limit. A session updated after the simulator's "now" has not happened yet:
 * it is not served until the clock reaches it, so a test (or the bench) makes
 * events appear after a delay by dating their sessions in the future.
 * @param {Dataset} dataset
 * @param {DebuggerQuery} params
 * @param {number} windowStart ms
 * @param {number} nowMs
 * @returns {Generator<SimSession>}
 */
function* selectSessions(dataset, { eventType, pageUrl, offset, limit }, windowStart, nowMs) {
  if (Array.isArray(dataset)) {
    const matching = dataset
      .filter((s) => s.updatedAt.getTime() >= windowStart && s.updatedAt.getTime() <= nowMs && sessionMatches(s, eventType, pageUrl))
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    yield* matching.slice(offset, offset + limit);
    return;
  }
  // Lazy datasets are ordered newest first, so the window (up to now) is a run found by binary search.
  if (eventType === undefined && pageUrl === undefined) {
    /** @param {number} i */
    const timeAt = (i) => lazyUpdatedMs(dataset, i);
    const start = firstOlderThan(dataset.count, timeAt, nowMs + 1);
    const end = firstOlderThan(dataset.count, timeAt, windowStart);
    for (let i = start + offset; i < Math.min(end, start + offset + limit); i++) yield dataset.session(i);
    return;
  }
  const index = filteredIndex(dataset, eventType, pageUrl);
  /** @param {number} k */
  const timeAt = (k) => index.updatedMs[k];
  const start = firstOlderThan(index.positions.length, timeAt, nowMs + 1);
  const end = firstOlderThan(index.positions.length, timeAt, windowStart);
  for (let k = start + offset; k < Math.min(end, start + offset + limit); k++) yield dataset.session(index.positions[k]);
}

/**
 * @param {SimSession} session
 * @param {number | undefined} eventType
 * @param {string | undefined} pageUrl
 */
function sessionMatches(session, eventType, pageUrl) {
  // Raw lines exist to test clients' parsing: let them through every filter.
  if (session.rawLine !== undefined) return true;
  const events = session.record.events;
  if (eventType !== undefined && !events.some((e) => e.event_type[0] === eventType)) return false;
  if (pageUrl !== undefined && !events.some((e) => typeof e.event_url === 'string' && e.event_url.includes(pageUrl))) return false;
  return true;
}

/**
 * @param {LazyDataset} dataset
 * @param {number} i
 */
function lazyUpdatedMs(dataset, i) {
  return (dataset.updatedAt ? dataset.updatedAt(i) : dataset.session(i).updatedAt).getTime();
}

/**
 * Binary search over a newest-first sequence: the first position whose time is before `limitMs`.
 * @param {number} length
 * @param {(position: number) => number} timeAt
 * @param {number} limitMs
 */
function firstOlderThan(length, timeAt, limitMs) {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeAt(mid) >= limitMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The positions of a lazy dataset's sessions that pass a filter, with their
 * times. Built once per dataset and filter (a full scan), then reused by every
 * page of every request; a few bytes per matching session.
 * @type {WeakMap<LazyDataset, Map<string, { positions: number[]; updatedMs: number[] }>>}
 */
const filterCache = new WeakMap();
/**
 * @param {LazyDataset} dataset
 * @param {number | undefined} eventType
 * @param {string | undefined} pageUrl
 */
function filteredIndex(dataset, eventType, pageUrl) {
  let perDataset = filterCache.get(dataset);
  if (!perDataset) filterCache.set(dataset, (perDataset = new Map()));
  const key = `${eventType ?? ''}\u0000${pageUrl ?? ''}`;
  let index = perDataset.get(key);
  if (index) return index;
  index = { positions: [], updatedMs: [] };
  for (let i = 0; i < dataset.count; i++) {
    // The cheap path: a dataset that can list its event types without building the session.
    const matches =
      pageUrl === undefined && dataset.eventTypes
        ? dataset.eventTypes(i).includes(/** @type {number} */ (eventType))
        : sessionMatches(dataset.session(i), eventType, pageUrl);
    if (matches) {
      index.positions.push(i);
      index.updatedMs.push(lazyUpdatedMs(dataset, i));
    }
  }
  perDataset.set(key, index);
  return index;
}

// ---------------------------------------------------------------------------
// u64-exact JSON

// Field names repeat in every line; quoting each once makes serialising about 1.5 times faster.
/** @type {Map<string, string>} */
const quotedKeys = new Map();
/** @param {string} key */
function quotedKey(key) {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON.stringify, except that BigInt values are written as bare integer
 * literals (`"event_id":18446744073709551615`), as the real API does for u64
 * ids. JSON.stringify would throw on a BigInt, and a Number would round it.
 * @param {unknown} value
 * @returns {string}
 */
export function toJsonLine(value) {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += value[i] === undefined ? 'null' : toJsonLine(value[i]);
        }
        return `${out}]`;
      }
      let out = '{';
      let first = true;
      for (const key of Object.keys(value)) {
        const item = /** @type {Record<string, unknown>} */ (value)[key];
        if (item === undefined || typeof item === 'function') continue;
        out += (first ? '' : ',') + quotedKey(key) + toJsonLine(item);
        first = false;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

// ---------------------------------------------------------------------------
// GET /api/tracker/v1/logs (documented) and /api/tracker/v1/log (legacy)

/** @param {RequestContext} ctx */
async function serveLogs({ state, req, query, reply }) {
  // With legacy-only, this Piwik instance predates the endpoint: the router does not know the path.
  if (state.config.logsEndpoint === 'legacy-only') return reply.text(404, PAGE_NOT_FOUND);
  if (!authorized(state, req)) return reply.text(401, '');
  const appId = hasDuplicates(query) ? INVALID : appIdParam(query);
  const rawUuids = query.get('log_uuids');
  const uuids = rawUuids === null ? [] : rawUuids.split(',').map((u) => u.trim().toLowerCase());
  if (appId === INVALID || uuids.length === 0 || !uuids.every((u) => UUID_RE.test(u))) {
    return reply.text(400, DESERIALIZATION_ERROR);
  }
  const dataset = state.sites.get(appId);
  // The spec's example body for this 404 is empty.
  if (!dataset) return reply.text(404, '');
  await streamLines(reply, findLogs(dataset, [...new Set(uuids)]));
}

/** @param {RequestContext} ctx */
async function serveLegacyLog({ state, req, query, reply }) {
  if (!authorized(state, req)) return reply.text(401, '');
  const appId = hasDuplicates(query) ? INVALID : appIdParam(query);
  const rawIds = query.get('event_ids');
  const ids = rawIds === null ? [] : rawIds.split(',').map((id) => id.trim());
  const timeMin = timeParam(query, 'server_time_min');
  const timeMax = timeParam(query, 'server_time_max');
  const validIds = ids.length > 0 && ids.every((id) => UNSIGNED_RE.test(id) && BigInt(id) <= U64_MAX);
  if (appId === INVALID || !validIds || timeMin === INVALID || timeMax === INVALID) {
    return reply.text(400, DESERIALIZATION_ERROR);
  }
  const dataset = state.sites.get(appId);
  if (!dataset) return reply.text(404, PAGE_NOT_FOUND);

  // The old endpoint searched by time: only events whose server_time lies in [min, max] are found.
  /** @param {{ event: DebugEventRecord }} hit */
  const inRange = ({ event }) => {
    const ms = Date.parse(`${event.server_time}Z`);
    return (timeMin === undefined || ms >= timeMin) && (timeMax === undefined || ms <= timeMax);
  };
  /** @type {AnonymizedLog[]} */
  const logs = [];
  for (const { session, event } of findEvents(dataset, [...new Set(ids.map(BigInt))]).filter(inRange)) {
    for (const uuid of event.log_uuids) {
      const log = session.logs.find((l) => l.id === uuid);
      if (log) logs.push(log);
    }
  }
  await streamLines(reply, logs);
}

/**
 * @param {Reply} reply
 * @param {Iterable<unknown>} objects
 */
async function streamLines(reply, objects) {
  reply.head(200, { 'content-type': NDJSON });
  for (const object of objects) {
    if (reply.closed) break;
    await reply.write(`${toJsonLine(object)}\n`);
  }
  reply.end();
}

/**
 * @param {Dataset} dataset
 * @returns {Generator<SimSession>}
 */
function* allSessions(dataset) {
  if (Array.isArray(dataset)) yield* dataset;
  else for (let i = 0; i < dataset.count; i++) yield dataset.session(i);
}

/**
 * Logs by UUID, in the order asked, unknown ones left out.
 * @param {Dataset} dataset
 * @param {string[]} uuids lowercase
 * @returns {AnonymizedLog[]}
 */
function findLogs(dataset, uuids) {
  const lookup = Array.isArray(dataset) ? undefined : dataset.findLog?.bind(dataset);
  return findInOrder(dataset, uuids, lookup, (session) => session.logs.map((log) => [log.id.toLowerCase(), log]));
}

/**
 * Events by id, in the order asked, with their sessions; unknown ids left out.
 * @param {Dataset} dataset
 * @param {bigint[]} ids
 * @returns {{ session: SimSession; event: DebugEventRecord }[]}
 */
function findEvents(dataset, ids) {
  const lookup = Array.isArray(dataset) ? undefined : dataset.findEvent?.bind(dataset);
  return findInOrder(dataset, ids, lookup, (session) =>
    session.rawLine !== undefined ? [] : session.record.events.map((event) => [event.event_id, { session, event }]),
  );
}

/**
 * What each key finds, in the order asked, unknown keys left out: through the dataset's own
 * lookup when it has one (a lazy dataset), else by one pass over every session.
 * @template K, V
 * @param {Dataset} dataset
 * @param {K[]} keys
 * @param {((key: K) => V | undefined) | undefined} lookup
 * @param {(session: SimSession) => [K, V][]} entriesOf what a session holds, by key
 * @returns {V[]}
 */
function findInOrder(dataset, keys, lookup, entriesOf) {
  /** @type {(V | undefined)[]} */
  let found;
  if (lookup) found = keys.map((key) => lookup(key));
  else {
    const wanted = new Set(keys);
    /** @type {Map<K, V>} */
    const byKey = new Map();
    for (const session of allSessions(dataset)) {
      for (const [key, value] of entriesOf(session)) if (wanted.has(key)) byKey.set(key, value);
    }
    found = keys.map((key) => byKey.get(key));
  }
  return found.filter((value) => value !== undefined);
}

// ---------------------------------------------------------------------------
// CLI: node simulator/piwik.mjs [--port N] [--dataset demo|scale] [--latency MS]

/** @param {string[]} argv */
function parseCliArgs(argv) {
  const args = { port: 0, dataset: 'demo', latency: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--port') args.port = Number(value);
    else if (flag === '--dataset') args.dataset = value;
    else if (flag === '--latency') args.latency = Number(value);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!['demo', 'scale'].includes(args.dataset)) throw new Error('--dataset must be demo or scale');
  if (!Number.isInteger(args.port) || !Number.isFinite(args.latency)) throw new Error('--port and --latency take numbers');
  return args;
}

async function main() {
  const args = parseCliArgs(process.argv.slice(2));
  // The clock stands still at start-up, so the sessions stay inside their window however long this runs.
  const now = new Date();
  const data =
    args.dataset === 'demo'
      ? withSilentSite(withDrift(demoDataset(now), now), now)
      : scaleDataset({ sites: 2, sessions: 5000, brokenEvents: 400, groups: 8, now });
  const accounts = 'accounts' in data ? data.accounts : undefined;
  const sim = await startPiwikSimulator({ sites: data.sites, accounts, now, port: args.port, latencyMs: args.latency });
  process.stdout.write(
    [
      `PIWIK_SIMULATOR_URL=${sim.url}`,
      `PIWIK_CLIENT_ID=${sim.clientId}`,
      `PIWIK_CLIENT_SECRET=${sim.clientSecret}`,
      `PIWIK_SITE_IDS=${data.siteIds.join(',')}`,
      '',
    ].join('\n'),
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
