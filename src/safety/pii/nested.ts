/**
 * Query strings inside values, percent-encoded once or more
 * (`return_to=%2Faccount%3Fuid%3D4711%26phone%3D…`): a name-based rule sees
 * one harmless name, `return_to`, unless the value is decoded and checked as
 * the query string it is. Decoded at most MAX_LAYERS times.
 */
const MAX_LAYERS = 4;
/** `=` percent-encoded once or more: `%3D`, `%253D`, … */
const ENCODED_EQUALS = /%(?:25){0,3}3d/i;

export type DepthRedact = (text: string, depth: number) => string;

/** The value decoded, redacted by `redact` and encoded again, or the value itself when nothing in it was personal. */
export function redactEncodedValue(value: string, redact: DepthRedact, depth: number): string {
  if (depth >= MAX_LAYERS || !ENCODED_EQUALS.test(value)) return value;
  const decoded = safeDecode(value);
  if (decoded === value) return value;
  const redacted = redact(decoded, depth + 1);
  return redacted === decoded ? value : encodeURIComponent(redacted).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/**
 * A whitespace-free word of free text that holds an encoded query string outside a `name=value` pair
 * ("bad target %2Faccount%3Fuid%3D4711"): shown decoded when decoding it revealed something to hide.
 */
export function redactEncodedWords(text: string, redact: DepthRedact, depth: number): string {
  if (depth >= MAX_LAYERS || !ENCODED_EQUALS.test(text)) return text;
  return text
    .split(/(\s+)/)
    .map((word) => {
      if (!ENCODED_EQUALS.test(word)) return word;
      const decoded = safeDecode(word);
      if (decoded === word) return word;
      const redacted = redact(decoded, depth + 1);
      return redacted === decoded ? word : redacted;
    })
    .join('');
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
