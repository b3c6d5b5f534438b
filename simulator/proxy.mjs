// A loopback forward proxy, as a self-hosted runner behind a corporate proxy
// sees one: CONNECT tunnels (what undici's ProxyAgent opens, for http and
// https targets alike) and absolute-form plain HTTP requests. It records each
// request's target, can demand Proxy-Authorization, and refuses every target
// that is not on 127.0.0.1, so a test can never reach out through it.
//
// Plain ESM JavaScript with node: built-ins only, type-checked by tsc (checkJs): the shapes it takes
// and answers are in types/proxy.ts.

import http from 'node:http';
import net from 'node:net';
import { closeServer, listenOnLoopback } from './loopback.mjs';

/** @import { IncomingMessage } from 'node:http' */
/** @import { LoopbackProxy, ProxiedRequest, ProxyOptions } from './types/proxy.js' */

/**
 * @param {ProxyOptions} [options]
 * @returns {Promise<LoopbackProxy>}
 */
export async function startLoopbackProxy(options = {}) {
  /** @type {ProxiedRequest[]} */
  const requests = [];
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
  /** @param {IncomingMessage} req */
  const allowed = (req) => expected === undefined || req.headers['proxy-authorization'] === expected;

  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    requests.push({ method: req.method ?? 'GET', target: target.href, tunnel: false });
    if (!allowed(req)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
    if (target.hostname !== '127.0.0.1') return void res.writeHead(403).end('loopback only');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req, client, head) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const [host, port] = (req.url ?? '').split(':');
    requests.push({ method: 'CONNECT', target: req.url ?? '', tunnel: true });
    if (!allowed(req))
      return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n');
    if (host !== '127.0.0.1') return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  const { url } = await listenOnLoopback(server);
  return {
    url,
    requests,
    close() {
      for (const socket of sockets) socket.destroy();
      return closeServer(server);
    },
  };
}
