import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_POLICY, HttpClient, type HttpRequest, type HttpResponse } from '../../src/http/client.js';
import { buildDigest, type SlackMessage } from '../../src/slack/message.js';
import { describeForLog, scrubSecret, sendSlack } from '../../src/slack/send.js';
import { startSlackSink, validateSlackPayload, type SlackSink } from '../../simulator/slack.mjs';
import { makeGroup, makeRawRequest, makeReport, SITE_A, SITE_B } from '../support/report-factory.js';

const POLICY = { ...DEFAULT_HTTP_POLICY, minDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1500 };
const SECRET_PARTS = ['/services/T000/B000/XXXX', 'T000/B000/XXXX'];

function smallMessage(): SlackMessage {
  return buildDigest(makeReport({ groups: [makeGroup()] }), { runUrl: 'https://github.com/acme/shop/actions/runs/1' });
}

/** The detail must never hold the webhook URL or its secret path, in any form. */
function expectNoSecret(detail: string | undefined, url: string): void {
  expect(detail).toBeDefined();
  expect(detail).not.toContain(url);
  expect(detail).not.toContain(encodeURIComponent(url));
  for (const part of SECRET_PARTS) expect(detail).not.toContain(part);
}

describe('sendSlack against the sink', () => {
  let sink: SlackSink;
  let http: HttpClient;

  beforeEach(async () => {
    sink = await startSlackSink();
    http = new HttpClient(POLICY);
  });

  afterEach(async () => {
    await http.close();
    await sink.close();
  });

  it('posts the message as JSON and reports it sent', async () => {
    const message = smallMessage();
    const delivery = await sendSlack(http, sink.url, message);
    expect(delivery).toEqual({ status: 'sent' });
    expect(sink.messages).toEqual([JSON.parse(JSON.stringify(message))]);
    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0]?.method).toBe('POST');
    expect(sink.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('waits out a 429 with Retry-After, then posts once', async () => {
    sink.faults.push({ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } });
    const waits: number[] = [];
    const waiting = new HttpClient({
      ...POLICY,
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const delivery = await sendSlack(waiting, sink.url, smallMessage()).finally(() => waiting.close());
    expect(delivery).toEqual({ status: 'sent' });
    expect(waits).toEqual([1000]);
    expect(sink.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(sink.messages).toHaveLength(1);
  });

  it('retries 5xx, then reports the last answer without the URL', async () => {
    for (let i = 0; i <= POLICY.retries; i++) sink.faults.push({ status: 500, body: 'internal_error' });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toBe('Slack answered HTTP 500: internal_error');
    expect(sink.requests).toHaveLength(POLICY.retries + 1);
    expect(sink.messages).toHaveLength(0);
    expectNoSecret(delivery.detail, sink.url);
  });

  it('recovers when a 5xx is followed by success', async () => {
    sink.faults.push({ status: 503, body: 'service_unavailable' }, { status: 502 });
    expect(await sendSlack(http, sink.url, smallMessage())).toEqual({ status: 'sent' });
    expect(sink.requests.map((r) => r.status)).toEqual([503, 502, 200]);
  });

  it("does not retry a 400 and quotes Slack's error code", async () => {
    sink.faults.push({ status: 400, body: 'invalid_blocks' });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery).toEqual({ status: 'failed', detail: 'Slack answered HTTP 400: invalid_blocks' });
    expect(sink.requests).toHaveLength(1);
    expectNoSecret(delivery.detail, sink.url);
  });

  it.each([
    [404, 'no_service'],
    [403, 'action_prohibited'],
    [410, 'channel_is_archived'],
    [404, 'channel_not_found'],
  ])('reports %i %s as failed, once', async (status, body) => {
    sink.faults.push({ status, body });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery).toEqual({ status: 'failed', detail: `Slack answered HTTP ${status}: ${body}` });
    expect(sink.requests).toHaveLength(1);
  });

  it('treats a 200 that is not "ok" as a failure, cutting a long body to one line', async () => {
    sink.faults.push({ status: 200, body: `<html>\n<body>${'proxy page '.repeat(100)}</body>\n</html>` });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/^Slack answered HTTP 200: <html> <body>proxy page/);
    expect(delivery.detail?.length).toBeLessThanOrEqual(301);
    expect(delivery.detail).not.toContain('\n');
  });

  it('scrubs the webhook URL from a body that echoes it', async () => {
    sink.faults.push({ status: 400, body: `bad request to ${sink.url} (path /services/T000/B000/XXXX)` });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery.detail).toBe('Slack answered HTTP 400: bad request to [webhook URL] (path [webhook URL])');
  });

  it('reports an unreachable webhook without the URL', async () => {
    const url = sink.url;
    await sink.close();
    const delivery = await sendSlack(http, url, smallMessage());
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/^the Slack webhook failed: ECONNREFUSED/);
    expectNoSecret(delivery.detail, url);
    sink = await startSlackSink();
  });

  it('reports dropped connections without the URL', async () => {
    for (let i = 0; i <= POLICY.retries; i++) sink.faults.push({ status: 0, destroy: true });
    const delivery = await sendSlack(http, sink.url, smallMessage());
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/^the Slack webhook failed/);
    expectNoSecret(delivery.detail, sink.url);
  });

  it('posts one accepted message for a run of 200 broken events in 40 hostile groups', async () => {
    const evil = '<!channel> <@U123> <#C1> <https://evil.example|click> ``` & &amp; @here';
    const groups = Array.from({ length: 40 }, (_, i) =>
      makeGroup({
        count: i < 10 ? 11 : 3, // 10 × 11 + 30 × 3 = 200
        siteId: i % 2 === 0 ? SITE_A : SITE_B,
        message: `${evil} #${i} ${'long message '.repeat(i * 10)}`,
        sampleUrls: [`https://shop.example/${evil}/${i}`, `${evil}${'x'.repeat(3_000)}`],
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_A, [evil]: evil.repeat(40), e_n: `${'`'.repeat(10)}${i}` } })],
        diagnosis: { summary: `${evil} ${'why '.repeat(200)}`, findings: [] },
        state: (['new', 'ongoing', 'regressed'] as const)[i % 3],
        alert: i % 4 !== 3,
        issue: { number: 100 + i, url: `https://github.com/acme/shop/issues/${100 + i}`, action: 'created' },
      }),
    ).sort((a, b) => b.count - a.count);
    const report = makeReport({ groups, warnings: [evil], errors: [] });
    expect(report.totals.events).toBe(200);
    const message = buildDigest(report, {
      mention: '<!subteam^S0123|@analytics>',
      runUrl: 'https://github.com/acme/shop/actions/runs/42',
    });

    const delivery = await sendSlack(http, sink.url, message);
    expect(delivery).toEqual({ status: 'sent' });
    expect(sink.requests).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
    const posted = JSON.stringify(sink.messages[0]);
    for (const live of ['<!channel>', '<@U123>', '<#C1>', '<https://evil.example']) expect(posted).not.toContain(live);
    expect(posted).toContain('<!subteam^S0123|@analytics>');
    expect(posted).toMatch(/more alerting groups\* \(\d+ events\)/);
  });
});

