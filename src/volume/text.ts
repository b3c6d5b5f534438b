import { plural } from '../text/plural.js';
import { shorten } from '../text/shorten.js';
import { siteLabel } from '../text/site-label.js';
import type { SiteResult } from '../types.js';
import type { SiteVolume, VolumeProblem } from './types.js';

/**
 * The volume check's words, plain text (each renderer escapes them for its
 * medium; a site name is the account's text, not ours): one wording per fact,
 * shared by Slack, the job summary, the issues, the CLI and the annotations.
 */
const VOLUME_EMOJI = { silent: '🔇', drop: '📉' } as const;
export const VOLUME_LABELS = { silent: 'Tracking silent', drop: 'Traffic drop' } as const;

/** What usually stops the hits, in the order it is seen: what to check on a SILENT or DROP site, in every channel and the issue. */
export const VOLUME_WHAT_TO_CHECK = {
  label: 'What to check',
  text: 'Hits stop arriving when a release drops the tracking code, a consent banner blocks every hit, a script error stops the page before the tracker loads, or a Tag Manager publish removes or breaks the Piwik PRO tag.',
} as const;

/** The pointer to the page-views chart in the job summary: the words of its link, and the line when there is no link. */
export const VOLUME_CHART = {
  link: 'page views per 5 min in the run summary',
  noLink: 'The job summary charts page views per 5 min.',
} as const;

/** "10:42 UTC" (the lookback is hours, never days). */
export function clockUtc(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** "2026-12-05 10:42" (UTC, to the minute). */
export function utcMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** The problem without its label or site: "since 10:42 UTC: 0 page views in 48 min, 120 per 5 min before". */
export function volumeDetail(problem: VolumeProblem): string {
  if (problem.kind === 'drop') {
    const share = problem.lastWeekSpan ? Math.round((problem.pageViews / problem.lastWeekSpan) * 100) : 0;
    return `${problem.pageViews} page ${plural(problem.pageViews, 'view')} in the last ${problem.spanMinutes} min, ${share} % of the ${problem.lastWeekSpan ?? 0} at the same time last week`;
  }
  const since = problem.duringWatch
    ? `since ${clockUtc(problem.quietSince)} (during the watch)`
    : problem.lastPageView
      ? `since ${clockUtc(problem.quietSince)}`
      : `since before ${clockUtc(problem.quietSince)}`;
  return `${since}: 0 page views in ${problem.quietMinutes} min, ${expectation(problem)}`;
}

/** The group's message: "Tracking silent since 10:42 UTC: …", "Traffic drop: 12 page views …". */
export function volumeMessage(problem: VolumeProblem): string {
  return `${VOLUME_LABELS[problem.kind]}${problem.kind === 'drop' ? ': ' : ' '}${volumeDetail(problem)}`;
}

/** What made zero meaningful: the rate before, or last week. */
function expectation(problem: VolumeProblem): string {
  if (problem.per5Before !== undefined && problem.per5Before > 0) return `${formatCount(problem.per5Before)} per 5 min before`;
  if (problem.lastWeekSpan !== undefined && problem.lastWeekSpan > 0) {
    return `${problem.lastWeekSpan} in the same ${problem.spanMinutes} min last week`;
  }
  return `${formatCount(problem.expected)} expected in ${problem.spanMinutes} min`;
}

/** "🔇 Tracking silent on Example Store since 10:42 UTC: 0 page views in 48 min, 120 per 5 min before". */
export function volumeHeadline(problem: VolumeProblem, site: string): string {
  const separator = problem.kind === 'drop' ? ': ' : ' ';
  return `${VOLUME_EMOJI[problem.kind]} ${VOLUME_LABELS[problem.kind]} on ${site}${separator}${volumeDetail(problem)}`;
}

/** The last page view, for a watch's failure and the issue: "last page view 10:41 UTC" or "no page view in the last 150 min". */
export function lastPageViewText(problem: Pick<VolumeProblem, 'lastPageView'>, lookbackMinutes?: number): string {
  if (problem.lastPageView) return `last page view ${clockUtc(problem.lastPageView)}`;
  return lookbackMinutes ? `no page view in the last ${lookbackMinutes} min` : 'no page view seen';
}

/**
 * What an all-clear says of the volume: the sites it could not check (never "fine"), those where no
 * traffic was expected, and how much arrived on the others; nothing for a run without the volume check.
 * Plain text: each channel makes the lines inert (site names and the reason are cut here, each on its own).
 */
export function volumeAllClearText(sites: readonly SiteResult[], maxSites = 5): string[] {
  const lines: string[] = [];
  const unchecked = sites.filter((s) => s.volume?.status === 'not-checked');
  if (unchecked.length > 0) {
    const reason = unchecked[0]?.volume?.reason ?? 'unknown';
    lines.push(
      `⚠️ Volume not checked for ${namesOf(unchecked, maxSites)} (${shorten(reason, 300)}): no broken events does not mean tracking works there.`,
    );
  }
  const quiet = sites.filter((s) => s.volume?.status === 'quiet');
  if (quiet.length > 0) lines.push(`💤 No traffic expected on ${namesOf(quiet, maxSites)}.`);
  const ok = sites.filter((s) => s.volume?.status === 'ok');
  if (ok.length > 0) {
    const views = ok.reduce((n, s) => n + (s.volume?.recent?.pageViews ?? 0), 0);
    lines.push(
      `📈 Tracking arrives on ${ok.length} ${plural(ok.length, 'site')}: ${views} page ${plural(views, 'view')} in the last ${ok[0]?.volume?.spanMinutes ?? 0} min.`,
    );
  }
  return lines;
}

/** "Example Store, Example Blog +3 more": each name cut on its own, so one long name cannot crowd out the rest. */
function namesOf(sites: readonly SiteResult[], maxSites: number): string {
  const names = sites.slice(0, maxSites).map((s) => shorten(siteLabel(s), 60));
  return `${names.join(', ')}${sites.length > maxSites ? ` +${sites.length - maxSites} more` : ''}`;
}

/** The last page view as a line of its own: "Last page view 10:41 UTC", "No page view seen". */
export function lastPageViewLine(problem: Pick<VolumeProblem, 'lastPageView'>): string {
  const text = lastPageViewText(problem);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One site's verdict in a few words, for the summary's sites table and the CLI: "✅ 1,240 page views, as expected". */
export function volumeStatusText(volume: SiteVolume): string {
  const recent = volume.recent?.pageViews ?? 0;
  switch (volume.status) {
    case 'ok':
      return `✅ ${formatCount(recent)} page ${plural(recent, 'view')} in the last ${volume.spanMinutes} min`;
    case 'silent':
      return `🔇 silent for ${volume.quietMinutes ?? volume.spanMinutes} min`;
    case 'drop':
      return `📉 ${formatCount(recent)} page ${plural(recent, 'view')} in the last ${volume.spanMinutes} min, ${volume.baseline?.lastWeekSpan ?? 0} last week`;
    case 'quiet':
      return (volume.baseline?.expected ?? 0) === 0
        ? '💤 no traffic expected'
        : `💤 quiet, too little traffic expected to judge (${formatCount(volume.baseline?.expected ?? 0)} in ${volume.spanMinutes} min)`;
    default:
      return `⚠️ volume not checked: ${volume.reason ?? 'unknown reason'}`;
  }
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}
