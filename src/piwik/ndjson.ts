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
  const { stats, maxLineChars } = options;
  let pending = '';
  let discarding = false;

  const take = (line: string): Record<string, unknown> | undefined => {
    if (discarding) {
      discarding = false;
      stats.oversized += 1;
      return undefined;
    }
    return parseLine(line, stats);
  };

  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
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
