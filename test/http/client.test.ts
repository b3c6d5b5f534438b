import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
  vi.restoreAllMocks();
  for (const item of open.splice(0)) await item.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    // A network failure is named by its code, not as an HTTP status.
    expect(retries[1]).toMatch(/^test API (ECONNRESET|UND_ERR_SOCKET) #2$/);
  });

  it('honours Retry-After on 429', async () => {
    const s = await server((_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end('ok');
    });
    // The wait goes through the policy's clock: it is asked for the server's second, and no real second passes.
    const waits: number[] = [];
    const wait = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    const response = await client({ ...FAST, wait }).send({ method: 'POST', url: s.url, body: '{}', what: 'webhook' });
    expect(response.status).toBe(200);
    expect(waits).toEqual([1000]);
    expect(s.hits).toHaveLength(2);
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

  it('opens no connection once the run deadline has passed', async () => {
    const connections: Socket[] = [];
    const tcp = createServer((socket) => {
      connections.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { port } = tcp.address() as AddressInfo;
    const deadline = new Deadline(1);
    await sleep(20);
    const error = await client(FAST, deadline)
      .send({ method: 'GET', url: `http://127.0.0.1:${String(port)}/`, what: 'API' })
      .catch((e: unknown) => e);
    deadline.dispose();
    // Give a connection that was opened all the same the time to arrive.
    await sleep(50);
    await new Promise((resolve) => tcp.close(resolve));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(connections).toHaveLength(0);
  });
});

describe('HttpClient retries', () => {
  // Ceilings 40, 80, then capped at 100: Math.random picks where in [ceiling/2, ceiling] each wait lands.
  const BACKOFF = { ...DEFAULT_HTTP_POLICY, retries: 4, minDelayMs: 40, maxDelayMs: 100 };

  async function waitsWith(random: number): Promise<number[]> {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const s = await server((_req, res) => res.writeHead(503).end('busy'));
    const delays: number[] = [];
    const response = await client(BACKOFF, undefined, (r) => delays.push(r.delayMs)).send({ method: 'GET', url: s.url, what: 'API' });
    await HttpClient.discard(response);
    expect(s.hits).toHaveLength(5);
    return delays;
  }

  it('backs off from half the ceiling at least: the ceiling doubles per attempt up to maxDelayMs', async () => {
    expect(await waitsWith(0)).toEqual([20, 40, 50, 50]);
  });

  it('backs off up to the whole ceiling at most', async () => {
    expect(await waitsWith(1)).toEqual([40, 80, 100, 100]);
  });

  it('never retries a request marked retry: false (a write that must not happen twice)', async () => {
    const s = await server((_req, res) => res.writeHead(503).end('busy'));
    const retries: number[] = [];
    const response = await client(FAST, undefined, (r) => retries.push(r.attempt)).send({
      method: 'POST',
      url: s.url,
      body: '{}',
      what: 'create',
      retry: false,
    });
    expect(response.status).toBe(503);
    expect(await HttpClient.text(response)).toBe('busy');
    expect(s.hits).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});

describe('HttpClient.text', () => {
  it('joins a character whose bytes arrive in two chunks', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.from('caf\xc3', 'latin1'));
      setTimeout(() => res.end(Buffer.from('\xa9!', 'latin1')), 30);
    });
    const response = await client().send({ method: 'GET', url: s.url, what: 'API' });
    expect(await HttpClient.text(response)).toBe('café!');
  });

  it('returns a body of exactly maxChars whole, without the mark', async () => {
    const s = await server((_req, res) => res.writeHead(200).end('0123456789'));
    const response = await client().send({ method: 'GET', url: s.url, what: 'API' });
    expect(await HttpClient.text(response, 10)).toBe('0123456789');
  });

  it('cuts a longer body at maxChars and marks the cut', async () => {
    const s = await server((_req, res) => res.writeHead(200).end('0123456789abc'));
    const response = await client().send({ method: 'GET', url: s.url, what: 'API' });
    expect(await HttpClient.text(response, 10)).toBe('0123456789…');
  });

  it('stops reading a body that never ends once past maxChars, and lets go of its connection', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.write('0123456789abc');
      const tick = setInterval(() => res.write('more'), 20);
      res.on('close', () => {
        clearInterval(tick);
        closed();
      });
    });
    const response = await client().send({ method: 'GET', url: s.url, what: 'API' });
    expect(await HttpClient.text(response, 10)).toBe('0123456789…');
    expect(response.body.destroyed).toBe(true);
    await serverSawClose;
  });
});