describe('sendSlack: secrets in thrown errors', () => {
  /** A client whose network layer fails with a message quoting the URL, as some errors do. */
  class LeakyClient extends HttpClient {
    override send(request: HttpRequest): Promise<HttpResponse> {
      return Promise.reject(
        new Error(`request to ${request.url} failed, reason: getaddrinfo ENOTFOUND; url=${encodeURIComponent(request.url)}`),
      );
    }
  }

  it('scrubs every form of the URL from an error message', async () => {
    const url = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
    const http = new LeakyClient(POLICY);
    try {
      const delivery = await sendSlack(http, url, smallMessage());
      expect(delivery.status).toBe('failed');
      expect(delivery.detail).toBe(
        'the Slack webhook could not be reached: request to [webhook URL] failed, reason: getaddrinfo ENOTFOUND; url=[webhook URL]',
      );
      for (const part of ['T0123ABCD', 'B0456EFGH', 'abcdefghijklmnopqrstuvwx', 'hooks.slack.com/services'])
        expect(delivery.detail).not.toContain(part);
    } finally {
      await http.close();
    }
  });

  it('never throws, even for a URL that is not one', async () => {
    const http = new HttpClient(POLICY);
    try {
      const delivery = await sendSlack(http, 'not a webhook url', smallMessage());
      expect(delivery.status).toBe('failed');
      expect(delivery.detail).not.toContain('not a webhook url');
    } finally {
      await http.close();
    }
  });

  it('scrubs path segments that show up alone', () => {
    const url = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
    expect(scrubSecret('token abcdefghijklmnopqrstuvwx and team T0123ABCD', url)).toBe('token [webhook URL] and team [webhook URL]');
  });
});

