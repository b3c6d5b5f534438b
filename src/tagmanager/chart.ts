import type { SiteResult } from '../types.js';

/**
 * Publishes on the job summary's chart: Mermaid's xychart has no markers, so
 * the time axis label of the bucket a publish fell in carries `▲42` (our own
 * characters only), and a line under the chart says what the marks are.
 */
export interface PublishMark {
  readonly bucket: number;
  readonly version: string;
  readonly publishedAt: string;
  readonly site: SiteResult;
}

export function publishMarks(sites: readonly SiteResult[], buckets: readonly string[], bucketMinutes: number): PublishMark[] {
  const first = Date.parse(buckets[0] ?? '');
  const size = bucketMinutes * 60_000;
  return sites.flatMap((site) =>
    (site.tagManager?.publishes ?? []).flatMap((p) => {
      const bucket = Math.floor((Date.parse(p.publishedAt) - first) / size);
      return bucket >= 0 && bucket < buckets.length ? [{ bucket, version: p.version, publishedAt: p.publishedAt, site }] : [];
    }),
  );
}

/** The axis label with its bucket's marks: `10:00 ▲42`. Version numbers are digits and dots. */
export function markedLabel(label: string, marks: readonly PublishMark[], bucket: number): string {
  const here = marks.filter((m) => m.bucket === bucket).map((m) => `▲${m.version.replace(/[^0-9.]/g, '')}`);
  return here.length > 0 ? `${label} ${[...new Set(here)].join(' ')}` : label;
}
