import type { ContextBlock, DividerBlock, HeaderBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { shortTime } from '../text/time.js';
import { SLACK_LIMITS } from './limits.js';
import { cleanText, inert, truncate } from './mrkdwn.js';

/** The Block Kit pieces the Slack messages are made of, each within Slack's limits as it is made. */

/**
 * The only blocks a message is made of, as @slack/types defines them: a block
 * of another type, or one of these in a shape Slack does not take, fails `tsc`.
 * (The limits check reads exactly these.)
 */
export type MessageBlock = HeaderBlock | SectionBlock | DividerBlock | ContextBlock;

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(cleanText(text), SLACK_LIMITS.headerText) || 'Piwik PRO', emoji: true },
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function mrkdwn(text: string, verbatim: boolean): MrkdwnElement {
  return { type: 'mrkdwn', text: text.trim() === '' ? '…' : text, verbatim };
}

/**
 * A section from lines (empty ones dropped). The text is at most 3,000
 * characters: the last lines (the code sample) are dropped first, whole, and
 * only a single over-long line is cut.
 */
export function section(lines: readonly string[], opts: { verbatim: boolean }, fields?: MrkdwnElement[]): SectionBlock {
  const kept = lines.filter((l) => l !== '');
  let text = kept.join('\n');
  while (text.length > SLACK_LIMITS.sectionText && kept.length > 1) {
    kept.pop();
    text = `${kept.join('\n')}\n…`;
  }
  const block: SectionBlock = { type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText), opts.verbatim) };
  if (fields && fields.length > 0) {
    block.fields = fields.slice(0, SLACK_LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, SLACK_LIMITS.fieldText) }));
  }
  return block;
}

/** A time from the report (ISO-8601 UTC), short; bounded and escaped whatever it holds. */
export function timeText(iso: string): string {
  return inert(shortTime(iso), 40);
}
