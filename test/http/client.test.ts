import { afterEach, describe, expect, it } from 'vitest';
import {
  Deadline,
  DeadlineExceededError,
  DEFAULT_HTTP_POLICY,
  HttpClient,
  HttpError,
  parseRetryAfter,
  RequestTimeoutError,
} from '../../src/http/client.js';
import { startLoopback, type Loopback } from '../support/loopback.js';

const FAST = { ...DEFAULT_HTTP_POLICY, minDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };
const open: (Loopback | HttpClient)[] = [];

afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

async function server(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const s = await startLoopback(handler);
  open.push(s);
  return s;
}

function client(policy = FAST, deadline?: Deadline, onRetry?: ConstructorParameters<typeof HttpClient>[2]): HttpClient {
  const c = new HttpClient(policy, deadline, onRetry);
  open.push(c);
  return c;
}

describe('HttpClient', () => {
  it('retries 5xx and network resets with backoff, then returns the good answer', async () => {
    const s = await server((_req, res, hit) => {
      if (hit === 1) res.writeHead(503).end('busy');
      else if (hit === 2) res.socket?.destroy();
      else res.writeHead(200).end('fine');
    });
    const retries: string[] = [];
    const http = client(FAST, undefined, (r) => retries.push(`${r.what} ${r.reason} #${r.attempt}`));
    const response = await http.send({ method: 'GET', url: `${s.url}/x`, what: 'test API' });
    expect(response.status).toBe(200);
    expect(await HttpClient.text(response)).toBe('fine');
    expect(s.hits).toHaveLength(3);
    expect(retries[0]).toBe('test API HTTP 503 #1');
  });

  it('honours Retry-After on 429', async () => {
    const s = await server((_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end('ok');
    });
    const response = await client().send({ method: 'POST', url: s.url, body: '{}', what: 'webhook' });
    expect(response.status).toBe(200);
    const [first, second] = s.hits;
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('does not retry other 4xx and hands the answer back', async () => {
    const s = await server((_req, res) => res.writeHead(400).end('invalid_blocks'));
    const response = await client().send({ method: 'POST', url: s.url, body: '{}', what: 'webhook' });
    expect(response.status).toBe(400);
    expect(await HttpClient.text(response)).toBe('invalid_blocks');
    expect(s.hits).toHaveLength(1);
  });

  it('gives up after the configured retries and returns the last answer', async () => {
    const s = await server((_req, res) => res.writeHead(500).end('down'));
    const response = await client({ ...FAST, retries: 2 }).send({ method: 'GET', url: s.url, what: 'API' });
    expect(response.status).toBe(500);
    expect(s.hits).toHaveLength(3);
  });

  it('never follows a redirect, so credentials never reach another host', async () => {
    const elsewhere = await server((_req, res) => res.writeHead(200).end('stolen'));
    const s = await server((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/steal` }).end());
    const response = await client().send({ method: 'GET', url: s.url, headers: { authorization: 'Bearer secret-token' }, what: 'API' });
    expect(response.status).toBe(302);
    await HttpClient.discard(response);
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('stops at the run deadline with a message that says so', async () => {
    const s = await server(() => {
      // never answers
    });
    const deadline = new Deadline(300);
    const error = await client(FAST, deadline)
      .send({ method: 'GET', url: s.url, what: 'API' })
      .catch((e: unknown) => e);
    deadline.dispose();
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as Error).message).toMatch(/time budget/);
  });

  it('bounds one whole exchange, a body that trickles forever included', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const tick = setInterval(() => res.write('{}\n'), 50);
      res.on('close', () => {
        clearInterval(tick);
      });
    });
    const response = await client({ ...FAST, requestTimeoutMs: 400 }).send({ method: 'GET', url: s.url, what: 'Debugger API' });
    const error = await (async () => {
      for await (const _chunk of response.body) {
        // keep reading until the limit stops the stream
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe('Debugger API did not finish within 400 ms.');
  });

  it('describes connection failures without the URL', async () => {
    const s = await server(() => undefined);
    const url = `${s.url}/services/T000/B000/SECRETPART`;
    await s.close();
    open.splice(open.indexOf(s), 1);
    const error = await client({ ...FAST, retries: 1 })
      .send({ method: 'POST', url, body: '{}', what: 'Slack webhook' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(/^Slack webhook failed: ECONNREFUSED/);
    expect((error as Error).message).not.toContain('SECRETPART');
  });

  it('waits a long Retry-After only up to the cap, then retries', async () => {
    const s = await server((_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '3600' }).end();
      else res.writeHead(200).end('ok');
    });
    const delays: number[] = [];
    // The deadline turns an uncapped hour-long wait into an immediate give-up, so a broken cap fails fast.
    const deadline = new Deadline(10_000);
    const http = client({ ...FAST, maxRetryAfterMs: 50 }, deadline, (r) => delays.push(r.delayMs));
    const response = await http.send({ method: 'GET', url: s.url, what: 'API' });
    deadline.dispose();
    expect(delays).toEqual([50]);
    expect(response.status).toBe(200);
  });

  it('does not start a retry wait that would end past the run deadline: it hands back the last answer at once', async () => {
    const s = await server((_req, res) => res.writeHead(503, { 'retry-after': '1' }).end('busy'));
    const retries: number[] = [];
    const deadline = new Deadline(400);
    const response = await client(FAST, deadline, (r) => retries.push(r.attempt)).send({ method: 'GET', url: s.url, what: 'API' });
    deadline.dispose();
    expect(response.status).toBe(503);
    expect(await HttpClient.text(response)).toBe('busy');
    expect(retries).toEqual([]);
    expect(s.hits).toHaveLength(1);
  });

  it('sends nothing once the run deadline has passed', async () => {
    const s = await server((_req, res) => res.writeHead(200).end('ok'));
    const deadline = new Deadline(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await client(FAST, deadline)
      .send({ method: 'GET', url: s.url, what: 'API' })
      .catch((e: unknown) => e);
    deadline.dispose();
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(s.hits).toHaveLength(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(parseRetryAfter(inFive)).toBeGreaterThan(3000);
  });
});
