// How the Debugger API writes times, u64 ids and event types: shared by the
// datasets and the simulator.

export const MINUTE = 60_000;

export const U64_MAX = 18446744073709551615n;
/** 2^53 + 1: the smallest integer a JavaScript number cannot hold exactly. */
export const U64_ABOVE_2_53 = 9007199254740993n;

/**
 * `YYYY-MM-DDTHH:MM:SS` in UTC without a zone suffix: the Debugger API's time format.
 * @param {number} ms
 */
export function formatServerTime(ms) {
  // Hand-rolled rather than toISOString().slice(): lazy datasets format hundreds of thousands of these.
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toISOString().slice(0, 19);
  return `${year}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const two = (/** @type {number} */ n) => (n < 10 ? `0${n}` : `${n}`);

/**
 * u64 → 16 lowercase hex digits, zero-padded (the API's `*_hex` fields).
 * @param {bigint} id
 */
export function u64Hex(id) {
  return id.toString(16).padStart(16, '0');
}

/**
 * The Debugger API's labels for `event_type` tuples. Type 10 is hidden by the API.
 * @type {Readonly<Record<number, string>>}
 */
export const EVENT_TYPE_LABELS = Object.freeze({
  1: 'Page view',
  2: 'Outlink',
  3: 'Download',
  4: 'Search',
  5: 'Custom event',
  6: 'Content impression',
  7: 'Content interaction',
  8: 'Goal conversion',
  9: 'Ecommerce conversion',
  11: 'SharePoint',
  12: 'Consent form impression',
  13: 'Consent form click',
  14: 'Consent decision',
  15: 'Custom ping',
  16: 'Cart update',
  17: 'Broken event',
  18: 'Excluded event',
  19: 'Heartbeat',
  20: 'Deanonymization',
  21: 'Page performance',
});
