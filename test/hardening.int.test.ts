import { renderGfm, tagsIn, textOutsideCode, VISIBLE_ESCAPE } from './support/gfm.js';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, demoDataset, HOSTILE, HOSTILE_SITE_ID, hostileDataset, makeRawLine, makeSession } from '../simulator/dataset.mjs';
import type { PiwikSimulator } from '../simulator/piwik.mjs';
import { DEFAULT_HTTP_POLICY } from '../src/http/client.js';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction as runEdge } from './support/action-harness.js';
import type { RecordingToolkit } from './support/toolkit.js';

/**
 * Faults and hostile input, end to end: each case drives the simulator's
 * fault scripts (or hostile data) through the real pipeline and asserts both
 * the outcome and what was still written.
 */
const NOW = new Date();
const { shop } = DEMO_SITE_IDS;
closeServersAfterEach();

const simulator = (options: Parameters<typeof piwikSimulator>[1] = {}) => piwikSimulator(NOW, options);
const runAction = (sim: PiwikSimulator, inputs: Record<string, string> = {}) => runEdge({ ...piwikInputs(sim, [shop]), ...inputs });

const warningsOf = (kit: RecordingToolkit) => kit.warnings.map((w) => w.message).join('\n');

/** What the runner would execute: a line starting with `::`, or `##[` anywhere. */
function commandsIn(text: string): string[] {
  return text.split(/\r?\n|\r/).filter((line) => /^\s*::/.test(line) || line.includes('##['));
}

