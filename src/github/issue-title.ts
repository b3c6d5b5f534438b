import { escapeUnsafe } from '../safety/controls.js';
import { neutralizeReferences } from '../render/markdown.js';
import type { Report } from '../report/report.js';
import { shorten } from '../text/shorten.js';
import { siteLabel, siteOf, type SiteRef } from '../text/site-label.js';
import type { Group } from '../types.js';
import { ISSUE_LIMITS } from './issue-content.js';

/** A group's title as the issue sync gives it: the site named when the report holds more than one. */
export function reportTitle(report: Report, group: Group): string {
  return issueTitle(group, { multipleSites: report.sites.length > 1, site: siteOf(report.sites, group.siteId) });
}

/** `[Piwik PRO] Broken event: <message>` (plus ` · <site>` when several sites are scanned), at most 256 characters. */
export function issueTitle(group: Group, options: { readonly multipleSites: boolean; readonly site?: SiteRef }): string {
  const label = shorten(titleText(group.eventTypeLabel || `Event type ${group.eventType}`), 40);
  const head = `[Piwik PRO] ${label}: `;
  // The site by name or short id, and the message as grouped (numbers as <n>), not one instance of it.
  // A silence is about a site: always named.
  const site = options.multipleSites || group.volume ? ` · ${titleText(siteLabel(options.site ?? { siteId: group.siteId }))}` : '';
  const message = titleText(group.normalizedMessage || group.message || '(no message)') || '(no message)';
  // shorten() appends one character (…) past its limit.
  const budget = Math.max(8, ISSUE_LIMITS.titleChars - head.length - site.length - 1);
  const title = `${head}${shorten(message, budget)}${site}`;
  return title.length <= ISSUE_LIMITS.titleChars ? title : shorten(title, ISSUE_LIMITS.titleChars - 1);
}

/**
 * Titles are plain text, but GitHub still links references in them: one line,
 * control, bidi and zero-width characters as visible escapes, references broken.
 */
function titleText(text: string): string {
  return neutralizeReferences(escapeUnsafe(text.replace(/\s+/g, ' ').trim()));
}
