import { codeSpan, inline } from '../render/markdown.js';
import { lineChartSource } from './line-chart.js';
import { OTHER_COLOUR, PALETTE } from './palette.js';
import type { Report } from './report.js';
import { siteLabel } from '../text/site-label.js';
import type { SiteResult, VolumePoint } from '../types.js';

/**
 * Page views per five minutes beside the broken events, as a Mermaid
 * `xychart-beta` in the job summary, so a silence or a drop shows as a line
 * falling to zero: one line per checked site (the five with most page views),
 * and with a single site, last week's line beside it. No text from the API
 * enters the Mermaid source: lines are keyed S1…Sn, and the legend below is
 * escaped Markdown.
 */
const TOP_SITES = 5;

interface Line {
  readonly key: string;
  readonly swatch: string;
  readonly color: string;
  readonly values: readonly number[];
  readonly label: string;
}

/** The section, or '' when no site's volume was read. */
export function volumeChartSection(report: Report): string {
  const sites = report.sites
    .filter((s) => (s.volume?.series.length ?? 0) > 0)
    .sort((a, b) => total(b.volume?.series) - total(a.volume?.series))
    .slice(0, TOP_SITES);
  const first = sites[0]?.volume;
  if (!first) return '';
  const buckets = first.series.map((p) => p.at);
  const lines: Line[] = sites.map((site, i) => ({
    key: `S${i + 1}`,
    ...(PALETTE[i] ?? OTHER_COLOUR),
    values: aligned(buckets, site.volume?.series ?? []),
    label: siteText(site),
  }));
  const lastWeek = sites.length === 1 ? first.baseline?.lastWeek : undefined;
  if (lastWeek && lastWeek.length > 0) {
    lines.push({
      key: 'S1 last week',
      ...OTHER_COLOUR,
      values: aligned(buckets, lastWeek),
      label: 'the same site, the same time one week earlier',
    });
  }
  const source = lineChartSource({
    title: 'Page views per 5 minutes (UTC)',
    xLabels: buckets.map((at) => at.slice(11, 16)),
    yTitle: 'Page views',
    lines: lines.map((l) => ({ color: l.color, values: l.values })),
  });
  return [
    '### Page views per 5 minutes',
    '',
    '```mermaid',
    source,
    '```',
    '',
    'Tracking that arrives, beside the broken events: a line that falls to zero is a site whose hits stopped arriving.',
    '',
    '| | Line | Page views | Site |',
    '|---|---|---:|---|',
    ...lines.map((l) => `| ${l.swatch} | ${l.key} | ${l.values.reduce((n, v) => n + v, 0)} | ${l.label} |`),
  ].join('\n');
}

function aligned(buckets: readonly string[], points: readonly VolumePoint[]): number[] {
  const byTime = new Map(points.map((p) => [p.at, p.pageViews]));
  return buckets.map((at) => byTime.get(at) ?? 0);
}

function total(points: readonly VolumePoint[] | undefined): number {
  return (points ?? []).reduce((n, p) => n + p.pageViews, 0);
}

function siteText(site: SiteResult): string {
  return site.name ? `${inline(siteLabel(site), 80)} (${codeSpan(site.siteId, 40, true)})` : codeSpan(site.siteId, 40, true);
}
