import { inert, inertKeepingCode } from './mrkdwn.js';
import type { Group, SiteResult } from '../types.js';
import { afterPublishLines, beganText, suspectLines } from '../tagmanager/wording.js';

/**
 * The Tag Manager lines of the Slack messages, made inert like every text
 * from the API (names are account data, but still only text): the blame and
 * the resource first, before the diagnosis's own cause.
 */
/** Room for the blame's sentence: the version, its time and five changes named. */
const PUBLISH_LINE_CHARS = 420;

export function publishSlackLines(group: Group, maxChars = PUBLISH_LINE_CHARS): string[] {
  if (!group.publish) return [];
  const suspect = suspectLines(group.publish).at(0);
  return [
    `🏷️ ${inertKeepingCode(beganText(group.publish), maxChars)}`,
    ...(suspect ? [`🎯 ${inertKeepingCode(`${capitalise(suspect)}.`, maxChars)}`] : []),
  ];
}

/** The "after the publish" confirmations, one line per site that has one. */
export function afterPublishSlack(sites: readonly SiteResult[], eventNoun: (n: number) => string, maxChars: number): string[] {
  return afterPublishLines(sites, eventNoun).map((line) => inert(line, maxChars));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
