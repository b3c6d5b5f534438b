// The Analytics HTTP API of the Piwik PRO simulator: `POST /api/analytics/v1/real-time-query/`
// and `POST /api/analytics/v1/query/`, answered from the same sessions the simulator serves on
// the Debugger API. Requests that depart from the derived contract (simulator/analytics-api.json)
// are refused with 400 as the description words its errors ({errors: [{status, detail, source}]});
// `forbidden` makes an endpoint answer 403 ("No valid license found."), as for an API client
// without the permission.
//
// What it knows of the columns (Piwik PRO's column tables): the dimensions `timestamp` (with the
// transformations to_start_of_minute, to_start_of_five_minutes, to_start_of_ten_minutes and
// to_start_of_hour) and `event_type`, and the metrics `events`, `page_views`, `visitors` and, in the
// query API only, `sessions`. Times are read and written on the website's wall clock (the Apps
// API's `timezone` of the site, UTC when it has none). Broken (17) and excluded (18) events never
// reach Analytics, so no metric counts them. The query API answers from processed data, which lags
// PROCESSING_LAG_MINUTES behind. Used by simulator/piwik.mjs; types in types/piwik.ts.

import { checkIncoming } from './contract.mjs';

/** @import { Reply } from './reply.mjs' */
/** @import { DebugEventRecord, LazyDataset, SimSession } from './datasets/types.js' */
/** @import { AnalyticsEndpoint, RequestContext } from './types/piwik.js' */

/** @type {[RegExp, AnalyticsEndpoint][]} */
const ROUTES = [
  [/^\/api\/analytics\/v1\/real-time-query\/$/, 'realTimeQuery'],
  [/^\/api\/analytics\/v1\/query\/$/, 'query'],
];

/** Processed reports hold a session about two hours after it ends. */
export const PROCESSING_LAG_MINUTES = 120;
const MINUTE = 60_000;

/** Event types that never reach Analytics. */
const NOT_IN_REPORTS = new Set([17, 18]);

/** @type {Record<string, number>} minutes per bucket */
const TIME_BUCKETS = {
  to_start_of_minute: 1,
  to_start_of_five_minutes: 5,
  to_start_of_ten_minutes: 10,
  to_start_of_hour: 60,
};

const DIMENSIONS = new Set(['timestamp', 'event_type']);
const METRICS = new Set(['events', 'page_views', 'visitors', 'sessions']);
/** Metrics the real-time database does not have (the column table's "Real-time" column). */
const NOT_REAL_TIME = new Set(['sessions']);

/**
 * @param {string} pathname
 * @returns {AnalyticsEndpoint | undefined}
 */
export function analyticsEndpoint(pathname) {
  return ROUTES.find(([pattern]) => pattern.test(pathname))?.[1];
}

/** A 400 as the description words it. */
class QueryError extends Error {
  /**
   * @param {string} detail
   * @param {string} [parameter]
   */
  constructor(detail, parameter) {
    super(detail);
    this.parameter = parameter;
  }
}

/**
 * @param {Reply} reply
 * @param {number} status
 * @param {string} detail
 * @param {string} [parameter]
 */
function errors(reply, status, detail, parameter) {
  reply.json(status, { errors: [{ status: String(status), detail, ...(parameter ? { source: { parameter } } : {}) }] });
}

/**
 * @param {RequestContext & { authorized: boolean }} ctx
 * @param {AnalyticsEndpoint} endpoint
 */
export function serveAnalytics({ state, url, body, req, reply, authorized }, endpoint) {
  if (!authorized) return errors(reply, 401, 'No valid credentials provided.');
  const { operation, problems } = checkIncoming({ req, url, body });
  if (!operation) return reply.text(405, 'Method Not Allowed');
  if (problems.length > 0) return errors(reply, 400, problems.join('; '));
  if (state.forbidden.has(endpoint)) return errors(reply, 403, 'No valid license found.');
  /** @type {Record<string, any>} */
  const request = JSON.parse(body);
  const siteId = String(request.website_id).toLowerCase();
  const dataset = state.sites.get(siteId);
  if (!dataset) return errors(reply, 403, 'You do not have access to this website.');
  const zone = state.accounts.get(siteId)?.app?.timezone ?? 'UTC';
  try {
    const columns = readColumns(request.columns, endpoint);
    const nowMs = state.clock.now();
    const range = endpoint === 'realTimeQuery' ? realTimeRange(request, nowMs) : queryRange(request, nowMs, zone);
    if ((request.format ?? 'json') !== 'json')
      throw new QueryError(`Format "${request.format}" is not supported by the simulator.`, 'format');
    const keep = filterOf(request.filters, zone);
    const rows = aggregate(eventsIn(dataset, range), columns, zone, keep);
    const ordered = sortRows(rows, request.order_by, columns);
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 100;
    reply.json(200, { data: ordered.slice(offset, offset + limit), meta: { count: ordered.length } });
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    errors(reply, 400, error.message, error.parameter);
  }
}

