// A loopback Slack incoming-webhook sink for tests and the demo. It checks
// every payload against Slack's Block Kit limits and answers like Slack:
// `200 ok` when the message would be posted, `400 invalid_blocks`,
// `400 msg_too_long`, `400 msg_blocks_too_long`, `400 no_text` or
// `400 invalid_payload` when not. Fault scripts (one consumed per request)
// make it answer anything else first: 429 with Retry-After, 500, a dropped
// connection.
//
// Plain ESM JavaScript with node: built-ins only, type-checked by tsc (checkJs):
// the shapes it takes and answers are in types/slack.ts.

import http from 'node:http';
import { cancellableDelays, closeServer, listenOnLoopback } from './loopback.mjs';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/**
 * @typedef {import('./types/slack.js').SlackFault} SlackFault
 * @typedef {import('./types/slack.js').SlackSink} SlackSink
 * @typedef {import('./types/slack.js').SlackSinkOptions} SlackSinkOptions
 * @typedef {import('./types/slack.js').SlackSinkRequest} SlackSinkRequest
 */

/** The limits the sink enforces; Slack's documented ones, plus the undocumented cumulative text limit. */
export const SLACK_SINK_LIMITS = Object.freeze({
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  textObject: 3000,
  /** `text` must stay under 4,000 characters. */
  text: 3999,
  /** Slack refuses blocks holding about 12,000 characters of text in all (`msg_blocks_too_long`). */
  blockTextTotal: 12000,
  blockId: 255,
  bodyBytes: 1024 * 1024,
});

const WEBHOOK_PATH = '/services/T000/B000/XXXX';
const BLOCK_TYPES = new Set(['section', 'header', 'context', 'divider', 'rich_text', 'image', 'actions']);

/**
 * Starts the sink on 127.0.0.1 and an ephemeral port.
 * @param {SlackSinkOptions} [options]
 * @returns {Promise<SlackSink>}
 */
export async function startSlackSink(options = {}) {
  /** @type {SlackFault[]} */
  const faults = options.faults ?? [];
  /** @type {unknown[]} */
  const messages = [];
  /** @type {SlackSinkRequest[]} */
  const requests = [];
  const delays = cancellableDelays();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      // A bug in the sink, not a scripted fault: make it loud.
      console.error('slack sink:', error);
      if (!res.headersSent) answer(res, 599, 'sink_error');
      else res.destroy();
    });
  });

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const body = await readBody(req);
    /** @type {SlackSinkRequest} */
    const record = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status: 0, answer: '' };
    requests.push(record);

    const fault = faults.shift();
    if (fault) {
      if (fault.delayMs) await delays.sleep(fault.delayMs);
      if (fault.destroy) {
        record.status = 0;
        record.answer = '(connection dropped)';
        req.socket.destroy();
        return;
      }
      record.status = fault.status;
      record.answer = fault.body ?? defaultBody(fault.status);
      answer(res, fault.status, record.answer, fault.headers);
      return;
    }

    if (record.path !== WEBHOOK_PATH) return reply(record, res, 404, 'no_service');
    if (record.method !== 'POST') return reply(record, res, 405, 'invalid_method');
    if (body === undefined) return reply(record, res, 413, 'request_too_large');

    let payload;
    try {
      payload = JSON.parse(body);
    } catch {
      return reply(record, res, 400, 'invalid_payload');
    }
    const verdict = validateSlackPayload(payload);
    if (verdict) {
      record.problem = verdict.problem;
      return reply(record, res, 400, verdict.error);
    }
    messages.push(payload);
    return reply(record, res, 200, 'ok');
  }

  /**
   * @param {SlackSinkRequest} record
   * @param {ServerResponse} res
   * @param {number} status
   * @param {string} text
   */
  function reply(record, res, status, text) {
    record.status = status;
    record.answer = text;
    answer(res, status, text);
  }

  /** @param {IncomingMessage} req */
  async function readBody(req) {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size <= SLACK_SINK_LIMITS.bodyBytes) chunks.push(chunk);
    }
    return size > SLACK_SINK_LIMITS.bodyBytes ? undefined : Buffer.concat(chunks).toString('utf8');
  }

  const { port } = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
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
 * @param {Record<string, string>} [headers]
 */
function answer(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html', ...headers });
  res.end(text);
}

/** @param {number} status */
function defaultBody(status) {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal_error';
  if (status === 200) return 'ok';
  return 'invalid_payload';
}

