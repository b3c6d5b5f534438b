import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonLimitError, newNdjsonStats, readNdjson, type NdjsonOptions } from '../../src/piwik/ndjson.js';

async function collect(chunks: Uint8Array[], maxLineChars = 1_000_000) {
  const stats = newNdjsonStats();
  async function* body() {
    for (const chunk of chunks) yield chunk;
  }
  const values: Record<string, unknown>[] = [];
  for await (const value of readNdjson(body(), { maxLineChars, stats })) values.push(value);
  return { values, stats };
}

/** Splits bytes at the given offsets (which may fall inside a multi-byte character). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  return parts;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('readNdjson', () => {
  it('yields one object per line and skips blank lines', async () => {
    const { values, stats } = await collect([encode('{"a":1}\n\n{"b":"ø"}\r\n{"c":3}')]);
    expect(values).toEqual([{ a: 1 }, { b: 'ø' }, { c: 3 }]);
    expect(stats).toEqual({ lines: 3, malformed: 0, oversized: 0 });
  });

  it('counts and skips malformed lines, keeping the rest', async () => {
    const { values, stats } = await collect([encode('{"a":1}\nnot json\n[1,2]\n"str"\n{"b":2}\n')]);
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);
    expect(stats.malformed).toBe(3);
  });

  it('skips a line longer than the cap without holding it, then goes on', async () => {
    const long = `{"x":"${'y'.repeat(5000)}"}`;
    const chunks = [encode('{"a":1}\n'), ...splitAt(encode(`${long}\n{"b":2}\n`), [100, 1000, 3000, 5005])];
    const { values, stats } = await collect(chunks, 1000);
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);
    expect(stats.oversized).toBe(1);
  });

  it('counts a last line cut mid-object as malformed', async () => {
    const { values, stats } = await collect([encode('{"a":1}\n{"b":')]);
    expect(values).toEqual([{ a: 1 }]);
    expect(stats.malformed).toBe(1);
  });

  it('gives the same values however the body is chunked, even inside multi-byte characters', async () => {
    const lines = [
      { session_id: '18446744073709551615', url: 'https://example.com/grønn?q=日本語' },
      { emoji: '🧪🚀', n: 7 },
      { empty: '' },
    ];
    const bytes = encode(lines.map((l) => JSON.stringify(l)).join('\n'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), async (cuts) => {
        const { values, stats } = await collect(splitAt(bytes, cuts));
        expect(values).toEqual(lines);
        expect(stats.malformed).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps u64 ids exact while streaming', async () => {
    const { values } = await collect(splitAt(encode('{"event_id":18446744073709551615}\n'), [5, 20]));
    expect(values).toEqual([{ event_id: '18446744073709551615' }]);
  });
});

describe('readNdjson bounds', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `{"i":${i}}\n`);
  const read = async (chunks: string[], options: Partial<NdjsonOptions>) => {
    const out: unknown[] = [];
    async function* stream() {
      yield* chunks;
    }
    for await (const value of readNdjson(stream(), { maxLineChars: 1000, stats: newNdjsonStats(), ...options })) out.push(value);
    return out;
  };

  it('takes as many lines as asked for, and calls one more a protocol error', async () => {
    await expect(read(lines(3), { maxValues: 3 })).resolves.toHaveLength(3);
    await expect(read(lines(4), { maxValues: 3, source: 'The API' })).rejects.toThrow(
      'The API broke the protocol: it sent more than the 3 lines asked for; the rest of its answer was not read.',
    );
  });

  it('stops a body that grows past its character bound, however its lines look', async () => {
    await expect(read(['x'.repeat(600), 'x'.repeat(600)], { maxChars: 1000 })).rejects.toThrow(NdjsonLimitError);
  });
});
