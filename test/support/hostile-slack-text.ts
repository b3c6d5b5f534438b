import fc from 'fast-check';

/** What Slack reads as a mention, a link or an entity, code fences, and characters that must never reach it raw. */
const SLACK_PIECES = [
  '<!channel>',
  '<!here>',
  '<@U1>',
  '<#C1>',
  '<http://x|y>',
  '<https://evil.example|z>',
  '<!subteam^S1>',
  '`',
  '```',
  '&',
  '&amp;',
  '&lt;',
  '\ud83d\ude00',
  '\n',
  '@here',
  'https://evil.example',
  '\u202e',
];

/**
 * Text an attacker can put in an event (its message, URL, parameters): Slack's control sequences, entities and
 * backticks mixed with arbitrary unicode, for the property tests of the Slack renderers.
 */
export function hostileSlackText({ pieces, pieceLength }: { pieces: number; pieceLength: number }): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: pieceLength }), fc.constantFrom(...SLACK_PIECES)), { maxLength: pieces })
    .map((parts) => parts.join(''));
}
