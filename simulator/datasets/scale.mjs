// Lazy datasets for scale tests and benchmarks: sessions generated on demand,
// identically every time, so nothing is held in memory.

import { MINUTE } from './format.mjs';
import { createRng, formatUuid } from './random.mjs';
import { makeSession } from './session.mjs';

/** @import { EventSpec, LazyDataset, Rng, ScaleDataset, ScaleOptions } from './types.js' */
/** @typedef {{ siteIndex: number, sessionIndex: number, eventIndex: number }} LazyIndex */

// Ids of lazy sessions are an invertible mix of (site, session, event), so the
// simulator can find an event or log by id without scanning 50,000 sessions.
const MASK64 = (1n << 64n) - 1n;
const MIX_XOR = 0x9e3779b97f4a7c15n;
const MIX_MUL = 0xbf58476d1ce4e5b9n; // odd, hence invertible modulo 2^64
const MIX_MUL_INV = (() => {
  let inv = MIX_MUL; // Newton's iteration doubles the correct low bits each step.
  for (let i = 0; i < 6; i++) inv = (inv * (2n - ((MIX_MUL * inv) & MASK64))) & MASK64;
  return inv;
})();
const mix64 = (/** @type {bigint} */ x) => ((x ^ MIX_XOR) * MIX_MUL) & MASK64;
const unmix64 = (/** @type {bigint} */ y) => ((y * MIX_MUL_INV) & MASK64) ^ MIX_XOR;
const MAX_EVENTS_PER_LAZY_SESSION = 255;

/**
 * @param {number} siteIndex
 * @param {number} sessionIndex
 * @param {number} eventIndex
 */
function lazyEventId(siteIndex, sessionIndex, eventIndex) {
  return mix64((BigInt(siteIndex) << 48n) | (BigInt(sessionIndex) << 8n) | BigInt(eventIndex));
}

/**
 * @param {bigint} eventId
 * @returns {LazyIndex}
 */
function decodeLazyEventId(eventId) {
  const x = unmix64(eventId);
  return { siteIndex: Number(x >> 48n), sessionIndex: Number((x >> 8n) & 0xffffffffffn), eventIndex: Number(x & 0xffn) };
}

// The same trick on 48 bits for the last group of log UUIDs: multiply by an odd constant, then xorshift.
const MASK48 = (1n << 48n) - 1n;
const MIX48_MUL = 0x5deece66dn;
const MIX48_MUL_INV = (() => {
  let inv = MIX48_MUL;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - ((MIX48_MUL * inv) & MASK48))) & MASK48;
  return inv;
})();
const mix48 = (/** @type {bigint} */ x) => {
  const y = (x * MIX48_MUL) & MASK48;
  return y ^ (y >> 24n);
};
const unmix48 = (/** @type {bigint} */ y) => ((y ^ (y >> 24n)) * MIX48_MUL_INV) & MASK48; // x ^ (x >> 24) is its own inverse on 48 bits

/**
 * Random-looking UUID whose last group encodes (site, session, event).
 * @param {Rng} rng
 * @param {number} siteIndex
 * @param {number} sessionIndex
 * @param {number} eventIndex
 */
function lazyLogUuid(rng, siteIndex, sessionIndex, eventIndex) {
  const tail = mix48((BigInt(siteIndex) << 36n) | (BigInt(sessionIndex) << 8n) | BigInt(eventIndex));
  return formatUuid(rng.hex(20) + tail.toString(16).padStart(12, '0'));
}

/**
 * @param {string} uuid
 * @returns {LazyIndex}
 */
function decodeLazyLogUuid(uuid) {
  const tail = unmix48(BigInt(`0x${uuid.slice(-12)}`));
  return { siteIndex: Number(tail >> 36n), sessionIndex: Number((tail >> 8n) & 0xfffffffn), eventIndex: Number(tail & 0xffn) };
}

// Group words use only letters outside a-f, so no normaliser mistakes them for hex ids.
const CONSONANTS = 'gklmnprstvz';
const VOWELS = 'iou';
/**
 * @param {number} group
 * @returns {string}
 */
function groupWord(group) {
  const syllables = [];
  let n = group;
  for (let i = 0; i < 3; i++) {
    const s = n % (CONSONANTS.length * VOWELS.length);
    syllables.push(CONSONANTS[Math.floor(s / VOWELS.length)] + VOWELS[s % VOWELS.length]);
    n = Math.floor(n / (CONSONANTS.length * VOWELS.length));
  }
  return syllables.join('') + (n > 0 ? `x${groupWord(n)}` : '');
}