describe('API faults', () => {
  it('retries a 500 and a 429 (honouring Retry-After) on the Debugger API', async () => {
    const sim = await simulator({ faults: { debugger: [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }] } });
    const started = Date.now();
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(sim.countBy('debugger')).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(kit.logs.join('\n')).toMatch(/Debugger API .*HTTP 429; retry 2 in 1\.0 s/);
  });

  it('fails the step when the API stays down, after writing outputs, summary and report', async () => {
    const sim = await simulator({ faults: { debugger: Array.from({ length: 10 }, () => ({ status: 503, body: 'Service Unavailable' })) } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toMatch(
      /Could not check site .*: the scan failed: Piwik PRO Debugger API .* answered HTTP 503: Service Unavailable/,
    );
    expect(kit.outputs.status).toBe('failed');
    expect(report?.status).toBe('failed');
    expect(kit.summaryText()).toMatch(/^## ❌ Piwik PRO: could not check 1 of 1 site\n/);
    expect(sim.countBy('debugger')).toBe(DEFAULT_HTTP_POLICY.retries + 1);
  });

  it('re-reads a page whose stream was cut mid-line, and counts nothing twice', async () => {
    const sim = await simulator({ faults: { debugger: [{ cutAfterBytes: 1500 }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(report?.sites[0]).toMatchObject({ complete: true, malformedLines: 0 });
  });

  it('takes an HTML page with status 200 for the failure it is, not for "no sessions"', async () => {
    const html = '<!doctype html><html><body><h1>Sign in</h1></body></html>';
    const sim = await simulator({ faults: { debugger: [{ raw: { status: 200, contentType: 'text/html; charset=utf-8', body: html } }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toMatch(/answered an HTML page instead of NDJSON sessions/);
    expect(report?.status).toBe('failed');
  });

  it('skips garbage lines, an over-long line and events with mistyped fields, warning with the counts', async () => {
    const sites = demoDataset(NOW).sites;
    const garbage = [
      makeRawLine({ appId: shop, updatedAt: new Date(NOW.getTime() - 60_000), text: 'this is not json' }),
      makeRawLine({ appId: shop, updatedAt: new Date(NOW.getTime() - 61_000), text: '{"session_id_str":"1","events":[' }),
      makeRawLine({ appId: shop, updatedAt: new Date(NOW.getTime() - 62_000), text: `{"padding":"${'x'.repeat(2 * 1024 * 1024)}"}` }),
      makeRawLine({
        appId: shop,
        updatedAt: new Date(NOW.getTime() - 63_000),
        text: '{"session_id_str":"5","events":[{"event_type":[17,"Broken event"],"event_id_str":"not-a-number","server_time":"2026-01-01T00:00:00"},{"event_type":"17"}]}',
      }),
    ];
    const sim = await simulator({ sites: { [shop]: [...(sites[shop] as unknown[]), ...garbage] } as never });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(warningsOf(kit)).toMatch(/skipped 2 malformed and 0 oversized lines/);
    expect(warningsOf(kit)).toMatch(/skipped 1 matching events that lacked an id or a time/);
  });

  it('reports an empty body as zero sessions, not as an error', async () => {
    const sim = await simulator({ faults: { debugger: [{ raw: { status: 200, contentType: 'application/x-ndjson', body: '' } }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('clean');
  });

  it('stops at the time budget with a clear message, and still writes the report', async () => {
    const sim = await simulator({ faults: { debugger: [{ delayMs: 5_000 }] } });
    const { kit, report } = await runAction(sim, { 'timeout-seconds': '1' });
    expect(kit.failure()).toMatch(/time budget of 1 s was spent before the scan finished/);
    expect(report?.status).toBe('failed');
  });

  it('renews the token once on 401, and fails clearly when a fresh token is refused too', async () => {
    const sim = await simulator({ faults: { debugger: [{ status: 401 }, { status: 401 }] } });
    const { kit, report } = await runAction(sim);
    expect(sim.countBy('token')).toBe(2);
    expect(kit.failure()).toMatch(/refused a freshly issued token/);
    expect(report?.status).toBe('failed');
  });
});

describe('hostile data', () => {
  it('never lets text from the API become a workflow command, in the log or in annotations', async () => {
    const sim = await simulator({ sites: hostileDataset(NOW).sites });
    const { kit, report } = await runAction(sim, { 'site-id': HOSTILE_SITE_ID, redact: 'false' });
    expect(report?.totals.events).toBeGreaterThan(10);
    // Every line the action logged itself, and every annotation it made.
    expect(commandsIn(kit.logs.filter((l) => !l.startsWith('::error::')).join('\n'))).toEqual([]);
    for (const annotation of [...kit.warnings, ...kit.notices]) {
      expect(annotation.message).not.toContain('##[');
      expect(commandsIn(annotation.message)).toEqual([]);
      expect(commandsIn(annotation.title ?? '')).toEqual([]);
    }
    // The hostile message did reach the annotations (a notice per alerting group), inert.
    expect(kit.notices.some((n) => n.message.includes(`##\u200b[error]pwned`))).toBe(true);
  });

  it('keeps the job summary free of live HTML, mentions and references, as GitHub renders it', async () => {
    const sim = await simulator({ sites: hostileDataset(NOW).sites });
    const { kit } = await runAction(sim, { 'site-id': HOSTILE_SITE_ID, redact: 'false' });
    const html = renderGfm(kit.summaryText());
    // Only our own tags besides what Markdown itself makes: no <img>, <script>, <a> from the payload.
    const allowed = [
      'h2',
      'h3',
      'h4',
      'p',
      'blockquote',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'code',
      'pre',
      'details',
      'summary',
      'sub',
      'strong',
      'ul',
      'li',
      'a',
      'br',
    ];
    expect([...tagsIn(html)].filter((t) => !allowed.includes(t))).toEqual([]);
    // The only links are ours (issues, the run); none points where the payload wanted.
    for (const href of html.matchAll(/<a href="([^"]*)"/g)) expect(href[1]).toMatch(/^https:\/\/github\.com\//);
    const text = textOutsideCode(html);
    expect(text).not.toMatch(/(^|[^\u200b\w])@octocat/);
    expect(text).not.toMatch(/(^|\s)#1\b/);
    expect(text).not.toMatch(VISIBLE_ESCAPE);
  });
});

describe('privacy', () => {
  it('writes none of the personal data of a raw request anywhere with the defaults', async () => {
    const personal = {
      uid: 'jane.doe@example.com',
      _id: 'a1b2c3d4e5f60718',
      cid: '0f0e0d0c0b0a0908',
      url: 'https://shop.example.com/account?email=jane.doe%40example.com&user=janedoe',
    };
    const headers = {
      'x-forwarded-for': '203.0.113.77',
      'user-agent': 'Mozilla/5.0 (Janes-MacBook-Pro)',
      'x-geoip-city': 'Gdańsk',
      'x-geoip-latitude': '54.35',
    };
    const session = makeSession({
      appId: shop,
      updatedAt: new Date(NOW.getTime() - 60_000),
      events: [
        {
          type: 17,
          errorMessage: 'Invalid request from 203.0.113.77 for jane.doe@example.com',
          url: personal.url,
          queryParams: personal,
          headers,
        },
      ],
    });
    const sim = await simulator({ sites: { [shop]: [session] } });
    const { kit, report } = await runAction(sim);
    expect(report?.totals.events).toBe(1);
    expect(report?.groups[0]?.sampleRequests).toHaveLength(1);
    const written = `${kit.everything()}\n${JSON.stringify(report)}`;
    for (const value of [
      'jane.doe',
      'janedoe',
      'a1b2c3d4e5f60718',
      '0f0e0d0c0b0a0908',
      '203.0.113.77',
      'Janes-MacBook-Pro',
      'Gdańsk',
      '54.35',
    ]) {
      expect(written, value).not.toContain(value);
    }
  });
});

it('HOSTILE covers the payload kinds the hardening tests rely on', () => {
  expect(Object.values(HOSTILE)).toEqual(expect.arrayContaining(['<!channel>', '::error::pwned', '##[error]pwned', '@octocat']));
});
