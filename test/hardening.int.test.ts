import { renderGfm, tagsIn, textOutsideCode, VISIBLE_ESCAPE } from './support/gfm.js';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, demoDataset, HOSTILE, HOSTILE_SITE_ID, hostileDataset, makeRawLine, makeSession } from '../simulator/dataset.mjs';
import { startGitHubSink, type GitHubSink } from '../simulator/github.mjs';
import type { Endpoint, PiwikSimulator } from '../simulator/piwik.mjs';
import { startLoopbackProxy } from '../simulator/proxy.mjs';
import { startSlackSink, type SlackSink } from '../simulator/slack.mjs';
import { DEFAULT_HTTP_POLICY } from '../src/http/client.js';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction as runEdge } from './support/action-harness.js';
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

const SIGN_IN_PAGE = '<!doctype html><html><body><h1>Sign in</h1></body></html>';
const warningsOf = (kit: RecordingToolkit) => kit.warnings.map((w) => w.message).join('\n');

/** The simulator holding one session of the shop, a minute old, with the one event given. */
function oneEventSimulator(event: Parameters<typeof makeSession>[0]['events'][number]) {
  const session = makeSession({ appId: shop, updatedAt: new Date(NOW.getTime() - 60_000), events: [event] });
  return simulator({ sites: { [shop]: [session] } });
}

/**
 * A run with the defaults over one event that carries personal data: its raw request is shown as a sample, and none
 * of the values is written anywhere (each checked apart, so that a failure names it).
 */
async function expectWrittenWithout(event: Parameters<typeof oneEventSimulator>[0], values: readonly string[]) {
  const { kit, report } = await runAction(await oneEventSimulator(event));
  expect(report?.groups[0]?.sampleRequests).toHaveLength(1);
  const text = written(kit, report);
  for (const value of values) expect(text, value).not.toContain(value);
  return report;
}

interface Sinks {
  slack: SlackSink;
  github: GitHubSink;
}

/** Everything a run wrote anywhere: log, annotations, outputs, summary, failure, report, Slack and GitHub. */
function written(kit: RecordingToolkit, report: unknown, s?: Sinks): string {
  return [
    kit.everything(),
    JSON.stringify(report),
    ...(s ? s.slack.requests.map((r) => r.body ?? '') : []),
    ...(s ? s.github.writes().map((r) => JSON.stringify(r.body)) : []),
  ].join('\n');
}

/** What the runner would execute: a line starting with `::`, or `##[` anywhere. */
function commandsIn(text: string): string[] {
  return text.split(/\r?\n|\r/).filter((line) => /^\s*::/.test(line) || line.includes('##['));
}

/** A run that must fail the step: what the simulator does, the inputs, the failure named, the requests it takes. */
interface FailingRun {
  case: string;
  faults: NonNullable<Parameters<typeof simulator>[0]>['faults'];
  inputs: Record<string, string>;
  failure: RegExp;
  requests: Partial<Record<Endpoint, number>>;
}

