import { shorten } from '../text/shorten.js';
import { escapeUnsafe } from '../safety/controls.js';

/**
 * Text from the API (error messages, URLs, server error bodies) printed to a
 * terminal must not act on it: an ESC or CSI starts an ANSI sequence that can
 * move the cursor, recolour, retitle the window or hide what came before; a
 * carriage return or backspace overwrites a line; bidi controls reorder what
 * is shown. Each such character is written as a visible escape instead
 * (src/safety/controls.ts holds the list).
 */

/** One line of untrusted text, cut to `maxChars`, with every unsafe character escaped. */
export function terminalSafe(text: string, maxChars = 500): string {
  return escapeUnsafe(shorten(text, maxChars));
}

/** Several lines of our own text with untrusted parts inside: each line made safe, the line breaks kept. */
export function terminalSafeLines(text: string, maxChars = 2000): string[] {
  return text.split(/\r?\n/).map((line) => terminalSafe(line, maxChars));
}
