import { describe, expect, it } from 'vitest';
import { checkAnswer, checkRequest, findOperation } from '../../simulator/contract.mjs';
import { trafficSessions } from '../../simulator/dataset.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from '../support/action-harness.js';

/**
 * The volume check's requests against Piwik PRO's Analytics HTTP API description, in the form
 * scripts/derive-account-api.mjs derived into simulator/analytics-api.json: every request a run
 * makes must match it, and so must the simulator's answers; the simulator answers the columns,
 * transformations, filters and errors as the reference describes them.
 */
closeServersAfterEach();

const NOW = new Date('2026-11-30T12:00:00Z');
const SITE = '0a1b2c3d-0000-4000-8000-00000000000a';
const REAL_TIME = '/api/analytics/v1/real-time-query/';
const QUERY = '/api/analytics/v1/query/';

const post = (pathname: string, body: unknown) =>
  checkRequest({ method: 'POST', pathname, query: new URLSearchParams(), contentType: 'application/json', body: JSON.stringify(body) })
    .problems;

async function simulator(): Promise<PiwikSimulator> {
  const sessions = [
    ...trafficSessions(SITE, { from: new Date(NOW.getTime() - 3 * 3_600_000), to: NOW, everySeconds: 30 }),
    ...trafficSessions(SITE, {
      from: new Date(NOW.getTime() - 7 * 86_400_000 - 3 * 3_600_000),
      to: new Date(NOW.getTime() - 7 * 86_400_000),
      seed: 'w',
    }),
  ];
  return closeLater(
    await startPiwikSimulator({
      sites: { [SITE]: sessions },
      accounts: { [SITE]: { app: { name: 'Shop', timezone: 'Europe/Warsaw' } } },
      now: NOW,
    }),
  );
}

