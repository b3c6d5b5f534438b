import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Markdown rendered the way GitHub reads it (CommonMark + GFM tables,
 * autolinks, task lists, strikethrough), so tests assert on what a reader
 * sees rather than on the Markdown source. Raw HTML is let through, as
 * GitHub lets through <details>, <summary> and <sub>: any other tag in the
 * output is one our escaping failed to stop.
 */
export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The element names in rendered HTML. */
export function tagsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1].toLowerCase()));
}

/** What a reader sees outside code: code and pre removed, tags stripped, entities decoded. */
export function textOutsideCode(html: string): string {
  return decodeEntities(
    html
      .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
      .replace(/<code>[\s\S]*?<\/code>/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  );
}

/** All visible text, code included. */
function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '));
}

/** A backslash before ASCII punctuation that survived rendering: an escape the reader sees. */
export const VISIBLE_ESCAPE = /\\[!-/:-@[-`{-~]/;

/** Every table: its header row and whether any header cell or row is empty. */
export function tablesIn(html: string): { headers: string[]; rows: number }[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => {
    const body = m[1];
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(body)?.[1] ?? '';
    const headers = [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((h) => visibleText(h[1]).trim());
    const rows = (/<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '').split('<tr>').length - 1;
    return { headers, rows };
  });
}

/** Whether the first place `needle` appears in the HTML is inside a <details> element. */
export function insideDetails(html: string, needle: string): boolean {
  const at = html.indexOf(needle);
  if (at === -1) throw new Error(`'${needle}' is not in the rendered HTML`);
  const before = html.slice(0, at);
  const opened = (before.match(/<details\b/g) ?? []).length;
  const closed = (before.match(/<\/details>/g) ?? []).length;
  return opened > closed;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
