import { createHash } from 'node:crypto';
import { createRedactor } from '../safety/redact.js';
import { splitHitValues } from './hit-values.js';

/**
 * The identity of a problem across runs: the same site, event type and error
 * message once personal data is redacted (always, whatever `redact` says: a
 * hash of the raw words would confirm a guessed redacted value, and the
 * setting must not change which issue a problem has) and the parts that vary
 * per hit (values the message quotes, numbers, ids, URLs) are replaced by
 * placeholders. Issues and silences key on it, so changing these rules
 * changes fingerprints: say so in the CHANGELOG (issues opened before get
 * a successor, and close-resolved closes them).
 */
const FREE_TEXT = createRedactor(true);

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Repetitions before a required character are bounded, so a long run without it stays linear.
  [/\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>()]+/gi, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63}){1,8}/g, '<email>'],
  // Hex ids: 8+ hex characters holding at least one digit (so plain words are left alone).
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\d+(\.\d+)?/g, '<n>'],
];

export function normalizeMessage(message: string): string {
  let text = splitHitValues(FREE_TEXT.text(message)).template;
  for (const [pattern, placeholder] of RULES) text = text.replace(pattern, placeholder);
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprint(siteId: string, eventType: number, normalizedMessage: string): string {
  return createHash('sha256').update(`${siteId.toLowerCase()}\n${eventType}\n${normalizedMessage}`).digest('hex').slice(0, 16);
}