/**
 * Broken event of group `group`: five defect kinds, each message naming the
 * group's word plus a number that differs per event (an order, a length, …), so
 * a grouping that ignores numbers yields exactly `groups` groups per site.
 * @param {number} group
 * @param {Rng} rng
 * @param {string} host
 * @returns {EventSpec & { errorMessage: string }}
 */
function scaleBrokenEvent(group, rng, host) {
  const word = groupWord(group);
  const n = rng.int(100, 99999);
  const url = `https://${host}/checkout/confirmation?order=${n}`;
  switch (group % 5) {
    case 0:
      return {
        type: 17,
        errorMessage: `Invalid custom event value: ${word} for event ${n}`,
        url,
        customEvent: { category: 'Promo', action: 'Click', name: `banner-${word}`, value: word },
      };
    case 1:
      return {
        type: 17,
        errorMessage: `Invalid ec_products: cannot parse JSON near ${word} for order ${n}`,
        url,
        queryParams: { idgoal: '0', ec_id: String(n), ec_products: `[["${word}","Trail shoes",129.99,` },
      };
    case 2: {
      const length = 1025 + (n % 4000);
      const value = `${word}-`.repeat(Math.ceil(length / (word.length + 1))).slice(0, length);
      return {
        type: 17,
        errorMessage: `Custom dimension value too long: ${word} has ${length} characters`,
        url,
        queryParams: { dimension3: value },
      };
    }
    case 3:
      return {
        type: 17,
        errorMessage: `Unsupported parameter ${word}_items in order ${n}`,
        url,
        queryParams: { [`${word}_items`]: '[["sku-1",1]]' },
      };
    default:
      return { type: 17, errorMessage: `Unknown goal ${word} requested from order ${n}`, url, queryParams: { idgoal: word } };
  }
}

/** The example message of a group, as reported in `expected.groups`. */
/** @param {number} group */
function groupMessageSample(group) {
  return scaleBrokenEvent(group, createRng(`sample:${group}`), 'www.example.com').errorMessage;
}

/** How many of the `total` items fall on slot g of `slots`, spread evenly (and where they start). */
/**
 * @param {number} g
 * @param {number} total
 * @param {number} slots
 */
function spread(g, total, slots) {
  const first = Math.floor((g * total) / slots);
  return { first, count: Math.floor(((g + 1) * total) / slots) - first };
}

/**
 * @param {string} seed
 * @param {number} siteIndex
 */
function siteUuid(seed, siteIndex) {
  return createRng(`${seed}:site:${siteIndex}`).uuid();
}

/**
 * Lazy datasets: `sessions` sessions per site (newest first, spread over the
 * 59 minutes before `now`), `brokenEvents` broken events in total spread evenly
 * over all sessions of all sites, broken event k having group k % groups.
 * Other events are page views and a few custom events. Nothing is held in
 * memory: session i is generated when asked for, identically every time.
 * Pass the same `now` to startPiwikSimulator, or the window drifts.
 * @param {ScaleOptions} options
 * @returns {ScaleDataset}
 */
