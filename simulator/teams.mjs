// A loopback Microsoft Teams Workflows webhook ("post to a channel when a
// webhook request is received") for tests and the demo. Like the real one it
// answers 202 Accepted for a message it would post, and refuses: a body over
// 28 KB (413), a body that is not a message with one Adaptive Card attachment
// (400), and a card that Microsoft's own adaptivecards parser finds fault with,
// or of a version the webhook does not render (400). Scripted faults first.

import { adaptiveCardProblems } from './adaptive-card.mjs';
import { startHttpSink } from './http-sink.mjs';

/**
 * @typedef {import('./types/channels.js').HttpFault} HttpFault
 * @typedef {import('./types/channels.js').HttpSink} HttpSink
 * @typedef {import('./types/channels.js').SinkRequest} SinkRequest
 */

/** The request body a Workflows webhook takes at most: "about 28 KB". */
export const TEAMS_SINK_MAX_BYTES = 28 * 1024;
const PATH =
  '/workflows/0f1e2d3c4b5a/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=TeamsSinkSignature0123456789abcdef';

/**
 * @param {{ faults?: HttpFault[] }} [options]
 * @returns {Promise<HttpSink>}
 */
export function startTeamsSink(options = {}) {
  return startHttpSink({ path: PATH, maxBytes: TEAMS_SINK_MAX_BYTES, faults: options.faults, judge });
}

/**
 * @param {SinkRequest} record
 */
function judge(record) {
  if (record.path !== PATH) return { status: 404, answer: 'not found' };
  if (record.method !== 'POST') return { status: 405, answer: 'method not allowed' };
  if (record.body === undefined) return { status: 413, answer: 'RequestEntityTooLarge', problem: `body of ${record.bytes} bytes` };
  const problems = teamsMessageProblems(record.body);
  if (problems.length > 0) return { status: 400, answer: 'BadRequest', problem: problems.join('; ') };
  return { status: 202, answer: '', accepted: JSON.parse(record.body) };
}

/**
 * What is wrong with a Workflows webhook body; empty when Teams would post it.
 * @param {string} body
 * @returns {string[]}
 */
export function teamsMessageProblems(body) {
  /** @type {any} parsed JSON of any shape */
  let message;
  try {
    message = JSON.parse(body);
  } catch {
    return ['the body is not JSON'];
  }
  if (message?.type !== 'message') return ['type is not "message"'];
  const attachments = message.attachments;
  if (!Array.isArray(attachments) || attachments.length !== 1) return ['attachments must hold exactly one card'];
  const [attachment] = attachments;
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') return ['the attachment is not an Adaptive Card'];
  return adaptiveCardProblems(attachment.content);
}
