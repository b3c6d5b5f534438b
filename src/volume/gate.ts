import type { Group, SiteResult } from '../types.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { lastPageViewText, volumeHeadline } from './text.js';

/**
 * What fail-on-events says of SILENT and DROP: a problem that alerts in this
 * run (it started, or came back) fails the step like new events, naming the
 * site and the last page view; one a post-deploy watch found fails it even
 * when it was already known, since the gate is about this deploy.
 */
export function volumeGateText(
  report: { readonly groups: readonly Group[]; readonly sites: readonly SiteResult[] },
  failOnEvents: string,
): string | undefined {
  const lines = report.groups.flatMap((g) => {
    const problem = g.volume;
    if (!problem || g.silenced || !(g.alert || problem.duringWatch)) return [];
    const site = siteLabel(siteOf(report.sites, g.siteId), { exact: true });
    return [`${volumeHeadline(problem, site)} (${lastPageViewText(problem)}).`];
  });
  if (lines.length === 0) return undefined;
  return `${lines.join('\n')}\nTracking stopped or collapsed, and ${failOnEvents} is true.`;
}
