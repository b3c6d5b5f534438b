import { escapeUnsafe } from '../safety/controls.js';
import { shorten } from '../text/shorten.js';

/**
 * Untrusted text for any channel: one line, every control, bidi and
 * zero-width character shown as a visible escape, cut to `maxChars`. A
 * 100 KB message is cut before it is looked at, so its size costs nothing.
 */
export function plainText(text: string, maxChars: number): string {
  const head = text.length > maxChars * 2 + 16 ? text.slice(0, maxChars * 2 + 16) : text;
  return shorten(
    escapeUnsafe(
      head
        .replace(/\r\n?|\n|\t/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    ),
    maxChars,
  );
}

const ZWSP = '\u200b';

/**
 * Breaks what a chat or mail client would turn into a link or a mention on
 * its own (a URL, `www.`, an e-mail address, `@name`), with a zero-width space
 * the reader does not see. Only for untrusted text; our own links are real
 * links (an Adaptive Card action, an HTML anchor).
 */
export function unlinked(text: string): string {
  return text
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, `$1${ZWSP}`);
}

/** Our own link target (the run, an issue): plain http(s) without credentials, else undefined. */
export function ownUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username || parsed.password) return undefined;
  return parsed.href.length > 1_000 ? undefined : parsed.href;
}

/**
 * Our own sentences that quote values in backticks (the diagnosis, its fix), in parts: the quoted values (without
 * their backticks) and the words around them, for a renderer to show the values as code. The diagnosis turns
 * backticks inside values into look-alikes, so every pair is ours.
 */
export function quotedParts(text: string): { readonly text: string; readonly code: boolean }[] {
  return text
    .split(/(`[^`\n]*`)/)
    .filter((part) => part !== '')
    .map((part) => (/^`[^`\n]*`$/.test(part) ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}