describe('API faults', () => {
  it('retries a 500 and a 429 (honouring Retry-After) on the Debugger API', async () => {
    const sim = await simulator({ faults: { debugger: [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(sim.countBy('debugger')).toBe(3);
    expect(kit.logs.join('\n')).toMatch(/Debugger API .*HTTP 429; retry 2 in 1\.0 s/);
  });

  it.each<FailingRun>([
    {
      case: 'the API stays down',
      faults: { debugger: Array.from({ length: 10 }, () => ({ status: 503, body: 'Service Unavailable' })) },
      inputs: {},
      failure: /Could not check site .*: the scan failed: Piwik PRO Debugger API .* answered HTTP 503: Service Unavailable/,
      requests: { debugger: DEFAULT_HTTP_POLICY.retries + 1 },
    },
    {
      case: 'an HTML page comes with status 200 (not taken for "no sessions")',
      faults: { debugger: [{ raw: { status: 200, contentType: 'text/html; charset=utf-8', body: SIGN_IN_PAGE } }] },
      inputs: {},
      failure: /answered an HTML page instead of NDJSON sessions/,
      requests: {},
    },
    {
      case: 'the time budget is spent',
      faults: { debugger: [{ delayMs: 5_000 }] },
      inputs: { 'timeout-seconds': '1' },
      failure: /time budget of 1 s was spent before the scan finished/,
      requests: {},
    },
    {
      case: 'the token, renewed once on 401, is refused again',
      faults: { debugger: [{ status: 401 }, { status: 401 }] },
      inputs: {},
      failure: /refused a freshly issued token/,
      requests: { token: 2 },
    },
  ])('fails the step clearly when $case, after writing outputs, summary and report', async (c) => {
    const sim = await simulator({ faults: c.faults });
    const { kit, report } = await runAction(sim, c.inputs);
    expect(kit.failure()).toMatch(c.failure);
    expect(kit.outputs.status).toBe('failed');
    expect(report?.status).toBe('failed');
    expect(kit.summaryText()).toMatch(/^## ❌ Piwik PRO: could not check 1 of 1 site\n/);
    for (const [endpoint, count] of Object.entries(c.requests)) expect(sim.countBy(endpoint as Endpoint), endpoint).toBe(count);
  });

  it('re-reads a page whose stream was cut mid-line, and counts nothing twice', async () => {
    const sim = await simulator({ faults: { debugger: [{ cutAfterBytes: 1500 }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(7);
    expect(report?.sites[0]).toMatchObject({ complete: true, malformedLines: 0 });
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
    expect(warningsOf(kit)).toMatch(/skipped 1 matching event that lacked an id or a time/);
  });

  it('reports an empty body as zero sessions, not as an error', async () => {
    const sim = await simulator({ faults: { debugger: [{ raw: { status: 200, contentType: 'application/x-ndjson', body: '' } }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('clean');
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
    const report = await expectWrittenWithout(
      {
        type: 17,
        errorMessage: 'Invalid request from 203.0.113.77 for jane.doe@example.com',
        url: personal.url,
        queryParams: personal,
        headers,
      },
      ['jane.doe', 'janedoe', 'a1b2c3d4e5f60718', '0f0e0d0c0b0a0908', '203.0.113.77', 'Janes-MacBook-Pro', 'Gdańsk', '54.35'],
    );
    expect(report?.totals.events).toBe(1);
  });
});

it('HOSTILE covers the payload kinds the hardening tests rely on', () => {
  expect(Object.values(HOSTILE)).toEqual(expect.arrayContaining(['<!channel>', '::error::pwned', '##[error]pwned', '@octocat']));
});

/**
 * The second security review (issue 14): one case per finding, each over
 * loopback HTTP, each failing on the code before its fix.
 */
describe('second review', () => {
  const GITHUB_TOKEN = 'ghs_review_token_0123456789abcdefghijklmn';

  async function sinks(github: Parameters<typeof startGitHubSink>[0] = { owner: 'acme', repo: 'site' }): Promise<Sinks> {
    return { slack: closeLater(await startSlackSink()), github: closeLater(await startGitHubSink(github)) };
  }

  function runWith(sim: PiwikSimulator, s: Sinks, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
    return runEdge(
      {
        ...piwikInputs(sim, [shop]),
        'slack-webhook-url': s.slack.url,
        'github-token': GITHUB_TOKEN,
        'create-issue': 'true',
        ...inputs,
      },
      { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: s.github.url, ...env },
    );
  }

  /** No 12 characters in a row of the secret, anywhere: not whole, not cut, not a piece of it. */
  function expectNoPieceOf(secret: string, text: string): void {
    const flat = text.replace(/\\(?=[_*\-`])/g, '');
    for (let i = 0; i + 12 <= secret.length; i += 1) expect(flat, `piece ${i} of the secret`).not.toContain(secret.slice(i, i + 12));
  }

  const bearerOf = (sim: PiwikSimulator) =>
    (sim.requests.find((r) => r.endpoint === 'debugger')?.headers.authorization ?? '').replace(/^Bearer /, '');

  describe('1: secrets echoed by a server', () => {
    it('scrubs the access token a Debugger 400 echoes, though the 200-character cut lands inside it', async () => {
      const sim = await simulator({ faults: { debugger: [{ echo: { status: 400, before: `${'x'.repeat(150)} ` } }] } });
      const s = await sinks();
      const { kit, report } = await runWith(sim, s);
      const token = bearerOf(sim);
      expect(token).toMatch(/^eyJ/);
      expect(report?.status).toBe('failed');
      expect(s.slack.messages).toHaveLength(1);
      expectNoPieceOf(token, written(kit, report, s));
    });

    it('scrubs a token echoed by the Logs API in a run that succeeds, in the summary too', async () => {
      const echo = { echo: { status: 400 } };
      const sim = await simulator({ faults: { logs: [echo], legacyLog: [echo, echo, echo, echo] } });
      const s = await sinks();
      const { kit, report } = await runWith(sim, s, { 'create-issue': 'false' });
      expect(report?.status).toBe('found');
      expect(report?.warnings.join('\n')).toMatch(/raw request of \d+ events could not be had/);
      expectNoPieceOf(bearerOf(sim), written(kit, report, s));
    });

    it('scrubs the GitHub token quoted by a 422, in the summary where Markdown escapes its _', async () => {
      const sim = await simulator();
      const s = await sinks();
      s.github.faults.push({
        method: 'POST',
        path: /\/issues$/,
        status: 422,
        times: 20,
        body: { message: `Validation Failed: token ${GITHUB_TOKEN} may not create issues`, status: '422' },
      });
      const { kit, report } = await runWith(sim, s);
      expect(report?.deliveries.github.status).toBe('failed');
      expectNoPieceOf(GITHUB_TOKEN, written(kit, report, s));
    });

    it('scrubs the Slack webhook echoed in base64 and split across a line break', async () => {
      const sim = await simulator();
      const s = await sinks();
      const url = s.slack.url;
      s.slack.faults.push({ status: 400, body: `got ${Buffer.from(url).toString('base64')} and ${url.slice(0, 40)}\n${url.slice(40)}` });
      const { kit, report } = await runWith(sim, s, { 'create-issue': 'false' });
      expect(report?.deliveries.slack.status).toBe('failed');
      const text = written(kit, report);
      expect(text).not.toContain('/services/T000/B');
      expect(text).not.toContain('000/XXXX');
      expectNoPieceOf(Buffer.from(url).toString('base64'), text);
    });
  });

  it('2: closes no issue of a site whose Debugger answer had a line it could not read', async () => {
    const s = await sinks();
    const first = await runWith(await simulator(), s, { since: 'window', 'close-resolved': 'true' });
    const opened = s.github.issues.filter((i) => i.state === 'open');
    expect(first.report?.groups.length).toBeGreaterThan(0);
    expect(opened).toHaveLength(first.report?.groups.length ?? -1);
    // The same sessions, each line now cut short: nothing can be read, so nothing is known to be resolved.
    const unreadable = (demoDataset(NOW).sites[shop] as { updatedAt: Date }[]).map((session) =>
      makeRawLine({ appId: shop, updatedAt: session.updatedAt, text: '{"session_id_str":"1","events":[' }),
    );
    const sim = await simulator({ sites: { [shop]: unreadable } });
    const { kit, report } = await runWith(sim, s, { since: 'window', 'close-resolved': 'true' });
    expect(report?.sites[0]).toMatchObject({ complete: false, capped: false });
    expect(s.github.issues.filter((i) => i.state === 'open')).toHaveLength(opened.length);
    expect(kit.summaryText()).toMatch(/incomplete: \d+ unreadable lines, no issue closed/);
  });

  it('3: writes none of the personal data that used to survive the default redaction', async () => {
    await expectWrittenWithout(
      {
        type: 17,
        errorMessage: "Invalid visitor id 'a1b2c3d4e5f60718' for jane%2540example.com",
        url: 'https://shop.example.com/p;jsessionid=JS5E55ION#email=fragment.jane@example.com&uid=frag-uid-77',
        queryParams: {
          lon: '17.0385',
          _cvar: '{"1":["userId","cvar-user-4711"]}',
          uadata: '{"model":"Pixel-Secret-Model","platform":"Android"}',
          'user[first_name]': 'Janina',
          urlref: 'http://3405803785/from?q=x',
          'person.jane@example.com': '1',
          dimension2: 'jane%40example.com via ::ffff:cb00:7109',
        },
        headers: {
          'cf-ipcity': 'Gdynia',
          'cf-iplatitude': '54.5189',
          'cf-postal-code': '81-301',
          'x-vercel-ip-city': 'Sopot',
          'cloudfront-viewer-city': 'Rumia',
          'x-forwarded-user': 'jkowalska',
          'x-amzn-oidc-identity': 'oidc-subject-9f8e',
        },
      },
      [
        'a1b2c3d4e5f60718',
        'jane',
        'JS5E55ION',
        'frag-uid-77',
        '17.0385',
        'cvar-user-4711',
        'Pixel-Secret-Model',
        'Janina',
        '3405803785',
        'cb00:7109',
        'Gdynia',
        '54.5189',
        '81-301',
        'Sopot',
        'Rumia',
        'jkowalska',
        'oidc-subject-9f8e',
      ],
    );
  });

  it('4: shows control and bidi characters as escapes in the summary, annotations, issues and Slack', async () => {
    const sim = await oneEventSimulator({
      type: 17,
      errorMessage: 'paid \u202egnp.exe\u202c bell\u0007 esc\u001b[31m csi\u009b2J zw\u200bsp',
      url: 'https://x.example/\u202e',
    });
    const s = await sinks();
    const { kit, report } = await runWith(sim, s, { redact: 'false', 'slack-mention': '' });
    expect(report?.groups[0]?.message).toContain('\u202e');
    const rendered = [
      kit.summaryText(),
      JSON.stringify([...kit.warnings, ...kit.notices]),
      ...s.github.writes().map((w) => JSON.stringify(w.body)),
      ...s.slack.messages.map((m) => JSON.stringify(m)),
    ].join('\n');
    expect(s.github.writes().length).toBeGreaterThan(0);
    expect(s.slack.messages).toHaveLength(1);
    expect(rendered).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0007\u001b\u009b]/);
    // What JSON.stringify makes of a raw BEL or ESC.
    expect(rendered).not.toMatch(/\\u00(?:07|1b)/);
    expect(kit.summaryText()).toContain('\\\\u202e');
    expect(JSON.stringify([...kit.warnings, ...kit.notices])).toContain('\\\\u202e');
  });

  describe('5: proxies', () => {
    it('sends every Piwik PRO and Slack request through HTTP_PROXY', async () => {
      const sim = await simulator();
      const s = await sinks();
      const proxy = closeLater(await startLoopbackProxy({ credentials: 'runner:proxy-pass-1234' }));
      const proxyUrl = proxy.url.replace('//', '//runner:proxy-pass-1234@');
      const { kit, report } = await runWith(sim, s, { 'create-issue': 'false', 'slack-on-clean': 'true' }, { HTTP_PROXY: proxyUrl });
      expect(kit.failure()).toBeUndefined();
      expect(report?.totals.events).toBe(7);
      const piwik = new URL(sim.url).host;
      const slack = new URL(s.slack.url).host;
      expect(proxy.requests.filter((r) => r.target === piwik).length).toBeGreaterThan(0);
      expect(proxy.requests.filter((r) => r.target === slack)).toHaveLength(1);
      expect(written(kit, report)).not.toContain('proxy-pass-1234');
    });

    it('goes direct to the hosts NO_PROXY names (lower case read first)', async () => {
      const sim = await simulator();
      const proxy = closeLater(await startLoopbackProxy());
      const { report } = await runEdge(piwikInputs(sim, [shop]), {
        http_proxy: proxy.url,
        HTTP_PROXY: 'http://127.0.0.1:9',
        no_proxy: '127.0.0.1',
      });
      expect(report?.totals.events).toBe(7);
      expect(proxy.requests).toEqual([]);
    });
  });

  describe('6: issue ownership', () => {
    /** A first run opens the action's issues; then one is closed long ago and its marker copied into someone else's open issue. */
    async function copiedMarker(s: Sinks) {
      await runWith(await simulator(), s, { since: 'window' });
      const own = s.github.issues[0];
      if (!own) throw new Error('the first run opened no issue');
      Object.assign(own, { state: 'closed', state_reason: 'completed', closed_at: '2020-01-01T00:00:00Z' });
      const copy = s.github.addIssue({
        title: own.title,
        body: own.body,
        labels: ['broken-events'],
        user: { login: 'mallory', id: 666, type: 'User', site_admin: false },
      });
      return { own, copy };
    }

    it("reopens the action's own issue and leaves a copied marker in someone else's alone (GITHUB_TOKEN)", async () => {
      const s = await sinks();
      const { own, copy } = await copiedMarker(s);
      const { kit } = await runWith(await simulator(), s, { since: 'window', 'close-resolved': 'true' });
      expect(own.state).toBe('open');
      expect(copy.state).toBe('open');
      expect(s.github.commentsOn(copy.number)).toEqual([]);
      expect(s.github.writes().filter((w) => w.path.endsWith(`/issues/${copy.number}`))).toEqual([]);
      expect(kit.notices.map((n) => n.message).join('\n')).toContain(
        `#${copy.number} (opened by mallory) carry the action's marker but were not opened by github-actions[bot]`,
      );
    });

    it("takes the token's user, read once, as the owner when the token is not GITHUB_TOKEN", async () => {
      const s = await sinks({ owner: 'acme', repo: 'site', actor: { login: 'ci-robot' } });
      const first = await runWith(await simulator(), s, { since: 'window' });
      expect(first.kit.failure()).toBeUndefined();
      expect(s.github.issues.every((i) => i.user.login === 'ci-robot')).toBe(true);
      const bot = s.github.addIssue({ title: 'x', body: s.github.issues[0]?.body ?? '', labels: ['broken-events'] });
      const second = await runWith(await simulator(), s, { since: 'window' });
      expect(s.github.commentsOn(bot.number)).toEqual([]);
      expect(s.github.requests.filter((r) => r.path === '/user')).toHaveLength(2);
      expect(second.kit.notices.map((n) => n.message).join('\n')).toContain(`#${bot.number} (opened by github-actions[bot])`);
    });
  });

  it('7: never follows a next-page link to another host with the token', async () => {
    const elsewhere = closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' }));
    const s = await sinks({ owner: 'acme', repo: 'site', perPage: 1, nextLinkOrigin: elsewhere.url });
    for (let n = 0; n < 3; n += 1) s.github.addIssue({ title: `t${n}`, body: 'not ours', labels: ['broken-events'] });
    const { kit } = await runWith(await simulator(), s, { 'dry-run': 'true' });
    expect(elsewhere.requests).toEqual([]);
    expect(kit.notices.map((n) => n.message).join('\n')).toMatch(
      /pointed the next page to http:\/\/127\.0\.0\.1:\d+, outside the API .*paging stopped there/,
    );
  });

  it('8: stops reading a Debugger page after the sessions it asked for, as a protocol error', async () => {
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ session_id_str: String(i + 1), app_id: shop, updated_at: '2026-01-01T00:00:00', events: [] }),
    ).join('\n');
    const sim = await simulator({ faults: { debugger: [{ raw: { body: lines } }] } });
    const { kit, report } = await runAction(sim, { 'max-sessions': '10' });
    expect(report?.status).toBe('failed');
    expect(kit.failure()).toMatch(/broke the protocol: it sent more than the 11 lines asked for/);
    expect(report?.sites[0]?.sessionsScanned).toBe(0);
  });

  it('9: never prints back the credentials of an instance-url that does not parse', async () => {
    const { kit } = await runEdge({
      'instance-url': 'https://admin:hunter2-pass@bad host',
      'site-id': shop,
      'client-id': 'c',
      'client-secret': 's',
    });
    expect(kit.failure()).toMatch(/'instance-url' must be your Piwik PRO account URL.*is not a URL/s);
    expect(kit.everything()).not.toContain('hunter2');
    expect(kit.everything()).not.toContain('admin');
  });

  it('10: keeps a label with a space whole', async () => {
    const sim = await simulator();
    const s = await sinks();
    await runWith(sim, s, { 'issue-labels': 'piwik pro, tracking' });
    expect(s.github.labels.map((l) => l.name).sort()).toEqual(['piwik pro', 'tracking']);
    expect(s.github.issues[0]?.labels.map((l) => l.name)).toEqual(['piwik pro', 'tracking']);
  });
});
