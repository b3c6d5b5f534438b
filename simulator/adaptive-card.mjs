// Checking an Adaptive Card the way a host would read it, with Microsoft's own
// `adaptivecards` library (its parser runs in Node; only rendering needs a DOM):
// the parser's and validator's events, and what the parser does not know (it
// drops unknown properties silently, so a round trip through it shows them),
// plus the card versions a Teams Workflows webhook takes.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('adaptivecards')} */
const AC = require('adaptivecards/dist/adaptivecards.js');

/** The versions the Teams Workflows webhook renders. */
export const CARD_VERSIONS = Object.freeze(['1.4', '1.5']);
/** Properties a host reads that the schema does not: Teams' own `msteams`, and the `$schema` hint. */
const HOST_PROPERTIES = new Set(['msteams', '$schema', 'version']);

/**
 * Every problem of a card, in words; empty when a host would show it as meant.
 * @param {unknown} card
 * @returns {string[]}
 */
export function adaptiveCardProblems(card) {
  if (card === null || typeof card !== 'object' || Array.isArray(card)) return ['the card is not an object'];
  const input = /** @type {Record<string, unknown>} */ (card);
  const problems = [];
  if (input.type !== 'AdaptiveCard') problems.push(`type is ${JSON.stringify(input.type)}, not "AdaptiveCard"`);
  if (!CARD_VERSIONS.includes(String(input.version)))
    problems.push(`version ${JSON.stringify(input.version)} is not one of ${CARD_VERSIONS.join(', ')}`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(input, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parser: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validator: ${event.message}`);
  const back = parsed.toJSON(new AC.SerializationContext(AC.Versions.v1_5));
  problems.push(...unknownProperties(input, back, 'card', true));
  return problems;
}

/**
 * What the input holds that the parsed card does not: properties the schema has no place for.
 * @param {unknown} input
 * @param {unknown} output
 * @param {string} at
 * @param {boolean} [root]
 * @returns {string[]}
 */
function unknownProperties(input, output, at, root = false) {
  if (Array.isArray(input)) {
    const out = Array.isArray(output) ? output : [];
    if (out.length !== input.length) return [`${at} has ${input.length} items; the parser kept ${out.length}`];
    return input.flatMap((item, i) => unknownProperties(item, out[i], `${at}[${i}]`));
  }
  if (input === null || typeof input !== 'object') return [];
  const source = /** @type {Record<string, unknown>} */ (input);
  const kept = output !== null && typeof output === 'object' ? /** @type {Record<string, unknown>} */ (output) : {};
  return Object.keys(source).flatMap((key) => {
    if (root && HOST_PROPERTIES.has(key)) return [];
    if (!(key in kept)) return [`${at}.${key} is not a property the Adaptive Card schema knows here`];
    return unknownProperties(source[key], kept[key], `${at}.${key}`);
  });
}
