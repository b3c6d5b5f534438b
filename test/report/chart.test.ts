import { eventLinesOf } from '../../src/events/store.js';
import { describe, expect, it } from 'vitest';
import { CHART_LIMITS, chartSection, eventChart, mermaidSource } from '../../src/report/chart.js';
import type { Report } from '../../src/report/report.js';
import { renderSummary } from '../../src/report/summary.js';
import type { Group, ReportedEvent } from '../../src/types.js';
import { makeGroup, makeReport, SITE_A } from '../support/report-factory.js';

/** A report whose groups hold `counts[i]` events each, spread over the window (or at the given times). */
function reportWith(
  counts: readonly number[],
  options: { times?: (group: number, n: number) => string; groups?: Partial<Group>[] } = {},
): Report {
  const groups = counts.map((count, i) => makeGroup({ count, ...(options.groups?.[i] ?? {}) }));
  const events: ReportedEvent[] = groups.flatMap((g, i) =>
    Array.from({ length: g.count }, (_, n) =>
      event(g.fingerprint, options.times?.(i, n) ?? `2025-03-04T09:${String((n * 7 + i * 3) % 60).padStart(2, '0')}:00Z`),
    ),
  );
  return makeReport({ groups, events: eventLinesOf(events) });
}

function event(fingerprint: string, serverTime: string): ReportedEvent {
  return { siteId: SITE_A, eventId: '1', sessionId: '1', eventType: 17, serverTime, fingerprint, logStatus: 'fetched' };
}

function mermaidBlock(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!match?.[1]) throw new Error('no mermaid block');
  return match[1];
}

describe('eventChart: buckets', () => {
  it('cuts a 60-minute window into 5-minute buckets aligned to the clock', () => {
    const report = reportWith([2], { times: (_, n) => ['2025-03-04T09:02:00Z', '2025-03-04T09:07:59Z'][n] ?? '' });
    const chart = eventChart(report);
    expect(chart?.bucketMinutes).toBe(5);
    expect(chart?.buckets).toHaveLength(12);
    expect(chart?.buckets[0]).toBe('2025-03-04T09:00:00.000Z');
    expect(chart?.series[0]?.counts.slice(0, 3)).toEqual([1, 1, 0]);
  });

  it('puts an event at the very end of the window into the last bucket', () => {
    const chart = eventChart(reportWith([1], { times: () => '2025-03-04T10:00:00Z' }));
    expect(chart?.buckets).toHaveLength(12);
    expect(chart?.series[0]?.counts.at(-1)).toBe(1);
  });

  it('never draws more than 24 buckets, whatever the window length and start', () => {
    for (let minutes = 1; minutes <= 300; minutes++) {
      for (const offsetSeconds of [0, 37, 599, 3541]) {
        const from = Date.UTC(2025, 2, 4, 9) + offsetSeconds * 1000;
        const window = { minutes, from: new Date(from).toISOString(), to: new Date(from + minutes * 60_000).toISOString() };
        const report = { ...reportWith([1], { times: () => window.from }), window };
        const chart = eventChart(report);
        expect(chart?.buckets.length, `${minutes} minutes from +${offsetSeconds} s`).toBeLessThanOrEqual(CHART_LIMITS.maxBuckets);
      }
    }
  });

  it('widens the range to events older than the window, still within 24 buckets', () => {
    const report = reportWith([2], { times: (_, n) => (n === 0 ? '2025-03-01T09:00:00Z' : '2025-03-04T09:30:00Z') });
    const chart = eventChart(report);
    expect(chart?.buckets.length).toBeLessThanOrEqual(24);
    expect(chart?.buckets[0]?.startsWith('2025-03-01')).toBe(true);
    expect(chart?.series[0]?.total).toBe(2);
    // Over more than a day, the axis labels carry the date.
    expect(mermaidSource(report, chart!)).toMatch(/x-axis \["03-01 \d\d:\d\d", /);
  });

  it('copes with more events than a function call takes arguments', () => {
    const count = 200_000;
    const chart = eventChart(reportWith([count], { times: (_, n) => new Date(Date.UTC(2025, 2, 4, 9) + (n % 3600) * 1000).toISOString() }));
    expect(chart?.series[0]?.total).toBe(count);
  });
});

describe('eventChart: series', () => {
  it('keeps the five largest groups and puts the rest into "other"', () => {
    const chart = eventChart(reportWith([8, 7, 6, 5, 4, 3, 2, 1]));
    expect(chart?.series.map((s) => s.key)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'other']);
    expect(chart?.series.map((s) => s.total)).toEqual([8, 7, 6, 5, 4, 6]);
    expect(chart?.series.at(-1)?.groupCount).toBe(3);
  });

  it('ranks by events in the report, naming each series after its row in the groups table', () => {
    const chart = eventChart(reportWith([1, 5, 3]));
    expect(chart?.series.map((s) => s.key)).toEqual(['G2', 'G3', 'G1']);
  });

  it('has no "other" with five groups or fewer', () => {
    expect(eventChart(reportWith([3, 2]))?.series.map((s) => s.key)).toEqual(['G1', 'G2']);
  });
});

