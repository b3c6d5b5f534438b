import { inline, inlineKeepingCode } from './markdown.js';
import { siteLabel } from '../text/site-label.js';
import type { Group, SiteResult } from '../types.js';
import { afterPublishText, beganText, publishText, suspectLines } from '../tagmanager/wording.js';

/**
 * The Tag Manager parts of the Markdown renderings (job summary, issues). Our
 * sentences quote names typed in Tag Manager: inlineKeepingCode makes them
 * inert like any text from the API, and keeps only our own code spans.
 */

/** The table cell of a blamed group: its most likely cause, '' when the blame names no resource. */
export function publishCauseCell(group: Group, maxChars = 160): string {
  const first = suspectLines(group.publish).at(0);
  return first ? inlineKeepingCode(`${capitalise(first)}.`, maxChars, true) : '';
}

/** "**Tag Manager:** Began 4 min after …" then "**Most likely cause:** tag … sends `dimension12`."; '' when not blamed. */
export function publishParagraphs(group: Group): string {
  if (!group.publish) return '';
  const parts = [`**Tag Manager:** ${inlineKeepingCode(beganText(group.publish), 1200)}`];
  const suspects = suspectLines(group.publish);
  if (suspects.length > 0) parts.push(`**Most likely cause:** ${inlineKeepingCode(`${suspects.map(capitalise).join('. ')}.`, 1200)}`);
  return parts.join('\n\n');
}

/** The "after the publish" confirmations, one line per site that has one. */
export function afterPublishMarkdown(sites: readonly SiteResult[], eventNoun: (n: number) => string): string {
  return sites
    .flatMap((site) => {
      const after = site.tagManager?.afterPublish;
      if (!after) return [];
      return [`🏷️ ${inline(siteLabel(site), 80)}: ${inline(afterPublishText(after, eventNoun), 300)}.`];
    })
    .join('\n\n');
}

/** "### Tag Manager publishes": per site whose publishes were read, those in the window (or the version in force). */
export function publishesSection(sites: readonly SiteResult[], windowTo: string): string {
  const rows = sites.flatMap((site) => {
    const tm = site.tagManager;
    if (!tm) return [];
    const label = inline(siteLabel(site), 80);
    if (tm.error) return [`- ${label}: not known (${inline(tm.error, 200)})`];
    const lines = tm.publishes.map((p) => `- ${label}: ${inlineKeepingCode(publishText(p, windowTo), 600)}`);
    if (tm.inForceBefore)
      lines.push(
        `- ${label}: ${inline(`in force before the window: version ${tm.inForceBefore.version}, published ${tm.inForceBefore.publishedAt.replace('T', ' ').replace(/Z$/, ' UTC')}`, 200)}`,
      );
    return lines.length > 0 ? lines : [`- ${label}: no published version`];
  });
  return rows.length > 0 ? ['### Tag Manager publishes', '', ...rows].join('\n') : '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An issue's section: the Tag Manager publish the error began after, and the changed resource that sends its parameter. */
export function publishSection(group: Group): string {
  const text = publishParagraphs(group);
  return text ? `### Tag Manager publish\n\n${text}` : '';
}
