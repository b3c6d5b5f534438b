import { HttpClient, HttpError } from '../http/client.js';
import type { PiwikApi } from '../piwik/api.js';

/**
 * The two Analytics HTTP API calls the volume check makes per site, as
 * Piwik PRO's description has them (the simulator and the conformance test
 * hold the same contract, simulator/analytics-api.json):
 *
 * - `POST /api/analytics/v1/real-time-query/`: page views and events per
 *   minute over the lookback (`timestamp` with `to_start_of_minute`), fresh
 *   to the minute, so a silence is judged to the minute;
 * - `POST /api/analytics/v1/query/`: the same span one week earlier, per five
 *   minutes (`to_start_of_five_minutes`), from processed data, which lags a
 *   couple of hours but is complete a week later.
 *
 * Rows come back as `[timestamp, page_views, events]`, the timestamp on the
 * website's wall clock. Answers are untrusted: a row that is not of that shape
 * is dropped, and a body that is not JSON is an error of its own.
 */
const REAL_TIME_QUERY_PATH = '/api/analytics/v1/real-time-query/';
const QUERY_PATH = '/api/analytics/v1/query/';

/** One row as read: the wall-clock bucket start, and its counts. */
export interface AnalyticsRow {
  readonly wallClock: string;
  readonly pageViews: number;
  readonly events: number;
}

/** A day of minutes fits with room; a hostile body cannot fill memory. */
const MAX_BODY_CHARS = 4 * 1024 * 1024;
const MAX_ROWS = 5_000;

const METRICS = [{ column_id: 'page_views' }, { column_id: 'events' }];

export async function readRealTime(api: PiwikApi, siteId: string, lookbackMinutes: number): Promise<AnalyticsRow[]> {
  const body = {
    website_id: siteId,
    columns: [{ column_id: 'timestamp', transformation_id: 'to_start_of_minute' }, ...METRICS],
    lookback_window: lookbackMinutes,
    // One row a minute at most; the oldest first.
    limit: Math.min(MAX_ROWS, lookbackMinutes + 5),
    order_by: [[0, 'asc']],
    format: 'json',
  };
  return post(api, REAL_TIME_QUERY_PATH, 'the Analytics real-time query API', body);
}

/** `from` and `to` on the website's wall clock (`YYYY-MM-DD HH:MM:SS`); `to` is exclusive. */
export async function readPeriod(api: PiwikApi, siteId: string, from: string, to: string): Promise<AnalyticsRow[]> {
  const body = {
    website_id: siteId,
    columns: [{ column_id: 'timestamp', transformation_id: 'to_start_of_five_minutes' }, ...METRICS],
    date_from: from,
    date_to: to,
    limit: MAX_ROWS,
    order_by: [[0, 'asc']],
    format: 'json',
  };
  return post(api, QUERY_PATH, 'the Analytics query API', body);
}

async function post(api: PiwikApi, path: string, what: string, body: unknown): Promise<AnalyticsRow[]> {
  const response = await api.send({ method: 'POST', pathAndQuery: path, what, accept: 'application/json', body: JSON.stringify(body) });
  const text = await HttpClient.text(response, MAX_BODY_CHARS);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new HttpError(what, response.status, 'the answer was not JSON.');
  }
  const data = (document as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new HttpError(what, response.status, 'the answer had no data rows.');
  return data.slice(0, MAX_ROWS).flatMap((row) => {
    const parsed = parseRow(row);
    return parsed ? [parsed] : [];
  });
}

function parseRow(row: unknown): AnalyticsRow | undefined {
  if (!Array.isArray(row) || row.length < 3) return undefined;
  const [wallClock, pageViews, events] = row as unknown[];
  if (typeof wallClock !== 'string' || wallClock.length > 40) return undefined;
  if (!isCount(pageViews) || !isCount(events)) return undefined;
  return { wallClock, pageViews, events };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
