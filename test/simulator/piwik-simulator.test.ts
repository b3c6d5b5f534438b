// Tests of the loopback Piwik PRO simulator itself: if it drifts from the API
// contract, every integration test built on it proves the wrong thing.

import { afterEach, describe, expect, it } from 'vitest';
import { startPiwikSimulator, toJsonLine, type PiwikSimulator, type SimulatorOptions } from '../../simulator/piwik.mjs';
import {
  DEMO_MESSAGES,
  DEMO_SITE_IDS,
  HOSTILE,
  hostileDataset,
  demoDataset,
  makeRawLine,
  makeSession,
  scaleDataset,
} from '../../simulator/dataset.mjs';

const NOW = new Date('2025-03-14T12:00:00Z');
const UNKNOWN_SITE = '00000000-0000-4000-8000-000000000000';
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

let sim: PiwikSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<PiwikSimulator> {
  sim = await startPiwikSimulator({ sites: demoDataset(NOW).sites, now: NOW, ...options });
  return sim;
}

async function tokenFor(s: PiwikSimulator): Promise<string> {
  const res = await fetch(`${s.url}/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'test-client', client_secret: 'test-secret' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function get(s: PiwikSimulator, path: string, token?: string): Promise<Response> {
  return fetch(`${s.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const nonEmptyLines = (text: string) => text.split('\n').filter((line) => line !== '');
const debuggerPath = (appId: string, extra = '') => `/api/tracker/v1/debugger?app_id=${appId}&lookup_window=60${extra}`;

describe('token endpoint and bearer auth', () => {
  it('issues tokens for form and JSON bodies and refuses bad credentials', async () => {
    const s = await start({ tokenTtlSeconds: 60 });
    const json = await fetch(`${s.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'test-client', client_secret: 'test-secret' }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ token_type: 'Bearer', expires_in: 60, access_token: expect.any(String) });

    const bad = await fetch(`${s.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'test-client', client_secret: 'nope' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ errors: [{ status: '401' }] });
    expect(s.countBy('token')).toBe(2);
  });

  it('answers 401 with an empty body without a live token, including after expiry and revocation', async () => {
    const s = await start({ tokenTtlSeconds: 60 });
    const path = debuggerPath(DEMO_SITE_IDS.shop);
    const missing = await get(s, path);
    expect([missing.status, await missing.text()]).toEqual([401, '']);
    expect((await get(s, path, 'forged')).status).toBe(401);

    const token = await tokenFor(s);
    expect((await get(s, path, token)).status).toBe(200);
    s.setNow(new Date(NOW.getTime() + 61_000)); // expiry runs on the simulator clock
    expect((await get(s, path, token)).status).toBe(401);

    s.setNow(NOW);
    const fresh = await tokenFor(s);
    s.revokeTokens();
    expect((await get(s, path, fresh)).status).toBe(401);
  });
});

describe('debugger endpoint', () => {
  it('rejects bad parameters as the API does and hides unknown apps behind 404', async () => {
    const s = await start();
    const token = await tokenFor(s);
    for (const query of [
      'lookup_window=30',
      'app_id=not-a-uuid',
      `app_id=${DEMO_SITE_IDS.shop}&lookup_window=0`,
      `app_id=${DEMO_SITE_IDS.shop}&lookup_window=301`,
      `app_id=${DEMO_SITE_IDS.shop}&event_type=10`,
      `app_id=${DEMO_SITE_IDS.shop}&limit=ten`,
      `app_id=${DEMO_SITE_IDS.shop}&offset=-1`,
      `app_id=${DEMO_SITE_IDS.shop}&limit=10&limit=20`,
    ]) {
      const res = await get(s, `/api/tracker/v1/debugger?${query}`, token);
      expect([query, res.status, await res.text()]).toEqual([query, 400, 'Request parameters deserialization error.']);
    }
    const unknown = await get(s, `/api/tracker/v1/debugger?app_id=${UNKNOWN_SITE}`, token);
    expect([unknown.status, await unknown.text()]).toEqual([404, '404 page not found']);
  });

  it('streams NDJSON newest first with exact u64 literals, and pages with offset and limit', async () => {
    const s = await start();
    const token = await tokenFor(s);
    const res = await get(s, debuggerPath(DEMO_SITE_IDS.shop), token);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    // The literal digits, not a rounded float: JSON.parse would turn these into 18446744073709552000 and 9007199254740992.
    expect(text).toContain('"session_id":18446744073709551615,"session_id_str":"18446744073709551615","session_id_hex":"ffffffffffffffff"');
    expect(text).toContain('"event_id":9007199254740993,"event_id_str":"9007199254740993","event_id_hex":"0020000000000001"');

    const sessions = nonEmptyLines(text).map((line) => JSON.parse(line) as { updated_at: string; session_id_str: string });
    expect(sessions).toHaveLength(8);
    const times = sessions.map((x) => x.updated_at);
    expect([...times].sort().reverse()).toEqual(times);

    const page1 = nonEmptyLines(await (await get(s, debuggerPath(DEMO_SITE_IDS.shop, '&limit=3'), token)).text());
    const page2 = nonEmptyLines(await (await get(s, debuggerPath(DEMO_SITE_IDS.shop, '&limit=3&offset=3'), token)).text());
    expect([...page1, ...page2].map((l) => (JSON.parse(l) as { session_id_str: string }).session_id_str)).toEqual(
      sessions.slice(0, 6).map((x) => x.session_id_str),
    );
  });

  it('filters by lookup_window (default 30), event_type and page_url', async () => {
    const s = await start();
    let token = await tokenFor(s);
    const count = async (path: string) => {
      const res = await get(s, path, token);
      expect(res.status).toBe(200);
      return nonEmptyLines(await res.text()).length;
    };
    const shop = DEMO_SITE_IDS.shop;
    expect(await count(`/api/tracker/v1/debugger?app_id=${shop}`)).toBe(5); // updated 2, 7, 12, 18 and 25 minutes ago
    expect(await count(`/api/tracker/v1/debugger?app_id=${shop}&lookup_window=10`)).toBe(2);
    expect(await count(debuggerPath(shop, '&event_type=17'))).toBe(6);
    expect(await count(debuggerPath(shop, '&event_type=18'))).toBe(1);
    expect(await count(debuggerPath(shop, '&page_url=newsletter'))).toBe(2);

    s.setNow(new Date(NOW.getTime() + 50 * 60_000));
    token = await tokenFor(s); // the first one expired 30 minutes after NOW
    expect(await count(debuggerPath(shop))).toBe(2); // the window now starts 10 minutes before NOW
  });

  it('serves a session only once its clock reaches it, so events can appear after a delay', async () => {
    const appId = DEMO_SITE_IDS.shop;
    const later = new Date(NOW.getTime() + 15_000);
    const sessions = [
      makeSession({ appId, updatedAt: minutesAgo(1), events: [{ type: 1 }] }),
      makeSession({ appId, updatedAt: later, events: [{ type: 17, errorMessage: 'not yet' }] }),
    ];
    const s = await start({ sites: { [appId]: sessions } });
    const token = await tokenFor(s);
    const lines = async (path: string) => nonEmptyLines(await (await get(s, path, token)).text());
    expect(await lines(debuggerPath(appId))).toHaveLength(1);
    expect(await lines(debuggerPath(appId, '&event_type=17'))).toHaveLength(0);
    s.setNow(later);
    expect(await lines(debuggerPath(appId))).toHaveLength(2);
    expect(await lines(debuggerPath(appId, '&event_type=17'))).toHaveLength(1);

    // Lazy datasets too, filtered or not: the sessions of the last half hour are not there yet.
    const data = scaleDataset({ sites: 1, sessions: 200, brokenEvents: 200, groups: 2, now: NOW });
    const siteId = data.siteIds[0];
    const site = data.sites[siteId];
    const halfHourAgo = minutesAgo(30).getTime();
    let due = 0;
    for (let i = 0; i < site.count; i++) if ((site.updatedAt?.(i) ?? site.session(i).updatedAt).getTime() <= halfHourAgo) due += 1;
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThan(200);
    const lazy = await startPiwikSimulator({ sites: data.sites, now: halfHourAgo });
    try {
      const lazyToken = await tokenFor(lazy);
      const count = async (extra: string) =>
        nonEmptyLines(await (await get(lazy, debuggerPath(siteId, `&limit=500${extra}`), lazyToken)).text()).length;
      expect(await count('')).toBe(due);
      expect(await count('&event_type=17')).toBe(due);
      expect(await count('&event_type=17&offset=10')).toBe(due - 10);
    } finally {
      await lazy.close();
    }
  });

  it('serves raw lines verbatim in their place in the stream', async () => {
    const appId = DEMO_SITE_IDS.shop;
    const sessions = [
      makeSession({ appId, updatedAt: minutesAgo(1), events: [{ type: 17, errorMessage: 'boom' }] }),
      makeRawLine({ updatedAt: minutesAgo(2), text: '{"session_id": 1, "truncated' }),
      makeSession({ appId, updatedAt: minutesAgo(3), events: [{ type: 1 }] }),
    ];
    const s = await start({ sites: { [appId]: sessions } });
    const lines = nonEmptyLines(await (await get(s, debuggerPath(appId), await tokenFor(s))).text());
    expect(lines[1]).toBe('{"session_id": 1, "truncated');
    expect(lines).toHaveLength(3);
  });
});

describe('logs endpoints', () => {
  const shop = DEMO_SITE_IDS.shop;
  const brokenEvent = () => {
    const session = demoDataset(NOW).sites[shop][0];
    const event = session.record.events.find((e) => e.event_type[0] === 17)!;
    return { session, event };
  };

  it('answers /logs with the raw requests asked for, in order, unknown ones left out', async () => {
    const s = await start();
    const token = await tokenFor(s);
    const { event } = brokenEvent();
    const uuids = [event.log_uuids[0], UNKNOWN_SITE];
    const res = await get(s, `/api/tracker/v1/logs?app_id=${shop}&log_uuids=${uuids.join(',')}`, token);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const logs = nonEmptyLines(await res.text()).map(
      (l) => JSON.parse(l) as { id: string; ip: string; query_params: Record<string, string>; headers: string[][] },
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ id: uuids[0], ip: '<anonymized>', method: 'GET' });
    // The defect behind the error message is really in the raw request, next to personal data.
    expect(logs[0].query_params).toMatchObject({ idsite: shop, ec_id: '1234', ec_products: expect.stringMatching(/^\[\["sku-2231"/) });
    expect(() => JSON.parse(logs[0].query_params.ec_products)).toThrow();
    expect(logs[0].query_params.uid).toMatch(/@/);
    expect(logs[0].headers.map(([name]) => name)).toEqual(expect.arrayContaining(['x-forwarded-for', 'user-agent', 'x-geoip-city']));
    expect(event.error_message).toBe(DEMO_MESSAGES.ecProducts(1234));

    const bad = await get(s, `/api/tracker/v1/logs?app_id=${shop}&log_uuids=nope`, token);
    expect(bad.status).toBe(400);
  });

  it('serves the legacy /log by event id and time range, and hides /logs when legacy-only', async () => {
    const s = await start({ logsEndpoint: 'legacy-only' });
    const token = await tokenFor(s);
    const { session, event } = brokenEvent();
    const logs = await get(s, `/api/tracker/v1/logs?app_id=${shop}&log_uuids=${event.log_uuids[0]}`, token);
    expect([logs.status, await logs.text()]).toEqual([404, '404 page not found']);

    const range = `server_time_min=${session.record.server_time}&server_time_max=${session.record.updated_at}`;
    const legacy = await get(s, `/api/tracker/v1/log?app_id=${shop}&event_ids=${event.event_id_str},12345&${range}`, token);
    expect(legacy.status).toBe(200);
    expect(nonEmptyLines(await legacy.text()).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(event.log_uuids);

    const outside = await get(
      s,
      `/api/tracker/v1/log?app_id=${shop}&event_ids=${event.event_id_str}&server_time_min=2000-01-01T00:00:00&server_time_max=2000-01-01T00:00:01`,
      token,
    );
    expect(await outside.text()).toBe('');
    expect((await get(s, `/api/tracker/v1/log?app_id=${shop}&event_ids=1.5`, token)).status).toBe(400);
  });
});

describe('fault scripts', () => {
  it('plays one entry per request, then behaves normally', async () => {
    const s = await start({ faults: { debugger: [{ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }] } });
    const token = await tokenFor(s);
    const path = debuggerPath(DEMO_SITE_IDS.shop);
    const first = await get(s, path, token);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
    const second = await get(s, path, token);
    expect([second.status, await second.text()]).toEqual([500, 'Internal error occurred. Check logs']);
    expect((await get(s, path, token)).status).toBe(200);

    s.faults.debugger.push({ raw: { contentType: 'text/html', body: '<html>Maintenance</html>' } });
    const raw = await get(s, path, token);
    expect([raw.status, raw.headers.get('content-type'), await raw.text()]).toEqual([200, 'text/html', '<html>Maintenance</html>']);
    expect(s.countBy('debugger')).toBe(4);
  });

  it('cuts a stream mid-line, expires tokens and delays answers', async () => {
    const s = await start();
    const token = await tokenFor(s);
    const path = debuggerPath(DEMO_SITE_IDS.shop);

    s.faults.debugger.push({ cutAfterBytes: 120 });
    const cut = await get(s, path, token);
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();

    s.faults.debugger.push({ expireToken: true });
    expect((await get(s, path, token)).status).toBe(401);
    expect((await get(s, path, token)).status).toBe(401); // the old token stays dead
    const renewed = await tokenFor(s);

    s.faults.logs.push({ delayMs: 150 });
    const started = Date.now();
    const delayed = await get(s, `/api/tracker/v1/logs?app_id=${DEMO_SITE_IDS.shop}&log_uuids=${UNKNOWN_SITE}`, renewed);
    expect(delayed.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 414 for request targets longer than maxUrlLength', async () => {
    const s = await start({ maxUrlLength: 200 });
    const token = await tokenFor(s);
    const res = await get(s, debuggerPath(DEMO_SITE_IDS.shop, `&page_url=${'x'.repeat(200)}`), token);
    expect(res.status).toBe(414);
  });
});

describe('datasets', () => {
  it('serves lazy scale datasets with the broken events and groups they promise', async () => {
    const data = scaleDataset({ sites: 2, sessions: 3000, brokenEvents: 90, groups: 4, now: NOW });
    expect(data.expected.groups.map((g) => g.count)).toEqual([23, 23, 22, 22]);
    const s = await start({ sites: data.sites });
    const token = await tokenFor(s);
    const siteId = data.siteIds[1];

    const messages: string[] = [];
    const logUuids: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const lines = nonEmptyLines(await (await get(s, debuggerPath(siteId, `&event_type=17&limit=100&offset=${offset}`), token)).text());
      for (const line of lines) {
        for (const e of (JSON.parse(line) as { events: { event_type: [number]; error_message?: string; log_uuids: string[] }[] }).events) {
          if (e.event_type[0] === 17) {
            messages.push(e.error_message!);
            logUuids.push(...e.log_uuids);
          }
        }
      }
      if (lines.length < 100) break;
    }
    expect(messages).toHaveLength(data.expected.perSite[siteId].brokenEvents);
    expect(new Set(messages.map((m) => m.replace(/\d+/g, '#'))).size).toBe(4);

    const logs = await get(s, `/api/tracker/v1/logs?app_id=${siteId}&log_uuids=${logUuids.slice(0, 5).join(',')}`, token);
    expect(nonEmptyLines(await logs.text()).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(logUuids.slice(0, 5));

    const all = nonEmptyLines(await (await get(s, debuggerPath(siteId, '&limit=5&offset=2990'), token)).text());
    expect(all).toHaveLength(5);
    const bytes = all.reduce((sum, line) => sum + line.length, 0) / all.length;
    expect(bytes).toBeGreaterThan(2000);
    expect(bytes).toBeLessThan(6000);
  });

  it('is deterministic and carries the hostile payloads where reports show them', () => {
    const a = demoDataset(NOW).sites[DEMO_SITE_IDS.blog].map((x) => x.record.session_id_str);
    const b = demoDataset(NOW).sites[DEMO_SITE_IDS.blog].map((x) => x.record.session_id_str);
    expect(a).toEqual(b);

    const hostile = hostileDataset(NOW);
    const text = toJsonLine(
      Object.values(hostile.sites)
        .flat()
        .map((x) => [x.record.events, x.logs]),
    );
    for (const payload of Object.values(HOSTILE)) expect(text).toContain(JSON.stringify(payload).slice(1, -1));
  });
});
