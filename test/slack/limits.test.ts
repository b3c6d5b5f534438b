import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { blockText, clampMessage, SLACK_LIMITS, slackLimitViolations, type LimitedMessage } from '../../src/slack/limits.js';
import { validateSlackPayload } from '../../simulator/slack.mjs';

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const fields = (n: number, text = 'f'): SectionBlock => ({
  type: 'section',
  fields: Array.from({ length: n }, () => ({ type: 'mrkdwn' as const, text })),
});
const context = (n: number, text = 'c'): ContextBlock => ({
  type: 'context',
  elements: Array.from({ length: n }, () => ({ type: 'mrkdwn' as const, text })),
});
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });

/** A message that breaks every limit the check knows. */
function oversized(): LimitedMessage {
  return {
    text: 'x'.repeat(4_000),
    blocks: [
      header('h'.repeat(151)),
      section('s'.repeat(3_001)),
      fields(11),
      context(0),
      fields(1, 'f'.repeat(2_001)),
      context(11, 'c'.repeat(2_001)),
      ...Array.from({ length: 45 }, () => section('ok')),
    ],
  };
}

describe('blockText', () => {
  it('sums the text of headers, sections (text and fields) and context elements, and nothing of dividers', () => {
    const blocks: KnownBlock[] = [
      header('abc'),
      { type: 'section', text: { type: 'mrkdwn', text: 'de' }, fields: [{ type: 'mrkdwn', text: 'fgh' }] },
      { type: 'divider' },
      context(2, 'ij'),
    ];
    expect(blockText(blocks)).toBe(3 + 2 + 3 + 4);
  });
});

describe('slackLimitViolations', () => {
  it('finds nothing wrong in a message within every limit', () => {
    expect(slackLimitViolations({ text: 'ok', blocks: [header('h'), section('s'), { type: 'divider' }, context(1)] })).toEqual([]);
  });

  it('names what breaks a limit', () => {
    const problems = slackLimitViolations(oversized()).join('\n');
    expect(problems).toContain('text has 4000 characters (max 3999)');
    expect(problems).toContain('51 blocks (max 50)');
    expect(problems).toContain('blocks[0].text has 151 characters (max 150)');
    expect(problems).toContain('blocks[1].text has 3001 characters (max 3000)');
    expect(problems).toContain('blocks[2] has 11 fields (max 10)');
    expect(problems).toContain('blocks[3] has 0 elements (1 to 10)');
    expect(problems).toContain('blocks[4].fields[0] has 2001 characters (max 2000)');
    expect(problems).toContain('blocks[5] has 11 elements (1 to 10)');
    expect(problems).toContain('blocks[5].elements[0] has 2001 characters (max 2000)');
    expect(problems).toContain('blocks hold');
  });

  it('names empty text, empty sections and blocks the digest never uses', () => {
    const problems = slackLimitViolations({
      text: '  ',
      blocks: [header(''), { type: 'section' }, { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'x' }],
    });
    expect(problems).toEqual([
      'text is empty',
      'blocks[0].text is empty',
      'blocks[1] has neither text nor fields',
      'blocks[2] is a image block, which the digest never uses',
    ]);
  });

  it('counts the text of all blocks together against the cumulative limit', () => {
    const blocks = Array.from({ length: 4 }, () => section('s'.repeat(2_600)));
    expect(blockText(blocks)).toBeGreaterThan(SLACK_LIMITS.blockTextTotal);
    expect(slackLimitViolations({ text: 'ok', blocks })).toEqual([
      `blocks hold 10400 characters of text (max ${SLACK_LIMITS.blockTextTotal})`,
    ]);
  });
});

describe('clampMessage', () => {
  it('cuts every per-block limit, keeps the last block, and leaves only what the cumulative limit counts', () => {
    const message = oversized();
    const last = section('the footer');
    const clamped = clampMessage({ ...message, blocks: [...message.blocks, last] }, 'fallback');
    expect(clamped.text).toHaveLength(SLACK_LIMITS.text);
    expect(clamped.text.endsWith('…')).toBe(true);
    expect(clamped.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(clamped.blocks.at(-1)).toEqual(last);
    // Clamping cuts, it does not fill in: the empty context and the sum of text are the caller's to fix.
    expect(slackLimitViolations(clamped)).toEqual([
      expect.stringMatching(/^blocks hold \d+ characters/),
      'blocks[3] has 0 elements (1 to 10)',
    ]);
  });

  it('gives a message within the limits Slack accepts, and changes nothing in one already within them', () => {
    const fine: LimitedMessage = { text: 'ok', blocks: [header('h'), section('s'), fields(10), context(10), { type: 'divider' }] };
    expect(clampMessage(fine, 'fallback')).toEqual(fine);
    const cut = clampMessage(
      {
        text: 'x'.repeat(5_000),
        blocks: [header('h'.repeat(500)), fields(12), fields(1, 'f'.repeat(2_500)), context(12), context(1, 'c'.repeat(2_500))],
      },
      'fb',
    );
    expect(slackLimitViolations(cut)).toEqual([]);
    // The sink is an independent reading of the same limits.
    expect(validateSlackPayload(JSON.parse(JSON.stringify(cut)))).toBeUndefined();
  });

  it('stands the fallback in for an empty text, and keeps other fields of the message', () => {
    const clamped = clampMessage({ text: '', blocks: [section('s')], unfurl_links: false as const }, 'Piwik PRO');
    expect(clamped).toEqual({ text: 'Piwik PRO', blocks: [section('s')], unfurl_links: false });
  });
});
