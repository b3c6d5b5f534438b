// A loopback receiver for the generic webhook, for tests and the demo: takes
// any JSON body with 2xx (204), refuses what is not JSON (400), and records
// every request as received, raw body and headers included, so a test can
// check the signature exactly the way the README tells a receiver to.

import { startHttpSink } from './http-sink.mjs';

/**
 * @typedef {import('./types/channels.js').HttpFault} HttpFault
 * @typedef {import('./types/channels.js').HttpSink} HttpSink
 * @typedef {import('./types/channels.js').SinkRequest} SinkRequest
 */

const PATH = '/hooks/piwik-pro/WebhookSinkToken0123456789';

/**
 * @param {{ faults?: HttpFault[] }} [options]
 * @returns {Promise<HttpSink>}
 */
export function startWebhookSink(options = {}) {
  return startHttpSink({ path: PATH, maxBytes: 1024 * 1024, faults: options.faults, judge });
}

/**
 * @param {SinkRequest} record
 */
function judge(record) {
  if (record.path !== PATH) return { status: 404, answer: 'not found' };
  if (record.method !== 'POST') return { status: 405, answer: 'method not allowed' };
  if (record.body === undefined) return { status: 413, answer: 'too large' };
  if (!String(record.headers['content-type']).startsWith('application/json')) return { status: 415, answer: 'not JSON' };
  try {
    return { status: 204, answer: '', accepted: JSON.parse(record.body) };
  } catch {
    return { status: 400, answer: 'not JSON', problem: 'the body is not JSON' };
  }
}
