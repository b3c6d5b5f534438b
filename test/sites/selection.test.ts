import { describe, expect, it } from 'vitest';
import { parseShard, parseSiteSelection } from '../../src/config/sites.js';
import { shardOf, sliceForShard } from '../../src/sites/shard.js';
import { createRng } from '../../simulator/dataset.mjs';

const A = '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const B = '7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070';
const quote = (t: string) => t;

describe('site-id', () => {
  it('takes UUIDs, or all with !UUID exclusions, each once and lower-cased', () => {
    expect(parseSiteSelection(`${A}, ${B.toUpperCase()}\n${A}`, quote)).toEqual({ value: { kind: 'list', ids: [A, B] } });
    expect(parseSiteSelection(`ALL, !${A.toUpperCase()} !${A}`, quote)).toEqual({ value: { kind: 'all', exclude: [A] } });
  });

  it('says what is wrong', () => {
    expect(parseSiteSelection('', quote)).toMatchObject({ problem: expect.stringContaining("or 'all'") });
    expect(parseSiteSelection(`all, ${A}`, quote)).toMatchObject({ problem: expect.stringContaining("cannot mix 'all' with site UUIDs") });
    expect(parseSiteSelection(`${B}, !${A}`, quote)).toMatchObject({
      problem: expect.stringContaining("'!UUID' leaves a site out of 'all' only"),
    });
    expect(parseSiteSelection('all, !shop', quote)).toMatchObject({ problem: expect.stringContaining("not a UUID: 'shop'") });
  });
});

describe('shard', () => {
  it('takes K/N with 1 ≤ K ≤ N', () => {
    expect(parseShard('2/8', quote)).toEqual({ value: { index: 2, count: 8 } });
    expect(parseShard(' 1 / 1 '.trim(), quote)).toEqual({ value: { index: 1, count: 1 } });
    expect(parseShard('', quote)).toEqual({ value: undefined });
    for (const bad of ['0/8', '9/8', '2', 'two/8', '1/300']) expect(parseShard(bad, quote), bad).toHaveProperty('problem');
  });

  it('puts every site in exactly one of N slices, the same whatever the order or the other sites', () => {
    const rng = createRng('shards');
    const ids = Array.from({ length: 600 }, () => rng.uuid());
    for (const count of [1, 2, 8, 13]) {
      const slices = Array.from({ length: count }, (_, i) => sliceForShard(ids, { index: i + 1, count }));
      expect(slices.flat().sort()).toEqual([...ids].sort());
      // Roughly even: no slice more than twice its share.
      for (const slice of slices) expect(slice.length).toBeLessThan((2 * ids.length) / count + 5);
    }
    expect(sliceForShard(ids.slice(0, 10), { index: 3, count: 8 })).toEqual(
      sliceForShard(ids, { index: 3, count: 8 }).filter((id) => ids.slice(0, 10).includes(id)),
    );
    expect(shardOf(A.toUpperCase(), 8)).toBe(shardOf(A, 8));
  });
});
