import { BROKEN_EVENT } from '../piwik/event-types.js';
import { codeSpan, inline } from '../render/markdown.js';
import type { Report } from './report.js';
import { markedLabel, publishMarks, type PublishMark } from '../tagmanager/chart.js';
import { lineChartSource } from './line-chart.js';
import { OTHER_COLOUR, PALETTE } from './palette.js';
import { volumeChartSection } from './volume-chart.js';

/**
 * A picture for the job summary: matched events over the window as a
 * Mermaid `xychart-beta` (GitHub renders ```mermaid blocks), one line per
 * group over the time buckets (the five largest, the rest as "other"). No text from the API enters the Mermaid source: series are
 * named G1…Gn after their row in the groups table, axis labels are times we
 * format, and the legend below the chart is ordinary escaped Markdown.
 */
export const CHART_LIMITS = { maxBuckets: 24, topGroups: 5 };

/** Bucket sizes that read well on an axis; past a day, whole days. */
const NICE_MINUTES = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];
const MINUTE_MS = 60_000;

interface ChartSeries {
  /** `G3` (row 3 of the groups table) or `other`. */
  readonly key: string;
  readonly swatch: string;
  readonly color: string;
  /** Events per bucket. */
  readonly counts: readonly number[];
  readonly total: number;
  /** Index into report.groups; absent for `other`. */
  readonly groupIndex?: number;
  /** For `other`: how many groups it holds. */
  readonly groupCount?: number;
}

export interface EventChart {
  readonly bucketMinutes: number;
  /** Bucket start times, ISO-8601. */
  readonly buckets: readonly string[];
  /** Largest group first; `other` last. */
  readonly series: readonly ChartSeries[];
}

/** The chart's data, or undefined when there is no event with a usable time. */
export function eventChart(report: Report): EventChart | undefined {
  // Per event a fingerprint (shared) and a number: the chart's input stays small whatever the burst.
  const events: TimedEvent[] = [];
  report.events.forEach((fingerprint, at) => {
    if (Number.isFinite(at)) events.push({ fingerprint, at });
  });
  if (events.length === 0) return undefined;
  // A loop, not Math.min(...times): a report can hold more events than a call takes arguments.
  let start = Date.parse(report.window.from) || Infinity;
  let last = Date.parse(report.window.to) || -Infinity;
  for (const e of events) {
    start = Math.min(start, e.at);
    last = Math.max(last, e.at);
  }
  // The range is half-open: an event at exactly its end joins the last bucket instead of opening one of its own.
  const end = Math.max(start, last - 1);
  const size = bucketMinutes(start, end) * MINUTE_MS;
  const first = Math.floor(start / size);
  const length = Math.floor(end / size) - first + 1;
  const buckets = Array.from({ length }, (_, i) => new Date((first + i) * size).toISOString());
  const bucketOf = (at: number) => Math.min(Math.floor(at / size) - first, length - 1);
  return { bucketMinutes: size / MINUTE_MS, buckets, series: seriesOf(report, events, buckets.length, bucketOf) };
}

function bucketMinutes(start: number, end: number): number {
  const count = (minutes: number) => Math.floor(end / (minutes * MINUTE_MS)) - Math.floor(start / (minutes * MINUTE_MS)) + 1;
  const nice = NICE_MINUTES.find((m) => count(m) <= CHART_LIMITS.maxBuckets);
  if (nice !== undefined) return nice;
  let days = 2;
  while (count(days * 1440) > CHART_LIMITS.maxBuckets) days += 1;
  return days * 1440;
}

interface TimedEvent {
  readonly fingerprint: string;
  readonly at: number;
}

/** The largest groups by events in the report, each its own series; everything else in `other`. */
function seriesOf(report: Report, events: readonly TimedEvent[], length: number, bucketOf: (at: number) => number): ChartSeries[] {
  const position = new Map(report.groups.map((g, i) => [g.fingerprint, i]));
  const top = largestGroups(events, position);
  const row = (keep: (fingerprint: string) => boolean) => countPerBucket(events, length, bucketOf, keep);
  const series: ChartSeries[] = top.map((fingerprint, i) => {
    const groupIndex = position.get(fingerprint) ?? 0;
    const counts = row((f) => f === fingerprint);
    return { key: `G${groupIndex + 1}`, ...colour(i), counts, total: sum(counts), groupIndex };
  });
  const isRest = (f: string) => !top.includes(f);
  const rest = row(isRest);
  const groupCount = new Set(events.map((e) => e.fingerprint).filter(isRest)).size;
  if (sum(rest) > 0) series.push({ key: 'other', ...OTHER_COLOUR, counts: rest, total: sum(rest), groupCount });
  return series;
}

