import { shorten } from '../render/markdown.js';

/**
 * Text from the API (error messages, URLs, server error bodies) printed to a
 * terminal must not act on it: an ESC or CSI starts an ANSI sequence that can
 * move the cursor, recolour, retitle the window or hide what came before; a
 * carriage return or backspace overwrites a line; bidi controls reorder what
 * is shown. Each such character is written as a visible escape instead.
 */
// C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), bidi marks and overrides, line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One line of untrusted text, cut to `maxChars`, with every unsafe character escaped. */
export function terminalSafe(text: string, maxChars = 500): string {
  return shorten(text, maxChars).replace(UNSAFE, escapeChar);
}

/** Several lines of our own text with untrusted parts inside: each line made safe, the line breaks kept. */
export function terminalSafeLines(text: string, maxChars = 2000): string[] {
  return text.split(/\r?\n/).map((line) => terminalSafe(line, maxChars));
}

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
