import { describe, expect, it } from 'vitest';
import { volumeChartSection } from '../../src/report/volume-chart.js';
import type { SiteVolume, VolumePoint } from '../../src/types.js';
import { makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

const points = (values: readonly number[], startMinute = 0): VolumePoint[] =>
  values.map((pageViews, i) => ({ at: `2025-03-04T09:${String(startMinute + i * 5).padStart(2, '0')}:00.000Z`, pageViews, events: 0 }));

function volume(series: VolumePoint[], lastWeek?: VolumePoint[]): SiteVolume {
  return {
    status: 'ok',
    spanMinutes: 30,
    dropPercent: 20,
    lookbackMinutes: 60,
    at: '2025-03-04T10:00:00.000Z',
    series,
    ...(lastWeek ? { baseline: { lastWeek, expected: 6 } } : {}),
  };
}

const mermaid = (section: string) => /```mermaid\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';

describe('the page-views chart', () => {
  it('draws one line per site on the first site’s buckets, largest first, with a whole-number axis top', () => {
    const report = makeReport({
      sites: [
        makeSite({ siteId: SITE_A, name: 'Small <b>shop</b>', volume: volume(points([1, 2, 0])) }),
        makeSite({ siteId: SITE_B, volume: volume(points([20, 30, 0])) }),
      ],
    });
    const source = mermaid(volumeChartSection(report)).split('\n');
    expect(source.slice(1)).toEqual([
      'xychart-beta',
      '  title "Page views per 5 minutes (UTC)"',
      '  x-axis ["09:00", "09:05", "09:10"]',
      '  y-axis "Page views" 0 --> 30',
      '  line [20, 30, 0]',
      '  line [1, 2, 0]',
    ]);
    // The site's name is account text: escaped in the legend, never in the Mermaid source.
    expect(volumeChartSection(report)).toContain('Small &lt;b&gt;shop&lt;/b&gt;');
  });

  it('adds last week beside a single site, aligned on this week’s buckets, and keeps small counts on an axis of 8', () => {
    const report = makeReport({ sites: [makeSite({ siteId: SITE_A, volume: volume(points([3, 0]), points([2, 4, 1])) })] });
    const source = mermaid(volumeChartSection(report));
    expect(source).toContain('  y-axis "Page views" 0 --> 8');
    expect(source).toContain('  line [3, 0]\n  line [2, 4]');
    expect(volumeChartSection(report)).toContain('| S1 last week | 6 | the same site, the same time one week earlier |');
  });

  it('is left out when no site’s volume was read', () => {
    expect(volumeChartSection(makeReport({ sites: [makeSite({ siteId: SITE_A })] }))).toBe('');
  });
});
