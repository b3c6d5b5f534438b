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

import { startHttpSink } from './http-sink.mjs';

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
export function startSlackSink(options = {}) {
  return startHttpSink({
    path: WEBHOOK_PATH,
    maxBytes: SLACK_SINK_LIMITS.bodyBytes,
    faults: options.faults,
    faultBody: defaultBody,
    contentType: 'text/html',
    judge,
  });
}

/**
 * Answers as Slack would: `ok` for a payload it would post, its error code for one it would not.
 * @param {SlackSinkRequest} record
 */
function judge(record) {
  if (record.path !== WEBHOOK_PATH) return { status: 404, answer: 'no_service' };
  if (record.method !== 'POST') return { status: 405, answer: 'invalid_method' };
  if (record.body === undefined) return { status: 413, answer: 'request_too_large' };
  let payload;
  try {
    payload = JSON.parse(record.body);
  } catch {
    return { status: 400, answer: 'invalid_payload' };
  }
  const verdict = validateSlackPayload(payload);
  if (verdict) return { status: 400, answer: verdict.error, problem: verdict.problem };
  return { status: 200, answer: 'ok', accepted: payload };
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