describe('HttpClient connections', () => {
  it('discard lets go of a body nobody reads, one that never ends included', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      const tick = setInterval(() => res.write('x'.repeat(16 * 1024)), 5);
      res.on('close', () => {
        clearInterval(tick);
      });
    });
    const response = await client().send({ method: 'GET', url: s.url, what: 'API' });
    await HttpClient.discard(response);
    expect(response.body.destroyed).toBe(true);
  });

  it('sends nothing once closed', async () => {
    const s = await server((_req, res) => res.writeHead(200).end('ok'));
    const http = new HttpClient(FAST);
    await http.close();
    await expect(http.send({ method: 'GET', url: s.url, what: 'API' })).rejects.toThrow();
    expect(s.hits).toHaveLength(0);
  });
});

describe('Deadline', () => {
  it('throws its error on check() once the budget is spent, not before', async () => {
    const deadline = new Deadline(10);
    expect(() => {
      deadline.check();
    }).not.toThrow();
    await sleep(30);
    expect(() => {
      deadline.check();
    }).toThrow(DeadlineExceededError);
  });

  it('never fires once disposed', async () => {
    const deadline = new Deadline(10);
    deadline.dispose();
    await sleep(30);
    expect(deadline.signal.aborted).toBe(false);
    expect(() => {
      deadline.check();
    }).not.toThrow();
  });
});

describe('errors say what failed and in how long', () => {
  it('a request timeout in seconds from one second up, in ms below', () => {
    const long = new RequestTimeoutError('Debugger API', 120_000);
    expect(long.name).toBe('RequestTimeoutError');
    expect(long.message).toBe('Debugger API did not finish within 120 s.');
    expect(new RequestTimeoutError('API', 1_500).message).toBe('API did not finish within 2 s.');
    expect(new RequestTimeoutError('API', 400).message).toBe('API did not finish within 400 ms.');
  });

  it('the run deadline with its budget', () => {
    const error = new DeadlineExceededError(90_000);
    expect(error.name).toBe('DeadlineExceededError');
    expect(error.message).toBe("The run's time budget of 90 s was spent before the scan finished.");
  });

  it('a failed exchange with its status and the detail when there is one', () => {
    const error = new HttpError('Slack webhook', 500, '');
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe('Slack webhook answered HTTP 500');
    expect(new HttpError('Slack webhook', 404, 'no_service').message).toBe('Slack webhook answered HTTP 404: no_service');
    expect(new HttpError('Slack webhook', undefined, 'ECONNREFUSED').message).toBe('Slack webhook failed: ECONNREFUSED');
  });
});

describe('parseRetryAfter', () => {
  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter('1.25')).toBe(1250);
    expect(parseRetryAfter(' 5 ')).toBe(5000);
  });

  it('reads an HTTP date as the time left until it, and a past one as no wait', () => {
    const inFive = new Date(Date.now() + 5000).toUTCString();
    const ms = parseRetryAfter(inFive);
    // toUTCString drops the milliseconds, and time only moves on: between 3 and 5 s.
    expect(ms).toBeGreaterThan(3000);
    expect(ms).toBeLessThanOrEqual(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0);
  });

  it('gives nothing for absent, blank or unreadable values (the backoff applies then)', () => {
    for (const value of [undefined, '', '   ', 'soon', 'x5', '5x']) expect(parseRetryAfter(value), String(value)).toBeUndefined();
  });
});
