/**
 * Showing untrusted text: one line, no code-span breakers, no direction
 * overrides, short. Every renderer escapes the result for its own format.
 */

const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Control characters become visible escapes (a stray "\n" is often the bug); backticks would end our code spans. */
function oneLine(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(INVISIBLE_OR_CONTROL, (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/`/g, 'ˋ');
}

/** One line of at most `limit` characters, ending in "…" when cut; cost bounded by `limit`, not the text. */
export function displayText(text: string, limit: number): string {
  const head = firstCodePoints(text, limit);
  const shown = oneLine(head);
  if (head.length === text.length && codePointLength(shown) <= limit) return shown;
  return `${firstCodePoints(shown, limit - 1)}…`;
}

function firstCodePoints(text: string, count: number): string {
  let end = 0;
  let taken = 0;
  for (const char of text) {
    if (taken === count) break;
    end += char.length;
    taken++;
  }
  return text.slice(0, end);
}

/**
 * Characters (code points): the UTF-16 length less one per surrogate pair.
 * The regular expression runs natively, so a long value costs the same on
 * the run's first, cold call as on later ones.
 */
export function codePointLength(text: string): number {
  return text.length - (text.match(SURROGATE_PAIR)?.length ?? 0);
}
