// Seeded randomness for the datasets: ids, UUIDs, names and times come from
// here, never from Math.random, so a test run can be repeated exactly.

/** @import { Rng } from './types.js' */

/** FNV-1a over UTF-16 code units, then a murmur-style finaliser: string → uint32. */
/** @param {string} text */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A small seeded PRNG (sfc32). Good enough for test data, and the same seed
 * always yields the same sequence on every platform.
 * @param {string | number} seed
 */
export function createRng(seed) {
  const text = String(seed);
  let a = hash32(`a:${text}`);
  let b = hash32(`b:${text}`);
  let c = hash32(`c:${text}`);
  let d = hash32(`d:${text}`) | 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 correlate with the seed.
  for (let i = 0; i < 12; i++) next();

  /** @type {Rng} */
  const rng = {
    /** uint32 */
    next,
    /** [0, 1) */
    float: () => next() / 0x1_0000_0000,
    /** integer in [min, max] */
    int: (min, max) => min + Math.floor(rng.float() * (max - min + 1)),
    pick: (list) => list[Math.floor(rng.float() * list.length)],
    /** n lowercase hex digits */
    hex: (n) => {
      let out = '';
      while (out.length < n) {
        const v = next();
        out += HEX_BYTE[v >>> 24] + HEX_BYTE[(v >>> 16) & 255] + HEX_BYTE[(v >>> 8) & 255] + HEX_BYTE[v & 255];
      }
      return out.length === n ? out : out.slice(0, n);
    },
    /** a uniformly random u64 as BigInt */
    u64: () => (BigInt(next()) << 32n) | BigInt(next()),
    /** a version-4 UUID */
    uuid: () => formatUuid(rng.hex(32)),
  };
  return rng;
}

/** Two hex digits per byte value: hex generation is the hottest path of lazy datasets. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * 32 hex digits → 8-4-4-4-12, with the version-4 and RFC 4122 variant nibbles set.
 * @param {string} hex
 */
export function formatUuid(hex) {
  const variant = '89ab'[parseInt(hex[16], 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
