/**
 * Text cut to at most `maxChars` UTF-16 units, with "…" appended when cut (so
 * the result is one longer than the limit). A surrogate pair is never cut in
 * half: a lone surrogate is invalid UTF-8 on the way out.
 */
export function shorten(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const safe = /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
  return `${safe}…`;
}