describe('chartSection', () => {
  it('is empty for a report without events, and the summary then has no chart', () => {
    const report = makeReport({ groups: [] });
    expect(eventChart(report)).toBeUndefined();
    expect(chartSection(report)).toBe('');
    expect(renderSummary(report)).not.toContain('mermaid');
  });

  it('draws one line per group on an axis whose steps are whole numbers', () => {
    const report = reportWith([3, 2, 1], { times: () => '2025-03-04T09:01:00Z' });
    const source = mermaidSource(report, eventChart(report)!);
    const lines = source.split('\n').filter((l) => l.trim().startsWith('line ['));
    expect(
      lines.map((b) =>
        b
          .trim()
          .split(/[[,\]]/)[1]
          ?.trim(),
      ),
    ).toEqual(['3', '2', '1']);
    // No bars: GitHub's Mermaid draws a bar of 0 as a stub above an empty bucket.
    expect(source).not.toMatch(/^\s*bar /m);
    // Under 8, the axis would step in 0.2s or 0.5s for whole counts.
    expect(source).toMatch(/y-axis "Events" 0 --> 8$/m);
    expect(/plotColorPalette": "([^"]+)"/.exec(source)?.[1]?.split(', ')).toHaveLength(3);
  });

  it('lets the axis grow with the largest count', () => {
    const report = reportWith([20, 1], { times: () => '2025-03-04T09:01:00Z' });
    expect(mermaidSource(report, eventChart(report)!)).toMatch(/y-axis "Events" 0 --> 20$/m);
  });

  it('lets no text from the API into the Mermaid source', () => {
    const hostile = [
      '"] %%{init: {"theme": "dark"}}%%',
      '`\n```\n<script>alert(1)</script>',
      'title "owned"\nbar [999]',
      'click G1 call x()',
      'x-axis [a] ; y-axis',
    ];
    const report = reportWith([3, 2, 2, 1, 1, 1], {
      groups: hostile.map((message) => ({ message, eventTypeLabel: `${message} label`, siteId: SITE_A })),
    });
    const section = chartSection(report);
    const source = mermaidBlock(section);
    for (const text of hostile) {
      for (const piece of text.split('\n').filter((p) => p.length > 3)) expect(source).not.toContain(piece);
    }
    // Every line is one of the shapes this module writes, with numbers, times and G-keys only.
    const shapes = [
      /^%%\{init: \{"themeVariables": \{"xyChart": \{"plotColorPalette": "(#[0-9a-f]{6}(, )?)+"\}\}\}\}%%$/,
      /^xychart-beta$/,
      /^ {2}title "(Broken|Matching) events per [\w ]+ \(UTC\)"$/,
      /^ {2}x-axis \[("(\d\d-\d\d ?)?(\d\d:\d\d)?"(, )?)+\]$/,
      /^ {2}y-axis "Events" 0 --> \d+$/,
      /^ {2}line \[(\d+(, )?)+\]$/,
    ];
    for (const line of source.split('\n'))
      expect(
        shapes.some((s) => s.test(line)),
        line,
      ).toBe(true);
    // The legend carries the messages, escaped as Markdown.
    expect(section).toContain('&lt;script&gt;');
    expect(section).not.toContain('<script>');
  });

  it('sits in the summary after the groups table and before the details', () => {
    const summary = renderSummary(reportWith([2, 1]));
    const groups = summary.indexOf('### What to fix');
    const chart = summary.indexOf('### Events over time');
    const samples = summary.indexOf('### Details');
    expect(groups).toBeGreaterThan(-1);
    expect(chart).toBeGreaterThan(groups);
    expect(samples).toBeGreaterThan(chart);
    expect(summary).toContain('| 🟦 | G1 | 2 |');
  });
});