async function ask(sim: PiwikSimulator, pathname: string, body: unknown): Promise<{ status: number; json: Answer; problems: string[] }> {
  const token = await fetch(`${sim.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret }),
  });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const response = await fetch(`${sim.url}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const operation = findOperation('POST', pathname)?.operation;
  const problems =
    operation && response.status === 200
      ? checkAnswer(operation, { status: 200, contentType: response.headers.get('content-type') ?? undefined, body: text })
      : [];
  return { status: response.status, json: JSON.parse(text) as Answer, problems };
}

/** An answer as the tests read it: rows, or the documented errors. */
interface Answer {
  readonly data?: unknown[][];
  readonly meta?: { readonly count: number };
  readonly errors?: { readonly status: string; readonly detail: string; readonly source?: { readonly parameter: string } }[];
}

const timestamp = (transformation_id: string) => ({ column_id: 'timestamp', transformation_id });

describe('the derived contract of the Analytics HTTP API', () => {
  it('refuses what the description refuses: a missing lookback, an unknown field, a limit out of bounds, a bad enum', () => {
    const columns = [{ column_id: 'page_views' }];
    expect(post(REAL_TIME, { website_id: SITE, columns, lookback_window: 30 })).toEqual([]);
    expect(post(REAL_TIME, { website_id: 'shop', columns, limit: 100_001, format: 'yaml', colour: 'red' })).toEqual(
      expect.arrayContaining([
        expect.stringContaining('additional properties (colour)'),
        expect.stringContaining("required property 'lookback_window'"),
        expect.stringContaining('/website_id must match format "uuid"'),
        expect.stringContaining('/limit must be <= 100000'),
        expect.stringContaining('/format must be equal to one of the allowed values'),
      ]),
    );
    expect(post(QUERY, { website_id: SITE, columns, date_from: '2026-11-23 10:00:00', date_to: '2026-11-23 12:00:00' })).toEqual([]);
    expect(post(QUERY, { website_id: SITE, columns, lookback_window: 30 })).toEqual([
      expect.stringContaining('additional properties (lookback_window)'),
    ]);
  });
});

describe('requests and answers of a real run', () => {
  it('match the description, two requests a site, and the answers are in the documented shape', async () => {
    const sim = await simulator();
    const { kit } = await runAction({ ...piwikInputs(sim, [SITE]) }, {}, { clock: { now: () => sim.now(), sleep: async () => undefined } });
    expect(kit.failure()).toBeUndefined();
    const analytics = sim.requests.filter((r) => r.endpoint === 'realTimeQuery' || r.endpoint === 'query');
    expect(analytics.map((r) => r.endpoint)).toEqual(expect.arrayContaining(['realTimeQuery', 'query']));
    expect(analytics).toHaveLength(2);
    for (const request of analytics) {
      const result = checkRequest({
        method: request.method,
        pathname: request.path,
        query: new URLSearchParams(),
        contentType: request.headers['content-type'],
        body: request.body,
      });
      expect(result.problems, request.body).toEqual([]);
      expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
      const again = await ask(sim, request.path, JSON.parse(request.body));
      expect(again.status).toBe(200);
      expect(again.problems).toEqual([]);
    }
    // Last week's span on the site's clock (Warsaw, UTC+1 in November): 2026-11-23 10:30 to 13:00.
    const query = JSON.parse(analytics.find((r) => r.endpoint === 'query')?.body ?? '{}');
    expect(query).toMatchObject({ date_from: '2026-11-23 10:30:00', date_to: '2026-11-23 13:00:00' });
  });
});

describe('the simulator answers', () => {
  it('from the Debugger sessions, per five minutes on the site clock, with filters, ordering and paging', async () => {
    const sim = await simulator();
    const five = await ask(sim, REAL_TIME, {
      website_id: SITE,
      columns: [timestamp('to_start_of_five_minutes'), { column_id: 'page_views' }, { column_id: 'events' }, { column_id: 'visitors' }],
      lookback_window: 30,
      order_by: [[0, 'desc']],
      limit: 2,
    });
    expect(five.json).toEqual({
      // 11:30–12:00 UTC is 12:30–13:00 in Warsaw: six buckets of ten page views (one every 30 s), the newest first.
      data: [
        ['2026-11-30 12:55:00', 10, 10, 10],
        ['2026-11-30 12:50:00', 10, 10, 10],
      ],
      meta: { count: 6 },
    });
    const hours = await ask(sim, REAL_TIME, {
      website_id: SITE,
      columns: [timestamp('to_start_of_hour'), { column_id: 'events' }],
      lookback_window: 120,
      filters: { operator: 'and', conditions: [{ column_id: 'event_type', condition: { operator: 'neq', value: 1 } }] },
    });
    expect(hours.json).toEqual({ data: [], meta: { count: 0 } });
  });

  it('serves processed data only two hours back in the query API', async () => {
    const sim = await simulator();
    const today = await ask(sim, QUERY, {
      website_id: SITE,
      columns: [timestamp('to_start_of_hour'), { column_id: 'page_views' }],
      date_from: '2026-11-30 10:00:00',
      date_to: '2026-11-30 13:00:01',
      order_by: [[0, 'asc']],
    });
    // 10:00–11:00 local (09:00–10:00 UTC) is processed, and the page view at 10:00:00 UTC; nothing later yet.
    expect(today.json.data).toEqual([
      ['2026-11-30 10:00:00', 120],
      ['2026-11-30 11:00:00', 1],
    ]);
  });

  it('answers errors as the description words them', async () => {
    const sim = await simulator();
    const unknown = await ask(sim, REAL_TIME, { website_id: SITE, columns: [{ column_id: 'example' }], lookback_window: 5 });
    expect(unknown).toMatchObject({
      status: 400,
      json: { errors: [{ status: '400', detail: 'Dimension "example" does not exist.', source: { parameter: 'columns.column_id' } }] },
    });
    const sessions = await ask(sim, REAL_TIME, { website_id: SITE, columns: [{ column_id: 'sessions' }], lookback_window: 5 });
    expect(sessions.status).toBe(400);
    const transformation = await ask(sim, REAL_TIME, {
      website_id: SITE,
      columns: [timestamp('to_start_of_fortnight')],
      lookback_window: 5,
    });
    expect(transformation.json.errors?.[0]?.detail).toBe('Transformation "to_start_of_fortnight" is not supported by column "timestamp".');
    const shape = await ask(sim, REAL_TIME, { website_id: SITE, columns: [] });
    expect(shape.status).toBe(400);
    sim.forbid(['realTimeQuery']);
    const refused = await ask(sim, REAL_TIME, { website_id: SITE, columns: [{ column_id: 'events' }], lookback_window: 5 });
    expect(refused).toMatchObject({ status: 403, json: { errors: [{ status: '403', detail: 'No valid license found.' }] } });
  });
});
