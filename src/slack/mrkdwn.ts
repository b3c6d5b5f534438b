import { escapeUnsafe } from '../safety/controls.js';

/**
 * Making untrusted text inert in Slack mrkdwn.
 *
 * Slack reads control sequences from `<` … `>`: `<!channel>`, `<!here>`,
 * `<@U123>`, `<#C123>`, `<!subteam^S1>`, `<https://x|text>`. Escaping `&`, `<`
 * and `>` as entities (Slack's own rule) is what keeps payload text from
 * becoming a mention or a link. Everything else here is about the text
 * staying readable and in its place:
 *
 * - Slack has no escape for a backtick and no longer fences, so payload text
 *   could end our code span or block and spill out. Every backtick in payload
 *   text becomes `ˋ` (U+02CB MODIFIER LETTER GRAVE ACCENT), a look-alike that
 *   mrkdwn does not read as code. This changes what is shown (a copied value
 *   holds ˋ where the original had `), which is the price of a code block that
 *   nothing can close.
 * - Outside code, bare URLs, `@here`-style words and `#channel` names can be
 *   turned into links or mentions when a text object is not `verbatim`; a
 *   zero-width space breaks them (payload text only ever goes into verbatim
 *   text objects, so this is a second line of defence).
 * - Control characters, bidirectional overrides, zero-width characters and
 *   lone surrogates become visible escapes: they can reorder what a reader
 *   sees or make the JSON unreadable to Slack.
 *
 * Lengths are counted in UTF-16 code units, the same as (or more than) the
 * characters Slack counts, after escaping: `&amp;` counts 5.
 */

const ELLIPSIS = '…';
/** What a backtick in payload text becomes: looks the same, never opens or closes code. */
export const BACKTICK_LOOKALIKE = '\u02cb';
const ZWSP = '\u200b';

/** Slack's escaping of the three characters that start and end control sequences. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shows what should never act on a reader as a visible escape (`\u202e`,
 * `\x1b`; src/safety/controls.ts holds the list): C0/C1 control characters
 * (tabs become a space; newlines are kept only when asked), bidirectional
 * marks, embeddings, overrides and isolates, zero-width characters, and lone
 * surrogates.
 */
export function cleanText(text: string, keepNewlines = false): string {
  let out = text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' ');
  if (!keepNewlines) out = out.replace(/\n+/g, ' ');
  return escapeUnsafe(out, { keepNewlines });
}

/** Payload text for inside code: cleaned, escaped, backticks swapped for their look-alike. */
function codeSafe(text: string, keepNewlines: boolean): string {
  return escapeMrkdwn(cleanText(text, keepNewlines).replace(/`/g, BACKTICK_LOOKALIKE));
}

/** Breaks what Slack could auto-link or auto-mention in a non-verbatim text: URLs, www., @word, #word. */
function breakAutoLinks(escaped: string): string {
  return escaped
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, `$1${ZWSP}`);
}

/**
 * Shortens already-escaped mrkdwn to at most `maxChars`, ending with `…`:
 * never inside an entity such as `&amp;`, never between the halves of a
 * surrogate pair. Text that fits is returned as it is.
 */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars < 1) return '';
  let cut = text.slice(0, maxChars - ELLIPSIS.length);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1) {
    const entity = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/iy;
    entity.lastIndex = amp;
    const match = entity.exec(text);
    if (match && amp + match[0].length > cut.length) cut = cut.slice(0, amp);
  }
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/**
 * Like `truncate`, but prefers to end at a line break when one is near the
 * cut (within the last fifth), so a code sample loses whole lines.
 */
export function truncateLines(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = truncate(text, maxChars);
  const body = cut.slice(0, -ELLIPSIS.length);
  const lastBreak = body.lastIndexOf('\n');
  if (lastBreak > 0 && lastBreak >= body.length * 0.8) return `${body.slice(0, lastBreak + 1)}${ELLIPSIS}`;
  return cut;
}

/**
 * Payload text for running mrkdwn (not code): one line, escaped, backticks
 * swapped, auto-links and auto-mentions broken, at most `maxChars` long.
 */
export function inert(text: string, maxChars = 500): string {
  // URLs as code: never a link, and whole, so a copied one opens (a zero-width space in it would not).
  return joinWithin(text.split(URL_RUN), maxChars, (part, i, room) =>
    i % 2 === 1 ? codeSpan(part, Math.min(room, 400)) : truncate(plain(part), room),
  );
}

/** A URL-looking run (a scheme, or www.), up to the next space. */
const URL_RUN = /((?:\b[a-z][a-z0-9+.-]{0,30}:\/\/|\bwww\.)\S+)/i;

function plain(text: string): string {
  return breakAutoLinks(codeSafe(text, false));
}

/** For the notification text, which phones show as it is (code marks would show): URLs broken, not quoted. */
export function inertPlain(text: string, maxChars = 500): string {
  return truncate(plain(text), maxChars);
}

/**
 * Our own sentences that quote values in backticks (the diagnosis, its fix):
 * the quoted parts become code spans, the rest is inert text. The diagnosis
 * turns backticks inside values into look-alikes, so every span is ours.
 */
export function inertKeepingCode(text: string, maxChars = 500): string {
  return joinWithin(text.split(/(`[^`\n]*`)/), maxChars, (part, i, room) =>
    i % 2 === 1 ? codeSpan(part.slice(1, -1), Math.min(room, 300)) : inert(part, room),
  );
}