/**
 * Checks a payload as Slack would; undefined when it would be posted, else
 * the error Slack answers and what was wrong (for test failures).
 * @param {unknown} payload
 * @returns {{ error: string, problem: string } | undefined}
 */
export function validateSlackPayload(payload) {
  const L = SLACK_SINK_LIMITS;
  const bad = (/** @type {string} */ problem) => ({ error: 'invalid_blocks', problem });
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return { error: 'invalid_payload', problem: 'payload is not a JSON object' };
  const { text, blocks } = /** @type {Record<string, unknown>} */ (payload);
  if (text !== undefined && typeof text !== 'string') return { error: 'invalid_payload', problem: 'text is not a string' };
  const hasText = typeof text === 'string' && text.trim() !== '';
  if (!hasText && (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)))
    return { error: 'no_text', problem: 'neither text nor blocks' };
  if (typeof text === 'string' && text.length > L.text)
    return { error: 'msg_too_long', problem: `text has ${text.length} characters (max ${L.text})` };
  for (const flag of ['unfurl_links', 'unfurl_media', 'mrkdwn']) {
    const value = /** @type {Record<string, unknown>} */ (payload)[flag];
    if (value !== undefined && typeof value !== 'boolean') return { error: 'invalid_payload', problem: `${flag} is not a boolean` };
  }
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return bad('blocks is not an array');
  if (blocks.length > L.blocks) return bad(`${blocks.length} blocks (max ${L.blocks})`);

  let total = 0;
  const ids = new Set();
  /**
   * Checks a text object; returns a problem or undefined, and counts its text.
   * @param {any} value parsed JSON, of any shape
   * @param {string} where
   * @param {number} max
   */
  const textObject = (value, where, max, types = ['plain_text', 'mrkdwn']) => {
    if (value === null || typeof value !== 'object') return `${where} is not a text object`;
    if (!types.includes(value.type)) return `${where}.type must be ${types.join(' or ')}`;
    if (typeof value.text !== 'string' || value.text.length === 0) return `${where}.text must be a non-empty string`;
    if (value.text.length > max) return `${where}.text has ${value.text.length} characters (max ${max})`;
    if (value.type === 'mrkdwn' && value.emoji !== undefined) return `${where}: emoji is only for plain_text`;
    if (value.type === 'plain_text' && value.verbatim !== undefined) return `${where}: verbatim is only for mrkdwn`;
    if (value.verbatim !== undefined && typeof value.verbatim !== 'boolean') return `${where}.verbatim is not a boolean`;
    total += value.text.length;
    return undefined;
  };

  for (const [i, block] of blocks.entries()) {
    const at = `blocks[${i}]`;
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return bad(`${at} is not an object`);
    if (!BLOCK_TYPES.has(block.type)) return bad(`${at}.type ${JSON.stringify(block.type)} is not a block type`);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length === 0 || block.block_id.length > L.blockId)
        return bad(`${at}.block_id is invalid`);
      if (ids.has(block.block_id)) return bad(`${at}.block_id is not unique`);
      ids.add(block.block_id);
    }
    let problem;
    if (block.type === 'header') {
      problem = textObject(block.text, `${at}.text`, L.headerText, ['plain_text']);
    } else if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined) problem = `${at} needs text or fields`;
      if (!problem && block.text !== undefined) problem = textObject(block.text, `${at}.text`, L.sectionText);
      if (!problem && block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0) problem = `${at}.fields must be a non-empty array`;
        else if (block.fields.length > L.fields) problem = `${at} has ${block.fields.length} fields (max ${L.fields})`;
        else for (const [j, field] of block.fields.entries()) problem ??= textObject(field, `${at}.fields[${j}]`, L.fieldText);
      }
    } else if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0) problem = `${at}.elements must be a non-empty array`;
      else if (block.elements.length > L.contextElements)
        problem = `${at} has ${block.elements.length} elements (max ${L.contextElements})`;
      else
        for (const [j, element] of block.elements.entries()) {
          if (element?.type === 'image') continue;
          problem ??= textObject(element, `${at}.elements[${j}]`, L.contextText);
        }
    } else if (block.type === 'divider') {
      const extra = Object.keys(block).filter((k) => k !== 'type' && k !== 'block_id');
      if (extra.length > 0) problem = `${at}: a divider takes no ${extra.join(', ')}`;
    }
    if (problem) return bad(problem);
  }
  if (total > L.blockTextTotal)
    return { error: 'msg_blocks_too_long', problem: `blocks hold ${total} characters of text (max ${L.blockTextTotal})` };
  return undefined;
}
