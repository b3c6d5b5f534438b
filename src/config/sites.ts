import { isUuid } from '../text/uuid.js';

/**
 * Which sites a run scans: the UUIDs given, or every site the API client can
 * see (`site-id: all`, the Apps API's list) minus some (`all, !UUID`). Parsed
 * here, before any request; the list itself is read once the run has a token
 * (src/sites/resolve.ts).
 */
export type SiteSelection =
  { readonly kind: 'list'; readonly ids: readonly string[] } | { readonly kind: 'all'; readonly exclude: readonly string[] };

/** `shard: 2/8`: the second of eight slices of the site list (1-based, as people count matrix jobs). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A parse that either gives a value or says what is wrong (the caller names the input). */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

const EXAMPLE_UUID = '01234567-89ab-cdef-0123-456789abcdef';
/** More shards than this would be more jobs than a matrix allows (256). */
const MAX_SHARDS = 256;

export function parseSiteSelection(raw: string, quote: (text: string) => string): Parsed<SiteSelection> {
  const items = raw
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) {
    return {
      problem: `is required: one or more site/app UUIDs separated by commas, spaces or newlines, or 'all' (every site the API client can see).`,
    };
  }
  const all = items.filter((i) => i.toLowerCase() === 'all');
  const excluded = items.filter((i) => i.startsWith('!')).map((i) => i.slice(1));
  const ids = items.filter((i) => i.toLowerCase() !== 'all' && !i.startsWith('!'));
  const bad = [...ids, ...excluded].filter((id) => !isUuid(id));
  if (bad.length > 0) {
    return {
      problem: `must hold site/app UUIDs like ${EXAMPLE_UUID}, or 'all' optionally followed by '!UUID' for each site to leave out (not a UUID: ${bad.map((b) => `'${quote(b)}'`).join(', ')}).`,
    };
  }
  if (all.length > 0 && ids.length > 0) {
    return { problem: `cannot mix 'all' with site UUIDs: give 'all' (and '!UUID' to leave a site out), or the UUIDs alone.` };
  }
  if (all.length === 0 && excluded.length > 0) {
    return { problem: `'!UUID' leaves a site out of 'all' only: write 'all, !UUID', or list the sites to scan.` };
  }
  const unique = (list: readonly string[]) => [...new Set(list.map((id) => id.toLowerCase()))];
  return { value: all.length > 0 ? { kind: 'all', exclude: unique(excluded) } : { kind: 'list', ids: unique(ids) } };
}

export function parseShard(raw: string, quote: (text: string) => string): Parsed<Shard | undefined> {
  if (raw === '') return { value: undefined };
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    return {
      problem: `must be 'K/N', the K-th of N slices of the site list, with 1 ≤ K ≤ N ≤ ${MAX_SHARDS}, such as 2/8 (got '${quote(raw)}'). In a matrix: shard: \${{ matrix.shard }}/8.`,
    };
  }
  return { value: { index, count } };
}

/** "2/8", as the report and the messages write a shard. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
