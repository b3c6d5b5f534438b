import { createHmac } from 'node:crypto';

/**
 * Signing the webhook's body the way GitHub signs its own webhooks, so
 * existing verifiers work: HMAC-SHA256 of the exact body bytes with the
 * secret, hex, in `X-Hub-Signature-256: sha256=…`. Against replays the body
 * holds its `timestamp` (signed with it) and the same value is sent in
 * `X-Piwik-Checker-Timestamp`: a receiver rejects a document whose two differ
 * or whose time is more than five minutes off (README: receiving the webhook).
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';
export const TIMESTAMP_HEADER = 'x-piwik-checker-timestamp';
export const DELIVERY_HEADER = 'x-piwik-checker-delivery';
export const EVENT_HEADER = 'x-piwik-checker-event';

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
