import { codeSpan, inline } from '../render/markdown.js';
import type { Report } from './report.js';
import { siteOf } from '../text/site-label.js';
import { plural } from '../text/plural.js';
import type { Group, SiteVolume, VolumeProblem } from '../types.js';
import {
  lastPageViewText,
  utcMinute as shortTime,
  VOLUME_LABELS,
  VOLUME_WHAT_TO_CHECK,
  volumeDetail,
  volumeMessage,
  volumeStatusText,
} from '../volume/text.js';

/**
 * SILENT and DROP in GitHub Markdown, for the job summary's details and the
 * issues: what was measured and what it was compared with, the series as a
 * table, and what usually causes it. A site name is the account's text: made
 * inert like everything else that did not come from us.
 */

function volumeFacts(group: Group, problem: VolumeProblem, report: Report): string {
  const site = siteOf(report.sites, group.siteId);
  const volume = report.sites.find((s) => s.siteId === group.siteId)?.volume;
  const baseline = volume?.baseline;
  const rows: [string, string][] = [
    ['Site', `${site.name ? `${inline(site.name, 80)} ` : ''}${codeSpan(group.siteId, 80, true)}`],
    [
      'Problem',
      `${VOLUME_LABELS[problem.kind]} (${problem.kind === 'silent' ? 'no page view or event' : 'page views far below last week'})`,
    ],
    ['Span judged', `the last ${problem.spanMinutes} min (silence-minutes)`],
    ['Page views in the span', String(problem.pageViews)],
    [
      'Last page view',
      problem.lastPageView ? `${shortTime(problem.lastPageView)} UTC` : lastPageViewText(problem, volume?.lookbackMinutes),
    ],
    ['Expected in the span', `${problem.expected} page ${plural(problem.expected, 'view')}`],
    ...(baseline?.earlier
      ? [
          [
            problem.duringWatch ? 'Before the watch' : 'Earlier in the lookback',
            `${baseline.earlier.pageViews} page views in ${baseline.earlier.minutes} min`,
          ] as [string, string],
        ]
      : []),
    ...(problem.lastWeekSpan !== undefined ? [['Same span last week', `${problem.lastWeekSpan} page views`] as [string, string]] : []),
    ...(problem.kind === 'drop' && volume ? [['Threshold', `below ${volume.dropPercent} % of last week`] as [string, string]] : []),
    ['Fingerprint', codeSpan(group.fingerprint, 40, true)],
  ];
  return ['| Fact | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** Per five minutes: page views and events, and last week's page views beside them when they were read. */
function volumeSeriesTable(volume: SiteVolume | undefined, maxRows = 36): string {
  if (!volume || volume.series.length === 0) return '';
  const lastWeek = new Map((volume.baseline?.lastWeek ?? []).map((p) => [p.at, p.pageViews]));
  const withWeek = lastWeek.size > 0;
  const rows = volume.series.slice(-maxRows).map((p) => {
    const week = withWeek ? ` ${lastWeek.get(p.at) ?? 0} |` : '';
    return `| ${p.at.slice(11, 16)} | ${p.pageViews} | ${p.events} |${week}`;
  });
  return [
    '<details>',
    `<summary>Page views per 5 minutes (UTC), the last ${Math.min(maxRows, volume.series.length) * 5} min</summary>`,
    '',
    `| Time (UTC) | Page views | Events |${withWeek ? ' Last week |' : ''}`,
    `|---|---:|---:|${withWeek ? '---:|' : ''}`,
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

/** The summary's details of a SILENT or DROP group. */
export function volumeDetails(group: Group, problem: VolumeProblem, report: Report, title: string): string {
  const volume = report.sites.find((s) => s.siteId === group.siteId)?.volume;
  return [
    title,
    `${inline(volumeMessage(problem), 300)}.`,
    volumeFacts(group, problem, report),
    VOLUME_WHAT_TO_CHECK.text,
    volumeSeriesTable(volume),
  ]
    .filter((p) => p !== '')
    .join('\n\n');
}

/** The issue body's sections after its hidden lines. */
export function volumeIssueSections(group: Group, problem: VolumeProblem, report: Report): string[] {
  const volume = report.sites.find((s) => s.siteId === group.siteId)?.volume;
  const lead =
    problem.kind === 'silent'
      ? `Piwik PRO received **no page view and no event** on this site ${inline(volumeDetail(problem), 300)}, where at least ${problem.expected} page views were expected in ${problem.spanMinutes} min: hits are being lost, and a broken-event check cannot see hits that never arrive.`
      : `Page views on this site collapsed: ${inline(volumeDetail(problem), 300)}.`;
  return [
    lead,
    volumeFacts(group, problem, report),
    `### ${VOLUME_WHAT_TO_CHECK.label}\n\n${VOLUME_WHAT_TO_CHECK.text}`,
    volumeSeriesTable(volume, 72),
  ].filter((p) => p !== '');
}

export function volumeRegressionSections(group: Group, problem: VolumeProblem, closedAt: string | undefined): string[] {
  const closed = closedAt ? ` on ${shortTime(closedAt)} UTC` : '';
  return [
    `### 🔁 ${VOLUME_LABELS[problem.kind]} again`,
    `This issue was closed${closed}, and the tracking volume of the site is down again: ${inline(volumeMessage(problem), 300)}. Reopening it.`,
    `Fingerprint ${codeSpan(group.fingerprint, 40, true)}.`,
  ];
}

/** Closing words once traffic is back: what this run measured. */
export function volumeResolvedSections(siteId: string, report: Report): string[] {
  const volume = report.sites.find((s) => s.siteId === siteId)?.volume;
  return [
    '### ✅ Resolved: tracking is back',
    `The volume check of site ${codeSpan(siteId)} at ${volume ? shortTime(volume.at) : shortTime(report.generatedAt)} UTC found: ${volume ? inline(volumeStatusText(volume), 200) : 'traffic as expected'}.`,
    'Closing this issue. If the tracking stops or collapses again, the action reopens it.',
  ];
}

/** The "Likely cause" cell of a SILENT or DROP row. */
export const VOLUME_CAUSE_CELL = 'hits stop arriving: tag, consent or a publish (see details)';

/** The sites table's volume cell (with its leading space), or '' when the table has no volume column. */
export function volumeCell(site: { readonly volume?: SiteVolume }, column: boolean): string {
  if (!column) return '';
  return ` ${site.volume ? inline(volumeStatusText(site.volume), 300) : 'not checked (volume-check)'} |`;
}