/** Fingerprints of the groups with the most events, ties in the groups table's order. */
function largestGroups(events: readonly TimedEvent[], position: ReadonlyMap<string, number>): string[] {
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.fingerprint, (totals.get(e.fingerprint) ?? 0) + 1);
  return [...totals.entries()]
    .filter(([fingerprint]) => position.has(fingerprint))
    .sort(([a, n], [b, m]) => m - n || (position.get(a) ?? 0) - (position.get(b) ?? 0))
    .slice(0, CHART_LIMITS.topGroups)
    .map(([fingerprint]) => fingerprint);
}

function countPerBucket(
  events: readonly TimedEvent[],
  length: number,
  bucketOf: (at: number) => number,
  keep: (fingerprint: string) => boolean,
): number[] {
  const row = new Array<number>(length).fill(0);
  for (const e of events) {
    if (!keep(e.fingerprint)) continue;
    const bucket = bucketOf(e.at);
    row[bucket] = (row[bucket] ?? 0) + 1;
  }
  return row;
}

function colour(i: number): { swatch: string; color: string } {
  return PALETTE[i] ?? OTHER_COLOUR;
}

function sum(values: readonly number[]): number {
  return values.reduce((n, v) => n + v, 0);
}

/** The Mermaid source of the events chart: numbers, our times and G-keys only. */
export function mermaidSource(report: Report, chart: EventChart): string {
  const noun = report.eventTypes.length === 1 && report.eventTypes[0]?.id === BROKEN_EVENT ? 'Broken events' : 'Matching events';
  return lineChartSource({
    title: `${noun} per ${durationWords(chart.bucketMinutes)} (UTC)`,
    xLabels: axisLabels(chart, publishMarks(report.sites, chart.buckets, chart.bucketMinutes)),
    yTitle: 'Events',
    lines: chart.series.map((s) => ({ color: s.color, values: s.counts })),
  });
}

function durationWords(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/** HH:MM; with the date (MM-DD) when the buckets span more than a day; the date alone for day buckets. */
function axisLabels(chart: EventChart, marks: readonly PublishMark[]): string[] {
  const first = Date.parse(chart.buckets[0] ?? '');
  const last = Date.parse(chart.buckets.at(-1) ?? '');
  const multiDay = last - first >= 1440 * MINUTE_MS;
  return chart.buckets.map((iso, i) => {
    if (chart.bucketMinutes >= 1440) return markedLabel(iso.slice(5, 10), marks, i);
    return markedLabel(multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16), marks, i);
  });
}

/** The summary section: the chart, then a legend that ties each colour to a group. '' without events. */
export function chartSection(report: Report): string {
  const chart = eventChart(report);
  // Page views beside the events (src/volume/chart.ts): a silence shows where no event can.
  const volume = volumeChartSection(report);
  if (!chart) return volume;
  const events = ['### Events over time', '', '```mermaid', mermaidSource(report, chart), '```', '', legend(report, chart)].join('\n');
  return volume ? `${events}\n\n${volume}` : events;
}

function legend(report: Report, chart: EventChart): string {
  const rows = chart.series.map((s) => `| ${s.swatch} | ${s.key} | ${s.total} | ${seriesText(report, s)} |`);
  const marked = publishMarks(report.sites, chart.buckets, chart.bucketMinutes).length > 0;
  return [
    `Events per ${durationWords(chart.bucketMinutes)} of the window, one line per group. G numbers are rows of the table above.${marked ? ' ▲N on the time axis marks a Tag Manager publish of version N in that interval.' : ''}`,
    '',
    '| | Series | Events | Group |',
    '|---|---|---:|---|',
    ...rows,
  ].join('\n');
}

function seriesText(report: Report, series: ChartSeries): string {
  const group = series.groupIndex === undefined ? undefined : report.groups[series.groupIndex];
  if (!group) return `${series.groupCount ?? 0} more ${series.groupCount === 1 ? 'group' : 'groups'}`;
  return `${inline(group.message || '(no message)', 120)} (${codeSpan(group.fingerprint, 40, true)})`;
}