export function scaleDataset({
  sites = 1,
  sessions,
  brokenEvents = 0,
  groups = 1,
  now = new Date(),
  seed = 'scale',
  spanMinutes = 59,
  problemEvery = 1,
}) {
  if (!(sessions > 0)) throw new Error('scaleDataset: sessions must be positive');
  if (sessions >= 1 << 28) throw new Error('scaleDataset: fewer than 2^28 sessions per site');
  if (sites > 4095) throw new Error('scaleDataset: at most 4095 sites');
  if (groups < 1) throw new Error('scaleDataset: groups must be at least 1');
  if (!(problemEvery >= 1)) throw new Error('scaleDataset: problemEvery must be at least 1');
  // Broken events are spread over the sessions of the sites that have problems only.
  const problemSites = Math.ceil(sites / problemEvery);
  const totalSessions = problemSites * sessions;
  if (brokenEvents > totalSessions * 200) throw new Error('scaleDataset: at most 200 broken events per session');
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const stepMs = (spanMinutes * MINUTE) / sessions;
  const siteIds = Array.from({ length: sites }, (_, s) => siteUuid(seed, s));

  /** @type {Record<string, LazyDataset>} */
  const siteMap = {};
  /** @type {ScaleDataset['expected']['perSite']} */
  const perSite = {};
  siteIds.forEach((appId, siteIndex) => {
    const updatedAtMs = (/** @type {number} */ i) => Math.floor((nowMs - (i + 0.5) * stepMs) / 1000) * 1000;
    // The event specs of session i, without building records and logs: cheap enough for the simulator to scan.
    const plan = (/** @type {number} */ i) => {
      if (!(i >= 0 && i < sessions)) throw new RangeError(`session index ${i} out of range`);
      const rng = createRng(`${seed}:${siteIndex}:${i}`);
      const host = `www.site${siteIndex + 1}.example.com`;
      const broken =
        siteIndex % problemEvery === 0
          ? spread((siteIndex / problemEvery) * sessions + i, brokenEvents, totalSessions)
          : { first: 0, count: 0 };
      const normal = rng.int(2, 5);
      /** @type {EventSpec[]} */
      const specs = [];
      for (let j = 0; j < normal; j++) {
        specs.push(
          j > 0 && rng.float() < 0.2
            ? {
                type: 5,
                url: `https://${host}/products/item-${rng.int(1, 400)}`,
                customEvent: { category: 'Product', action: 'Zoom', name: `gallery-${rng.int(1, 9)}`, value: rng.int(1, 20) },
              }
            : {
                type: 1,
                url: `https://${host}/products/item-${rng.int(1, 400)}${rng.float() < 0.2 ? '?email=someone%40example.com' : ''}`,
              },
        );
      }
      for (let b = 0; b < broken.count; b++) {
        // Put broken events between page views, as a faulty tag fires mid-session.
        specs.splice(rng.int(1, specs.length), 0, scaleBrokenEvent((broken.first + b) % groups, rng, host));
      }
      return { rng, specs };
    };
    const session = (/** @type {number} */ i) => {
      const { rng, specs } = plan(i);
      specs.forEach((spec, j) => {
        spec.eventId = lazyEventId(siteIndex, i, j);
        spec.logUuid = lazyLogUuid(rng, siteIndex, i, j);
      });
      return makeSession({ appId, seed: `${seed}:${siteIndex}:${i}`, updatedAt: new Date(updatedAtMs(i)), events: specs });
    };
    const ownIndex = (/** @type {LazyIndex} */ decoded) =>
      decoded.siteIndex === siteIndex && decoded.sessionIndex < sessions ? decoded : undefined;
    siteMap[appId] = {
      count: sessions,
      session,
      updatedAt: (i) => new Date(updatedAtMs(i)),
      eventTypes: (i) => plan(i).specs.map((spec) => spec.type),
      findEvent(eventId) {
        const at = eventId <= MASK64 && eventId >= 0n ? ownIndex(decodeLazyEventId(eventId)) : undefined;
        if (!at || at.eventIndex > MAX_EVENTS_PER_LAZY_SESSION) return undefined;
        const found = session(at.sessionIndex);
        const event = found.record.events[at.eventIndex];
        return event && event.event_id === eventId ? { session: found, event } : undefined;
      },
      findLog(uuid) {
        if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
        const at = ownIndex(decodeLazyLogUuid(uuid.toLowerCase()));
        if (!at) return undefined;
        return session(at.sessionIndex).logs.find((log) => log.id === uuid.toLowerCase());
      },
    };
    // The sum of spread(g) over this site's sessions telescopes to one difference.
    const problemIndex = siteIndex / problemEvery;
    const siteBroken =
      siteIndex % problemEvery === 0
        ? Math.floor(((problemIndex + 1) * sessions * brokenEvents) / totalSessions) -
          Math.floor((problemIndex * sessions * brokenEvents) / totalSessions)
        : 0;
    perSite[appId] = { sessions, brokenEvents: siteBroken };
  });

  const groupList = Array.from({ length: Math.min(groups, Math.max(brokenEvents, 0)) }, (_, g) => ({
    index: g,
    sample: groupMessageSample(g),
    count: Math.floor(brokenEvents / groups) + (g < brokenEvents % groups ? 1 : 0),
  }));
  return { sites: siteMap, siteIds, expected: { sessions: sites * sessions, brokenEvents, perSite, groups: groupList } };
}

/**
 * One site with `sessions` lazy sessions and only a few broken events: for
 * measuring memory while streaming a large answer.
 * @param {{ sessions: number, now?: Date, brokenEvents?: number, seed?: string }} options
 */
export function largeDataset({ sessions, now = new Date(), brokenEvents = Math.min(sessions, 12), seed = 'large' }) {
  return scaleDataset({ sites: 1, sessions, brokenEvents, groups: 3, now, seed });
}
