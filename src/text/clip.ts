import { shorten } from './shorten.js';

/**
 * A block of text (a raw request, an error message) cut to about `max`
 * characters: at a line break when one is within the last fifth (else
 * mid-line, marked with …), never inside a surrogate pair, and followed by a
 * line that says how many characters were trimmed and, when given, where
 * they are (`rest`, e.g. "in the JSON report").
 */
export function clip(text: string, max: number, rest?: string): string {
  if (text.length <= max) return text;
  const cut = shorten(text, max).slice(0, -1);
  const lastBreak = cut.lastIndexOf('\n');
  const atBreak = lastBreak > max * 0.8;
  const kept = atBreak ? cut.slice(0, lastBreak) : cut;
  return `${kept}${atBreak ? '' : '…'}\n(trimmed: ${text.length - kept.length} more characters${rest ? ` ${rest}` : ''})`;
}