/**
 * @typedef {{ id: string; kind: 'dimension' | 'metric'; bucketMinutes?: number }} Column
 * @param {Array<{ column_id: string; transformation_id?: string }>} columns
 * @param {AnalyticsEndpoint} endpoint
 * @returns {Column[]}
 */
function readColumns(columns, endpoint) {
  if (columns.length === 0) throw new QueryError('At least one column is required.', 'columns');
  return columns.map(({ column_id: id, transformation_id: transformation }) => {
    if (DIMENSIONS.has(id)) {
      if (transformation === undefined) return { id, kind: 'dimension', ...(id === 'timestamp' ? { bucketMinutes: 1 / 60 } : {}) };
      const minutes = id === 'timestamp' ? TIME_BUCKETS[transformation] : undefined;
      if (minutes === undefined)
        throw new QueryError(`Transformation "${transformation}" is not supported by column "${id}".`, 'columns.transformation_id');
      return { id, kind: 'dimension', bucketMinutes: minutes };
    }
    if (METRICS.has(id)) {
      if (endpoint === 'realTimeQuery' && NOT_REAL_TIME.has(id))
        throw new QueryError(`Metric "${id}" is not available in real-time queries.`, 'columns.column_id');
      if (transformation !== undefined)
        throw new QueryError(`Transformation "${transformation}" is not supported by column "${id}".`, 'columns.transformation_id');
      return { id, kind: 'metric' };
    }
    throw new QueryError(`Dimension "${id}" does not exist.`, 'columns.column_id');
  });
}

/**
 * @param {Record<string, any>} request
 * @param {number} nowMs
 * @returns {{ from: number; to: number; upTo: number }} [from, to) in ms; events after `upTo` do not exist yet
 */
function realTimeRange(request, nowMs) {
  const minutes = request.lookback_window;
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new QueryError('lookback_window must be a positive number of minutes.', 'lookback_window');
  return { from: nowMs - minutes * MINUTE, to: nowMs + 1, upTo: nowMs };
}

/**
 * @param {Record<string, any>} request
 * @param {number} nowMs
 * @param {string} zone
 */
function queryRange(request, nowMs, zone) {
  const upTo = nowMs - PROCESSING_LAG_MINUTES * MINUTE;
  const absolute = request.date_from !== undefined || request.date_to !== undefined;
  if (absolute && request.relative_date !== undefined) {
    throw new QueryError('relative_date cannot be used with date_from or date_to.', 'relative_date');
  }
  if (absolute) {
    if (request.date_from === undefined || request.date_to === undefined) {
      throw new QueryError('date_from and date_to are both required.', request.date_from === undefined ? 'date_from' : 'date_to');
    }
    const from = instant(request.date_from, zone, 'date_from', false);
    // A date is inclusive (to the end of that day); a datetime exclusive.
    const to = instant(request.date_to, zone, 'date_to', true);
    if (to <= from) throw new QueryError('date_to must be after date_from.', 'date_to');
    return { from, to, upTo };
  }
  const today = instant(wallClock(nowMs, zone).slice(0, 10), zone, 'relative_date', false);
  const days = /^last_(\d+)_days$/.exec(String(request.relative_date ?? ''));
  if (request.relative_date === 'today') return { from: today, to: nowMs + 1, upTo };
  if (request.relative_date === 'yesterday') return { from: today - 1440 * MINUTE, to: today, upTo };
  if (days && Number(days[1]) >= 1 && Number(days[1]) <= 365) return { from: today - Number(days[1]) * 1440 * MINUTE, to: today, upTo };
  throw new QueryError('relative_date is not one the simulator knows, or no date was given.', 'relative_date');
}

/**
 * A date or a datetime on the site's wall clock, as an instant (ms).
 * @param {unknown} text
 * @param {string} zone
 * @param {string} parameter
 * @param {boolean} endOfDay a bare date as the end of that day
 */
