import { escapeUnsafe } from '../safety/controls.js';
import { shorten } from '../text/shorten.js';

/**
 * Making untrusted text inert in GitHub-flavoured Markdown (job summary, issue
 * bodies and comments): no HTML, no links or autolinks, no @mentions, no
 * #123 / GH-123 / owner/repo#123 references, no raw control, bidi or
 * zero-width character (each shown as a visible escape such as `\u202e`), and
 * code blocks nothing inside can close.
 */
const ZWSP = '\u200b';

/**
 * Text for a paragraph or a table cell: one line, Markdown and HTML escaped,
 * references broken. URLs become code spans: GitHub links none inside code,
 * and a copied URL then opens (a zero-width space in it would not).
 */
export function inline(text: string, maxChars = 500): string {
  const line = escapeUnsafe(shorten(text.replace(/[\r\n\t]+/g, ' '), maxChars));
  return line
    .split(URL_RUN)
    .map((part, i) => (i % 2 === 1 ? urlSpan(part) : escapeText(part)))
    .join('');
}

/** A URL-looking run (a scheme, or www.), up to the next space. */
const URL_RUN = /((?:\b[a-z][a-z0-9+.-]{0,30}:\/\/|\bwww\.)\S+)/i;

function escapeText(text: string): string {
  return neutralizeReferences(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1'),
  );
}

/** A pipe would end a table cell, and escaping it inside code shows the backslash outside tables: encode it. */
function urlSpan(url: string): string {
  return codeSpan(url.replace(/\|/g, '%7C'));
}

/**
 * Like `inline`, for our own sentences that quote values in code spans (the
 * diagnosis): the spans are kept as code, everything around them is escaped.
 * Only safe where untrusted parts can hold no backtick (the diagnosis turns
 * them into look-alikes), so every span in the text is one we wrote.
 */
export function inlineKeepingCode(text: string, maxChars = 500, inTable = false): string {
  return shorten(text, maxChars)
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? codeSpan(part.slice(1, -1), 300, inTable) : inline(part, maxChars)))
    .join('');
}

/**
 * A code span that holds any text: backticks inside cannot end it. In a table
 * cell (`inTable`) pipes are escaped, which GFM undoes there; elsewhere the
 * backslash would show, so they are left alone.
 */
export function codeSpan(text: string, maxChars = 300, inTable = false): string {
  const one = escapeUnsafe(shorten(text.replace(/[\r\n\t]+/g, ' '), maxChars));
  const line = inTable ? one.replace(/\|/g, '\\|') : one;
  const fence = '`'.repeat(longestRun(line, '`') + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** For our own words inside HTML (`<summary>`, `<sub>`): Markdown does not apply there, so no Markdown escapes either. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A fenced block whose fence is longer than any run of backticks inside, so the content cannot break out. */
export function codeBlock(text: string, language = ''): string {
  const safe = escapeUnsafe(text, { keepNewlines: true, keepTabs: true });
  const fence = '`'.repeat(Math.max(3, longestRun(safe, '`') + 1));
  return `${fence}${language}\n${safe}\n${fence}`;
}

/** Breaks @mentions, issue references and autolinks with a zero-width space. */
export function neutralizeReferences(text: string): string {
  return text
    .replace(/@(?=[\w-])/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}

export function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A URL from the runner's environment (the run's): only a plain http(s) URL becomes a link. */
export function isPlainHttpUrl(url: string): boolean {
  return /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/%-]*)?$/.test(url);
}
