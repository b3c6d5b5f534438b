import { HttpClient } from '../http/client.js';
import { shorten } from '../text/shorten.js';
import { Scrubber } from '../safety/secrets.js';
import { scrubCredentials } from '../safety/server-text.js';
import type { Delivery } from '../report/report.js';
import type { SlackMessage } from './message.js';

/**
 * Posting the digest to a Slack incoming webhook. HttpClient retries 429
 * (honouring Retry-After) and 5xx; whatever answer is left after that decides
 * the delivery. Slack answers `200 ok` on success and a short error code
 * otherwise (`invalid_blocks`, `no_text`, `channel_not_found`, …), which goes
 * into the detail. The webhook URL is a secret: it never appears in a detail,
 * whatever an error message from the network layer holds.
 */
const WHAT = 'the Slack webhook';
/** Slack's error bodies are a word or two; a proxy's error page is cut. */
const MAX_BODY_CHARS = 300;
const REDACTED = '[webhook URL]';

export async function sendSlack(http: HttpClient, webhookUrl: string, message: SlackMessage): Promise<Delivery> {
  try {
    const response = await http.send({
      method: 'POST',
      url: webhookUrl,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      what: WHAT,
    });
    const body = (await HttpClient.text(response, 4 * 1024)).trim();
    if (response.status === 200 && body === 'ok') return { status: 'sent' };
    const said = body === '' ? 'an empty body' : scrubCredentials(body);
    return { status: 'failed', detail: flattened(scrubSecret(`Slack answered HTTP ${response.status}: ${said}`, webhookUrl)) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const described = text.startsWith(WHAT) ? text : `${WHAT} could not be reached: ${text}`;
    // Scrubbed before it is shortened, so a cut can never leave half a secret behind.
    return { status: 'failed', detail: flattened(scrubSecret(described, webhookUrl)) };
  }
}

/** The message as pretty JSON, for a dry run's log (the caller wraps it in stop-commands). */
export function describeForLog(message: SlackMessage): string {
  return JSON.stringify(message, null, 2);
}

/** Removes every form of the webhook URL from a text (whole, encoded, its path and its token segments). */
export function scrubSecret(text: string, webhookUrl: string): string {
  return new Scrubber([webhookUrl], REDACTED).text(text);
}

/** A delivery detail as one readable line: runs of whitespace and control characters become one space; cut to MAX_BODY_CHARS. */
function flattened(text: string): string {
  return shorten(text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim(), MAX_BODY_CHARS);
}