function instant(text, zone, parameter, endOfDay) {
  const value = String(text);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const datetime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  const parts = date ?? datetime;
  if (!parts) throw new QueryError(`${parameter} must be a date (YYYY-MM-DD) or a datetime (YYYY-MM-DD HH:MM:SS).`, parameter);
  const wall = Date.UTC(
    +parts[1],
    +parts[2] - 1,
    +parts[3],
    datetime ? +datetime[4] : 0,
    datetime ? +datetime[5] : 0,
    datetime ? +(datetime[6] ?? 0) : 0,
  );
  const at = wall - offsetAt(wall - offsetAt(wall, zone), zone);
  return date && endOfDay ? at + 1440 * MINUTE : at;
}

/**
 * `YYYY-MM-DD HH:MM:SS` on the zone's wall clock (Sweden's locale writes exactly that).
 * @param {number} ms
 * @param {string} zone
 */
function wallClock(ms, zone) {
  return new Date(ms).toLocaleString('sv-SE', { timeZone: zone, hourCycle: 'h23' });
}

/**
 * The zone's offset from UTC at an instant, in ms.
 * @param {number} ms
 * @param {string} zone
 */
function offsetAt(ms, zone) {
  return Date.parse(`${wallClock(ms, zone).replace(' ', 'T')}Z`) - Math.floor(ms / 1000) * 1000;
}

/**
 * @typedef {{ at: number; type: number; typeLabel: string; sessionId: string; visitorId: string }} AnalyticsEvent
 * Every event in [from, to) that reached Analytics, from sessions updated by `upTo` (later ones have not happened yet).
 * @param {import('./datasets/types.js').Dataset} dataset
 * @param {{ from: number; to: number; upTo: number }} range
 * @returns {AnalyticsEvent[]}
 */
function eventsIn(dataset, { from, to, upTo }) {
  /** @type {AnalyticsEvent[]} */
  const out = [];
  for (const session of sessionsUpdatedIn(dataset, from, upTo)) {
    const record = session.record;
    if (!record) continue;
    for (const event of record.events) {
      const at = Date.parse(`${event.server_time}Z`);
      if (at < from || at >= to || at > upTo || NOT_IN_REPORTS.has(event.event_type[0])) continue;
      out.push(analyticsEvent(event, at, record.session_id_str, record.visitor_id_str));
    }
  }
  return out;
}

/**
 * @param {DebugEventRecord} event
 * @param {number} at
 * @param {string} sessionId
 * @param {string} visitorId
 * @returns {AnalyticsEvent}
 */
function analyticsEvent(event, at, sessionId, visitorId) {
  return { at, type: event.event_type[0], typeLabel: event.event_type[1], sessionId, visitorId };
}

/**
 * Sessions whose last update lies in [from, upTo]: their events may fall in the range.
 * @param {import('./datasets/types.js').Dataset} dataset
 * @param {number} from
 * @param {number} upTo
 * @returns {Iterable<SimSession>}
 */
function* sessionsUpdatedIn(dataset, from, upTo) {
  if (Array.isArray(dataset)) {
    yield* dataset.filter((s) => s.updatedAt.getTime() >= from && s.updatedAt.getTime() <= upTo);
    return;
  }
  // Lazy datasets are newest first: the sessions in range are a run, found by binary search.
  const start = firstOlderThan(dataset, upTo + 1);
  const end = firstOlderThan(dataset, from);
  for (let i = start; i < end; i++) yield dataset.session(i);
}

/**
 * The first position whose update is before `limitMs` in a newest-first dataset.
 * @param {LazyDataset} dataset
 * @param {number} limitMs
 */
function firstOlderThan(dataset, limitMs) {
  const timeAt = (/** @type {number} */ i) => (dataset.updatedAt ? dataset.updatedAt(i) : dataset.session(i).updatedAt).getTime();
  let low = 0;
  let high = dataset.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timeAt(mid) < limitMs) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The dimension filters as a predicate: `and`/`or` clauses, nested, over `event_type` (a number) and
 * `timestamp` (a wall-clock text, compared as text), with the operators the description lists.
 * @param {any} filters
 * @param {string} zone
 * @returns {(event: AnalyticsEvent) => boolean}
 */
function filterOf(filters, zone) {
  if (filters === undefined) return () => true;
  return clause(filters, zone);
}