describe('describeForLog', () => {
  it('is the message as pretty JSON', () => {
    const message = smallMessage();
    const text = describeForLog(message);
    expect(JSON.parse(text)).toEqual(message);
    expect(text).toContain('\n  "blocks": [');
  });
});

describe('the sink', () => {
  let sink: SlackSink;
  beforeEach(async () => {
    sink = await startSlackSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  async function post(body: string): Promise<{ status: number; text: string }> {
    const response = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  }

  const section = (text: string): object => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it.each([
    ['51 blocks', { text: 't', blocks: Array.from({ length: 51 }, () => section('x')) }, 'invalid_blocks'],
    ['a section over 3,000 characters', { text: 't', blocks: [section('x'.repeat(3_001))] }, 'invalid_blocks'],
    [
      'a header over 150 characters',
      { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] },
      'invalid_blocks',
    ],
    ['a mrkdwn header', { text: 't', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] }, 'invalid_blocks'],
    [
      '11 fields',
      { text: 't', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] },
      'invalid_blocks',
    ],
    [
      'a field over 2,000 characters',
      { text: 't', blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2_001) }] }] },
      'invalid_blocks',
    ],
    [
      '11 context elements',
      { text: 't', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] },
      'invalid_blocks',
    ],
    ['an empty section text', { text: 't', blocks: [section('')] }, 'invalid_blocks'],
    ['an unknown block', { text: 't', blocks: [{ type: 'carousel' }] }, 'invalid_blocks'],
    ['text of 4,000 characters', { text: 'x'.repeat(4_000) }, 'msg_too_long'],
    [
      'too much text in all blocks',
      { text: 't', blocks: Array.from({ length: 5 }, () => section('x'.repeat(2_500))) },
      'msg_blocks_too_long',
    ],
    ['no text and no blocks', { unfurl_links: false }, 'no_text'],
    ['an array', [], 'invalid_payload'],
  ])('refuses %s', async (_name, payload, error) => {
    expect(await post(JSON.stringify(payload))).toEqual({ status: 400, text: error });
    expect(sink.messages).toHaveLength(0);
    expect(sink.requests[0]?.answer).toBe(error);
  });

  it('refuses a body that is not JSON', async () => {
    expect(await post('{"text": ')).toEqual({ status: 400, text: 'invalid_payload' });
  });

  it('answers 404 no_service on another path', async () => {
    const response = await fetch(sink.url.replace('XXXX', 'YYYY'), { method: 'POST', body: '{"text":"t"}' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('no_service');
  });

  it('accepts a message at every limit', async () => {
    const payload = {
      text: 'x'.repeat(3_999),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
        section('s'.repeat(3_000)),
        { type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(200) })) },
        { type: 'context', elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c'.repeat(100) })) },
        ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
      ],
    };
    expect(validateSlackPayload(payload)).toBeUndefined();
    expect(await post(JSON.stringify(payload))).toEqual({ status: 200, text: 'ok' });
    expect(sink.messages).toEqual([payload]);
  });
});
