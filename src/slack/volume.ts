import type { SectionBlock } from '@slack/types';
import type { Report } from '../report/report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { section } from './blocks.js';
import { escapeMrkdwn, inert, link } from './mrkdwn.js';
import { plural } from '../text/plural.js';
import type { Group, VolumeProblem } from '../types.js';
import { lastPageViewText, volumeHeadline } from '../volume/text.js';

/**
 * SILENT and DROP in the Slack digest, where they come first: the change
 * badge, the headline ("🔇 Tracking silent on Example Store since 10:42 UTC:
 * 0 page views in 48 min, 120 per 5 min before"), the last page view and the
 * issue, and a link to the chart of page views in the run summary. The site
 * name is the account's text: escaped with the rest.
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
  const facts = [escapeMrkdwn(capitalise(lastPageViewText(problem))), issue].filter((p) => p !== '').join(' · ');
  const chart = runUrl ? link(runUrl, 'page views per 5 min in the run summary') : undefined;
  return section(
    [
      `${badge} *${inert(volumeHeadline(problem, site), 400)}*`,
      facts,
      chart ? `📈 Chart: ${chart}` : '📈 The job summary charts page views per 5 min.',
    ],
    { verbatim: true },
  );
}

/** One line of the "still happening" list. */
export function volumeKnownLine(group: Group, problem: VolumeProblem, report: Report): string {
  return `• ${inert(volumeHeadline(problem, siteLabel(siteOf(report.sites, group.siteId))), 300)}`;
}

/**
 * What the all-clear says of the volume: the sites it could not check (never "fine") and those
 * where no traffic was expected; nothing when every checked site had its traffic.
 */
export function volumeAllClearLines(report: Report, maxSites = 5): string[] {
  const lines: string[] = [];
  const unchecked = report.sites.filter((s) => s.volume?.status === 'not-checked');
  if (unchecked.length > 0) {
    const names = unchecked.slice(0, maxSites).map((s) => inert(siteLabel(s), 60));
    const more = unchecked.length - names.length;
    const reason = unchecked[0]?.volume?.reason ?? 'unknown';
    lines.push(
      `⚠️ Volume not checked for ${names.join(', ')}${more > 0 ? ` +${more} more` : ''} (${inert(reason, 300)}): no broken events does not mean tracking works there.`,
    );
  }
  const quiet = report.sites.filter((s) => s.volume?.status === 'quiet');
  if (quiet.length > 0) {
    lines.push(
      `💤 No traffic expected on ${quiet
        .slice(0, maxSites)
        .map((s) => inert(siteLabel(s), 60))
        .join(', ')}${quiet.length > maxSites ? ` +${quiet.length - maxSites} more` : ''}.`,
    );
  }
  const ok = report.sites.filter((s) => s.volume?.status === 'ok');
  if (ok.length > 0) {
    const views = ok.reduce((n, s) => n + (s.volume?.recent?.pageViews ?? 0), 0);
    lines.push(
      `📈 Tracking arrives on ${ok.length} ${plural(ok.length, 'site')}: ${views} page ${plural(views, 'view')} in the last ${ok[0]?.volume?.spanMinutes ?? 0} min.`,
    );
  }
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