/**
 * Renders parts one after another within `maxChars`, whole: a part that does
 * not fit ends the text with …, so a code span is never cut in half.
 */
function joinWithin(parts: readonly string[], maxChars: number, render: (part: string, index: number, room: number) => string): string {
  let out = '';
  for (const [i, part] of parts.entries()) {
    const room = maxChars - out.length;
    const piece = room < 4 ? undefined : render(part, i, room);
    if (piece === undefined || piece.length > room) return out.length + ELLIPSIS.length <= maxChars ? `${out}${ELLIPSIS}` : out;
    out += piece;
  }
  return out;
}

/**
 * Payload text as an inline code span of at most `maxChars` (backticks
 * included). Empty text gives `(empty)` in italics, since Slack shows an
 * empty span as two literal backticks.
 */
export function codeSpan(text: string, maxChars = 300): string {
  const inner = truncate(codeSafe(text, false), Math.max(1, maxChars - 2));
  if (inner.trim() === '') return '_(empty)_';
  return `\`${inner}\``;
}

/**
 * Payload text as a code block of at most `maxChars` (fences included); whole
 * lines are dropped first when it has to be cut, and a note says so.
 */
export function codeBlock(text: string, maxChars = 2_000): string {
  const fences = '```\n\n```';
  const note = '\n(cut)';
  const safe = codeSafe(text, true).replace(/^\n+|\n+$/g, '');
  const room = Math.max(1, maxChars - fences.length);
  const body = safe.length <= room ? safe : `${truncateLines(safe, Math.max(1, room - note.length))}${note}`;
  return `\`\`\`\n${body.trim() === '' ? '(empty)' : body}\n\`\`\``;
}

/**
 * Our own link (a workflow run, a GitHub issue): `<url|label>`, or undefined
 * when the URL is not plain http(s) or is too long to be a link. The URL is
 * normalised, `|` is percent-encoded so it cannot end the URL part, and the
 * label is escaped so it cannot end the link.
 */
export function link(url: string, label: string, maxUrlChars = 500): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  const href = escapeMrkdwn(parsed.href.replace(/\|/g, '%7C').replace(/[\s\u0000-\u001f\u007f]/g, encodeURIComponent));
  if (href.length > maxUrlChars) return undefined;
  const text = escapeMrkdwn(cleanText(label)).replace(/\|/g, '\u2223');
  return `<${href}|${text === '' ? 'link' : text}>`;
}
