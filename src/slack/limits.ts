import type { KnownBlock, SectionBlock } from '@slack/types';
import { truncate } from './mrkdwn.js';

/**
 * Slack's limits on a message, and the digest's own budgets within them. The
 * digest keeps within Slack's by construction (every piece has a budget); the
 * check and the clamp here are the second line on the finished message: what
 * still breaks a limit is named, and cut.
 */

/**
 * Slack's limits. `text`: the API advises at most 4,000 characters.
 * `blockTextTotal`: Slack also refuses (`msg_blocks_too_long`) messages whose
 * blocks hold too much text altogether: undocumented, seen at about 12,000
 * characters, so we stay well below.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  fields: 10,
  fieldText: 2_000,
  contextElements: 10,
  contextText: 2_000,
  text: 3_999,
  blockTextTotal: 10_000,
} as const;

/** What the digest shows, within Slack's limits. Lengths are in characters, after escaping. */
export const DIGEST_LIMITS = {
  /** Alerting groups with a block of their own; the rest are counted in "+N more alerting groups". */
  groups: 5,
  /**
   * All block text together: groups are added while they fit. Well under
   * Slack's limit on purpose: the message should fit a phone screen or two.
   */
  textBudget: 5_500,
  mention: 500,
  message: 160,
  diagnosis: 220,
  /** Offending parameters shown per group, and the length of each value. */
  offendingLines: 2,
  offendingValue: 120,
  /** Lines of the "still happening" list, and the message length in each. */
  knownLines: 5,
  knownMessage: 90,
  /** The page of an alerting group, as a path. */
  pagePath: 100,
  sites: 5,
  notices: 3,
  notice: 300,
  issueUrl: 300,
  fallbackText: 3_000,
} as const;

/** What the limits are about: the notification text and the blocks. */
export interface LimitedMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

/** Every text string in the blocks, summed: what Slack's cumulative limit counts. */
export function blockText(blocks: readonly KnownBlock[]): number {
  let total = 0;
  for (const block of blocks) for (const text of textsOf(block)) total += text.length;
  return total;
}

function textsOf(block: KnownBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.map((e) => ('text' in e && typeof e.text === 'string' ? e.text : ''));
    default:
      return [];
  }
}

/** What in a message breaks one of Slack's limits; empty when it is fine to send. */
export function slackLimitViolations(message: LimitedMessage): string[] {
  const problems: string[] = [];
  const { blocks } = message;
  if (typeof message.text !== 'string' || message.text.trim() === '') problems.push('text is empty');
  else if (message.text.length > SLACK_LIMITS.text) problems.push(`text has ${message.text.length} characters (max ${SLACK_LIMITS.text})`);
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`${blocks.length} blocks (max ${SLACK_LIMITS.blocks})`);
  const total = blockText(blocks);
  if (total > SLACK_LIMITS.blockTextTotal) problems.push(`blocks hold ${total} characters of text (max ${SLACK_LIMITS.blockTextTotal})`);
  blocks.forEach((block, i) => {
    problems.push(...blockViolations(block, `blocks[${i}]`));
  });
  return problems;
}

function blockViolations(block: KnownBlock, at: string): string[] {
  const problems: string[] = [];
  const check = (text: string | undefined, max: number, where: string): void => {
    if (typeof text !== 'string' || text.length === 0) problems.push(`${where} is empty`);
    else if (text.length > max) problems.push(`${where} has ${text.length} characters (max ${max})`);
  };
  if (block.type === 'header') check(block.text.text, SLACK_LIMITS.headerText, `${at}.text`);
  else if (block.type === 'section') {
    if (!block.text && !block.fields?.length) problems.push(`${at} has neither text nor fields`);
    if (block.text) check(block.text.text, SLACK_LIMITS.sectionText, `${at}.text`);
    if (block.fields && block.fields.length > SLACK_LIMITS.fields)
      problems.push(`${at} has ${block.fields.length} fields (max ${SLACK_LIMITS.fields})`);
    block.fields?.forEach((f, j) => {
      check(f.text, SLACK_LIMITS.fieldText, `${at}.fields[${j}]`);
    });
  } else if (block.type === 'context') {
    if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) {
      problems.push(`${at} has ${block.elements.length} elements (1 to ${SLACK_LIMITS.contextElements})`);
    }
    block.elements.forEach((e, j) => {
      check('text' in e && typeof e.text === 'string' ? e.text : undefined, SLACK_LIMITS.contextText, `${at}.elements[${j}]`);
    });
  } else if (block.type !== 'divider') problems.push(`${at} is a ${block.type} block, which the digest never uses`);
  return problems;
}

/**
 * The message with whatever is over a limit cut: the text, each block's text,
 * fields and context elements, and the number of blocks (the last block, the
 * footer, is kept). `fallbackText` stands in for a text that is empty.
 */
export function clampMessage<M extends LimitedMessage>(message: M, fallbackText: string): M {
  return { ...message, text: truncate(message.text, SLACK_LIMITS.text) || fallbackText, blocks: clampBlocks(message.blocks) };
}

function clampBlocks(blocks: readonly KnownBlock[]): KnownBlock[] {
  const kept = blocks.length > SLACK_LIMITS.blocks ? [...blocks.slice(0, SLACK_LIMITS.blocks - 1), blocks[blocks.length - 1]] : [...blocks];
  return kept.map((block): KnownBlock => {
    if (block.type === 'header') return { ...block, text: { ...block.text, text: truncate(block.text.text, SLACK_LIMITS.headerText) } };
    if (block.type === 'section') {
      const out: SectionBlock = { ...block };
      if (block.text) out.text = { ...block.text, text: truncate(block.text.text, SLACK_LIMITS.sectionText) };
      if (block.fields)
        out.fields = block.fields.slice(0, SLACK_LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, SLACK_LIMITS.fieldText) }));
      return out;
    }
    if (block.type === 'context') {
      return {
        ...block,
        elements: block.elements
          .slice(0, SLACK_LIMITS.contextElements)
          .map((e) => ('text' in e && typeof e.text === 'string' ? { ...e, text: truncate(e.text, SLACK_LIMITS.contextText) } : e)),
      };
    }
    return block;
  });
}
