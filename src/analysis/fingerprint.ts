import { createHash } from 'node:crypto';

/**
 * The identity of a problem across runs: the same site, event type and error
 * message once the parts that vary per hit (numbers, ids, URLs) are replaced
 * by placeholders. Issues and silences key on it, so changing these rules
 * changes every fingerprint: bump the report's schemaVersion if you do.
 */
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
  let text = message;
  for (const [pattern, placeholder] of RULES) text = text.replace(pattern, placeholder);
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprint(siteId: string, eventType: number, normalizedMessage: string): string {
  return createHash('sha256').update(`${siteId.toLowerCase()}\n${eventType}\n${normalizedMessage}`).digest('hex').slice(0, 16);
}