/**
 * @param {any} node
 * @param {string} zone
 * @returns {(event: AnalyticsEvent) => boolean}
 */
function clause(node, zone) {
  if (node.conditions !== undefined) {
    if (node.operator !== 'and' && node.operator !== 'or')
      throw new QueryError('A clause needs the operator and or or.', 'filters.operator');
    const parts = /** @type {any[]} */ (node.conditions).map((c) => clause(c, zone));
    return node.operator === 'and' ? (e) => parts.every((p) => p(e)) : (e) => parts.some((p) => p(e));
  }
  if (!DIMENSIONS.has(node.column_id))
    throw new QueryError(`Dimension "${node.column_id}" does not exist.`, 'filters.conditions.column_id');
  const { operator, value } = node.condition ?? {};
  const compare = COMPARE[operator];
  if (!compare)
    throw new QueryError(`Operator "${operator}" is not supported by column "${node.column_id}".`, 'filters.conditions.condition.operator');
  return node.column_id === 'event_type' ? (e) => compare(e.type, Number(value)) : (e) => compare(wallClock(e.at, zone), String(value));
}

/** @type {Record<string, (a: any, b: any) => boolean>} */
const COMPARE = {
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

/**
 * Rows keyed by the dimensions' values, each row in the columns' order.
 * @param {AnalyticsEvent[]} events
 * @param {Column[]} columns
 * @param {string} zone
 * @param {(event: AnalyticsEvent) => boolean} keep
 * @returns {unknown[][]}
 */
function aggregate(events, columns, zone, keep) {
  /** @type {Map<string, { dims: unknown[]; events: AnalyticsEvent[] }>} */
  const groups = new Map();
  for (const event of events) {
    if (!keep(event)) continue;
    const dims = columns.filter((c) => c.kind === 'dimension').map((c) => dimensionValue(c, event, zone));
    const key = JSON.stringify(dims);
    const group = groups.get(key) ?? { dims, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ dims, events: members }) => {
    let d = 0;
    return columns.map((c) => (c.kind === 'dimension' ? dims[d++] : metric(c.id, members)));
  });
}

/**
 * @param {Column} column
 * @param {AnalyticsEvent} event
 * @param {string} zone
 */
function dimensionValue(column, event, zone) {
  if (column.id === 'event_type') return [event.type, event.typeLabel];
  // Buckets start on whole minutes of the wall clock (zones with a half-hour offset keep them aligned).
  const wall = Date.parse(`${wallClock(event.at, zone).replace(' ', 'T')}Z`);
  const size = (column.bucketMinutes ?? 1) * MINUTE;
  return new Date(Math.floor(wall / size) * size).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * @param {string} id
 * @param {AnalyticsEvent[]} events
 */
function metric(id, events) {
  if (id === 'page_views') return events.filter((e) => e.type === 1).length;
  if (id === 'events') return events.length;
  if (id === 'visitors') return new Set(events.map((e) => e.visitorId)).size;
  return new Set(events.map((e) => e.sessionId)).size;
}

/**
 * As documented: by the directives given, else descending by the first metric.
 * @param {unknown[][]} rows
 * @param {Array<[number | string, string]> | undefined} orderBy
 * @param {Column[]} columns
 */
function sortRows(rows, orderBy, columns) {
  const firstMetric = columns.findIndex((c) => c.kind === 'metric');
  const directives = orderBy && orderBy.length > 0 ? orderBy : firstMetric >= 0 ? [[firstMetric, 'desc']] : [];
  for (const [index, direction] of directives) {
    if (typeof index !== 'number' || index < 0 || index >= columns.length)
      throw new QueryError(`order_by column ${String(index)} is not a column of the query.`, 'order_by');
    if (direction !== 'asc' && direction !== 'desc') throw new QueryError(`order_by direction must be asc or desc.`, 'order_by');
  }
  return [...rows].sort((a, b) => {
    for (const [index, direction] of directives) {
      const x = JSON.stringify(a[Number(index)]);
      const y = JSON.stringify(b[Number(index)]);
      const numeric =
        typeof a[Number(index)] === 'number' ? Number(a[Number(index)]) - Number(b[Number(index)]) : x < y ? -1 : x > y ? 1 : 0;
      if (numeric !== 0) return direction === 'asc' ? numeric : -numeric;
    }
    return 0;
  });
}
