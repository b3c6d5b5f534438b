import { parseJsonLossless } from './lossless-json.js';

/** What reading one NDJSON body skipped, so the caller can warn instead of failing silently. */
export interface NdjsonStats {
  lines: number;
  malformed: number;
  oversized: number;
}

export function newNdjsonStats(): NdjsonStats {
  return { lines: 0, malformed: 0, oversized: 0 };
}

export interface NdjsonOptions {
  /** Longer lines are skipped (and counted) without being held in memory. */
  readonly maxLineChars: number;
  readonly stats: NdjsonStats;
  /** More values than this (a page holds at most `limit` sessions) is a protocol error, not more data. */
  readonly maxValues?: number;
  /** A body longer than this many characters is a protocol error: a stream that never ends must still end. */
  readonly maxChars?: number;
  /** Who sent the body, for the protocol error's message. */
  readonly source?: string;
}

/** The server sent more than the page it was asked for. Thrown by readNdjson; not worth asking again. */
export class NdjsonLimitError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'NdjsonLimitError';
  }
}

/**
 * Yields one parsed value per line of a streamed NDJSON body, holding at most
 * one line in memory. Chunks may split lines, and multi-byte characters,
 * anywhere. Blank lines are ignored; lines that are not a JSON object are
 * counted as malformed and skipped. A stream that fails mid-way throws.
 */
export async function* readNdjson(
  body: AsyncIterable<Uint8Array | string>,
  options: NdjsonOptions,
): AsyncGenerator<Record<string, unknown>> {
  const decoder = new TextDecoder('utf-8');
  const { stats, maxLineChars, maxValues = Infinity, maxChars = Infinity, source = 'The server' } = options;
  const broke = (what: string) =>
    new NdjsonLimitError(`${source} broke the protocol: it sent ${what}; the rest of its answer was not read.`);
  let pending = '';
  let discarding = false;
  let values = 0;
  let chars = 0;

  const take = (line: string): Record<string, unknown> | undefined => {
    if (discarding) {
      discarding = false;
      stats.oversized += 1;
      return undefined;
    }
    const value = parseLine(line, stats);
    if (value && ++values > maxValues) throw broke(`more than the ${maxValues} lines asked for`);
    return value;
  };

  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    chars += text.length;
    if (chars > maxChars) throw broke(`an answer longer than ${maxChars} characters`);
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const line = pending + text.slice(start, newline);
      pending = '';
      const value = take(line);
      if (value) yield value;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (!discarding) pending += text.slice(start);
    if (pending.length > maxLineChars) {
      pending = '';
      discarding = true;
    }
  }
  const rest = pending + decoder.decode();
  if (discarding || rest.trim() !== '') {
    const value = take(rest);
    if (value) yield value;
  }
}

function parseLine(raw: string, stats: NdjsonStats): Record<string, unknown> | undefined {
  const line = raw.trim();
  if (line === '') return undefined;
  stats.lines += 1;
  try {
    const value = parseJsonLossless(line);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Counted below: one bad line must not cost the rest of the stream.
  }
  stats.malformed += 1;
  return undefined;
}
