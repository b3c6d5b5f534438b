import type { SectionBlock } from '@slack/types';
import type { Report } from '../report/report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { section } from './blocks.js';
import { escapeMrkdwn, inert, link } from './mrkdwn.js';
import type { Group, VolumeProblem } from '../types.js';
import { lastPageViewLine, VOLUME_CHART, VOLUME_WHAT_TO_CHECK, volumeAllClearText, volumeHeadline } from '../volume/text.js';

/**
 * SILENT and DROP in the Slack digest, where they come first: the change
 * badge, the headline ("🔇 Tracking silent on Example Store since 10:42 UTC:
 * 0 page views in 48 min, 120 per 5 min before"), the last page view and the
 * issue, what to check, and a link to the chart of page views in the run
 * summary. The site name is the account's text: escaped with the rest.
 */
export function volumeSection(
  group: Group,
  problem: VolumeProblem,
  report: Report,
  badge: string,
  issue: string,
  runUrl?: string,
): SectionBlock {
  const site = siteLabel(siteOf(report.sites, group.siteId));
  const facts = [escapeMrkdwn(lastPageViewLine(problem)), issue].filter((p) => p !== '').join(' · ');
  const chart = runUrl ? link(runUrl, VOLUME_CHART.link) : undefined;
  return section(
    [
      `${badge} *${inert(volumeHeadline(problem, site), 400)}*`,
      facts,
      `🔧 ${VOLUME_WHAT_TO_CHECK.label}: ${escapeMrkdwn(VOLUME_WHAT_TO_CHECK.text)}`,
      chart ? `📈 Chart: ${chart}` : `📈 ${VOLUME_CHART.noLink}`,
    ],
    { verbatim: true },
  );
}

/** One line of the "still happening" list. */
export function volumeKnownLine(group: Group, problem: VolumeProblem, report: Report): string {
  return `• ${inert(volumeHeadline(problem, siteLabel(siteOf(report.sites, group.siteId))), 300)}`;
}

/** The volume check's lines of the all-clear (src/volume/text.ts words them), inert. */
export function volumeAllClearLines(report: Report, maxSites = 5): string[] {
  return volumeAllClearText(report.sites, maxSites).map((line) => inert(line, 1_000));
}
