import type { Change } from '../report/attention.js';
import type { Report } from '../report/report.js';
import { shorten } from '../text/shorten.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import type { Group, VolumeProblem } from '../types.js';
import { lastPageViewLine, VOLUME_CHART, VOLUME_WHAT_TO_CHECK, volumeHeadline } from '../volume/text.js';
import { issueOf, type Badge } from './group-view.js';
import { ownUrl, plainText } from './text.js';

/**
 * A SILENT or DROP group in the channels that are not Slack (Teams, e-mail,
 * the webhook's summary), as the Slack digest shows it: the change badge,
 * the headline ("🔇 Tracking silent on Example Store since 10:42 UTC: 0 page
 * views in 48 min, 120 per 5 min before"), the last page view, what to
 * check, the issue, and the chart. It has no events, sessions, cause or
 * parameter sent: a silent site has none. The words are src/volume/text.ts's;
 * the site name is the only untrusted part, cleaned and cut here, made inert
 * by each renderer.
 */
export interface VolumeView {
  readonly kind: 'volume';
  readonly change: Change;
  readonly badge: string;
  readonly emoji: string;
  /** Names the site: untrusted. */
  readonly headline: string;
  /** "Last page view 10:41 UTC", "No page view seen". */
  readonly lastPageView: string;
  /** "What to check: Hits stop arriving when …". */
  readonly whatToCheck: string;
  /** The chart of page views in the run summary: the words of a link to the run, or a sentence without one. */
  readonly chart: { readonly text: string; readonly url?: string };
  readonly issue?: { readonly label: string; readonly url: string };
  /** Always 0 (a volume group has no events): counted with the others in "+N more". */
  readonly count: number;
  readonly fingerprint: string;
}

const HEADLINE_CHARS = 500;
const SITE_CHARS = 80;

/** The headline, plain: the site's name (untrusted) cut on its own, so the problem's words always show. */
export function volumeHeadlineText(group: Group, problem: VolumeProblem, report: Report): string {
  const site = shorten(siteLabel(siteOf(report.sites, group.siteId)), SITE_CHARS);
  return plainText(volumeHeadline(problem, site), HEADLINE_CHARS);
}

export function volumeView(group: Group, problem: VolumeProblem, report: Report, badge: Badge): VolumeView {
  const runUrl = ownUrl(report.run.url);
  return {
    kind: 'volume',
    ...badge,
    headline: volumeHeadlineText(group, problem, report),
    lastPageView: lastPageViewLine(problem),
    whatToCheck: `${VOLUME_WHAT_TO_CHECK.label}: ${VOLUME_WHAT_TO_CHECK.text}`,
    chart: runUrl ? { text: VOLUME_CHART.link, url: runUrl } : { text: VOLUME_CHART.noLink },
    ...issueOf(group),
    count: group.count,
    fingerprint: group.fingerprint,
  };
}

/**
 * The group as plain lines, for a text medium (the e-mail's text part, the webhook's description): the badge and
 * headline, then its facts. `untrusted` makes the headline inert for the medium; the rest is ours.
 */
export function volumeLines(view: VolumeView, untrusted: (text: string) => string = (t) => t): { head: string; facts: string[] } {
  return {
    head: `${view.emoji} ${view.badge}: ${untrusted(view.headline)}`,
    facts: [
      view.lastPageView,
      view.whatToCheck,
      view.chart.url ? `📈 Chart: ${view.chart.text} (${view.chart.url})` : `📈 ${view.chart.text}`,
      ...(view.issue ? [`${view.issue.label}: ${view.issue.url}`] : []),
    ],
  };
}
