// The common part of the loopback webhook sinks (Slack, Teams, the generic webhook):
// records every request, answers scripted faults first (429 with Retry-After,
// 500, a dropped connection), then lets the sink judge the body.

import http from 'node:http';
import { cancellableDelays, closeServer, listenOnLoopback } from './loopback.mjs';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/**
 * @typedef {import('./types/channels.js').HttpFault} HttpFault
 * @typedef {import('./types/channels.js').HttpSink} HttpSink
 * @typedef {import('./types/channels.js').SinkRequest} SinkRequest
 * @typedef {{ status: number, answer: string, problem?: string, accepted?: unknown }} Judgement
 */

/**
 * @param {{
 *   path: string,
 *   maxBytes: number,
 *   faults?: HttpFault[],
 *   judge: (record: SinkRequest) => Judgement,
 *   faultBody?: (status: number) => string,
 *   contentType?: string,
 * }} options
 * @returns {Promise<HttpSink>}
 */
export async function startHttpSink(options) {
  /** @type {HttpFault[]} */
  const faults = options.faults ?? [];
  /** @type {unknown[]} */
  const messages = [];
  /** @type {SinkRequest[]} */
  const requests = [];
  const delays = cancellableDelays();
  const contentType = options.contentType ?? 'text/plain';
  const faultBody =
    options.faultBody ?? ((/** @type {number} */ status) => (status === 429 ? 'Too Many Requests' : 'Internal Server Error'));

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      // A bug in the sink, not a scripted fault: make it loud.
      console.error('sink:', error);
      if (!res.headersSent) answer(res, 599, 'sink_error', contentType);
      else res.destroy();
    });
  });

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    /** @type {Buffer[]} */
    const chunks = [];
    let bytes = 0;
    for await (const chunk of req) {
      bytes += chunk.length;
      if (bytes <= options.maxBytes) chunks.push(chunk);
    }
    /** @type {SinkRequest} */
    const record = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: bytes > options.maxBytes ? undefined : Buffer.concat(chunks).toString('utf8'),
      bytes,
      status: 0,
      answer: '',
    };
    requests.push(record);
    const fault = faults.shift();
    if (fault) {
      if (fault.delayMs) await delays.sleep(fault.delayMs);
      if (fault.destroy) {
        record.answer = '(connection dropped)';
        req.socket.destroy();
        return;
      }
      record.status = fault.status;
      record.answer = fault.body ?? faultBody(fault.status);
      answer(res, fault.status, record.answer, contentType, fault.headers);
      return;
    }
    const verdict = options.judge(record);
    record.status = verdict.status;
    record.answer = verdict.answer;
    if (verdict.problem) record.problem = verdict.problem;
    if (verdict.accepted !== undefined) messages.push(verdict.accepted);
    answer(res, verdict.status, verdict.answer, contentType);
  }

  const { port } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}${options.path}`,
    messages,
    requests,
    faults,
    async close() {
      delays.cancel();
      await closeServer(server);
    },
  };
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string} contentType
 * @param {Record<string, string>} [headers]
 */
function answer(res, status, text, contentType, headers = {}) {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(text);
}
