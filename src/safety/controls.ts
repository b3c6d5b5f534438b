/**
 * Characters a reader must see rather than have acted on: C0 controls, DEL,
 * C1 controls (U+009B is a one-byte CSI, U+0085 a line break the runner
 * trims), bidirectional marks, embeddings, overrides and isolates (U+202E
 * makes a reader see text reordered), zero-width characters and the BOM, the
 * Unicode line and paragraph separators, and lone surrogates. The one list,
 * for Markdown, annotations, the log, Slack and the terminal.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export interface EscapeOptions {
  /** Line breaks stay (code blocks, multi-line log text); CR LF and a lone CR become LF. */
  readonly keepNewlines?: boolean;
  /** Tabs stay (code blocks). */
  readonly keepTabs?: boolean;
  /** `\uXXXX` for every character, as JSON allows (for JSON text, whose own C0 escapes are already done). */
  readonly json?: boolean;
}

/** Every unsafe character written as a visible escape (`\u202e`, `\x1b`, `\n`); the rest as it was. */
export function escapeUnsafe(text: string, options: EscapeOptions = {}): string {
  const input = options.keepNewlines ? text.replace(/\r\n?/g, '\n') : text;
  return input.replace(UNSAFE, (char) => {
    if ((char === '\n' && options.keepNewlines) || (char === '\t' && options.keepTabs)) return char;
    return escapeChar(char, options.json ?? false);
  });
}

function escapeChar(char: string, json: boolean): string {
  const code = char.charCodeAt(0);
  const named = NAMED[char];
  if (named && !json) return named;
  return code <= 0xff && !json ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
