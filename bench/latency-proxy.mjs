// A tiny delaying reverse proxy on 127.0.0.1, put in front of the Slack and
// GitHub sinks: they have no latency option (only per-fault delays, which
// also change the answer), and the bench needs every exchange with them to
// cost the same injected round trip as the Piwik simulator's `latencyMs`.
//
// Like the simulator, it waits `delayMs` after the request arrived and before
// the answer starts, then relays the sink's answer unchanged. It also records
// each request's arrival (`at`, Date.now()), which is when the action sent it
// (the server behind sees it `delayMs` later), and when the answer was
// complete (`doneAt`): the gap from one request's doneAt to the action's next
// request is the action's own time, the rest is the server's or the delay's.
// The bench puts it in front of the Piwik simulator as well, for those times.
import http from 'node:http';
import { closeServer, listenOnLoopback } from '../simulator/loopback.mjs';

/**
 * @param {{ target: string, delayMs: number }} options  target: the sink's origin (http://127.0.0.1:PORT)
 * @returns {Promise<{ url: string, requests: { method: string, path: string, at: number, doneAt?: number }[], close(): Promise<void> }>}
 */
export async function startLatencyProxy({ target, delayMs }) {
  const upstream = new URL(target);
  // Keep-alive towards the sink, so the proxy adds no connection set-up per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const requests = [];
  const timers = new Set();

  const server = http.createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      const record = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], at: Date.now(), doneAt: undefined };
      requests.push(record);
      res.once('finish', () => {
        record.doneAt = Date.now();
      });
      if (delayMs > 0) {
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve(undefined);
          }, delayMs);
          timers.add(timer);
        });
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers.connection;
      delete headers['transfer-encoding'];
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (answer) => {
          const out = { ...answer.headers };
          delete out.connection;
          delete out['keep-alive'];
          delete out['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bench proxy: sink unreachable');
        else res.destroy();
      });
      forward.end(body);
    } catch {
      res.destroy();
    }
  });
  const { url } = await listenOnLoopback(server);
  return {
    url,
    requests,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      agent.destroy();
      return closeServer(server);
    },
  };
}
