import type { SiteVolume, VolumeBaseline, VolumePoint, VolumeProblem, VolumeStatus } from './types.js';

/**
 * The verdict on one site's volume, pure: minutes of page views and events
 * (real-time API), last week's five-minute buckets (query API), the settings,
 * and the instant judged at.
 *
 * SILENT: nothing (no page view, no event) for at least `spanMinutes`, where
 * the baseline makes at least MIN_EXPECTED page views expected in that span,
 * so that zero is not chance. The baseline is the larger of the rate in the
 * part of the lookback before the quiet tail, and the same span last week.
 * DROP: page views in the last span below `dropPercent` % of the same span
 * last week, when last week had at least MIN_DROP_BASELINE (too few, and a
 * drop is noise). A watch judges silence only, against the 30 minutes before
 * it started (PRE_WATCH_MINUTES), counting quiet minutes from its start.
 */
export const MIN_EXPECTED = 10;
export const MIN_DROP_BASELINE = 50;
export const PRE_WATCH_MINUTES = 30;
/** A baseline from the lookback needs this many minutes before the span, or it is no rate. */
const MIN_EARLIER_MINUTES = 5;

const MINUTE = 60_000;
const FIVE = 5 * MINUTE;
export const WEEK_MS = 7 * 24 * 60 * MINUTE;

/** Counts of one bucket, its start in ms (UTC). */
export interface TimedCount {
  readonly at: number;
  readonly pageViews: number;
  readonly events: number;
}

export interface JudgeInput {
  readonly now: number;
  readonly spanMinutes: number;
  readonly dropPercent: number;
  readonly lookbackMinutes: number;
  /** Per minute, from the real-time API. */
  readonly minutes: readonly TimedCount[];
  /** Per five minutes, the week before (their real times); undefined when not asked or not read. */
  readonly lastWeek?: readonly TimedCount[];
  readonly lastWeekError?: string;
  /** A watch's start: the watch's rule instead of the scheduled one. */
  readonly watchSince?: number;
}

export interface Judgement {
  readonly volume: SiteVolume;
  readonly problem?: VolumeProblem;
}

export function judgeVolume(input: JudgeInput): Judgement {
  const { now, spanMinutes: span } = input;
  const start = now - input.lookbackMinutes * MINUTE;
  const minutes = input.minutes.filter((m) => m.at >= start - MINUTE && m.at <= now);
  const lastActive = latest(minutes.filter((m) => m.pageViews + m.events > 0));
  const lastPageView = latest(minutes.filter((m) => m.pageViews > 0));
  const quietSince = lastActive === undefined ? start : Math.min(now, lastActive + MINUTE);
  const spanStart = now - span * MINUTE;
  // The span is the last `span` minute buckets, the current one included.
  const recent = total(minutes.filter((m) => m.at > spanStart));
  const base = {
    spanMinutes: span,
    dropPercent: input.dropPercent,
    lookbackMinutes: input.lookbackMinutes,
    at: new Date(now).toISOString(),
    series: fiveMinuteSeries(minutes, start, now),
    recent,
    ...(lastPageView !== undefined ? { lastPageView: new Date(lastPageView).toISOString() } : {}),
    quietMinutes: Math.floor((now - quietSince) / MINUTE),
  };
  if (input.watchSince !== undefined) return judgeWatch(input, input.watchSince, minutes, quietSince, base);

  const quiet = now - quietSince >= span * MINUTE;
  const earlierEnd = quiet ? quietSince : spanStart;
  const earlier = {
    pageViews: total(minutes.filter((m) => m.at >= start && m.at < earlierEnd)).pageViews,
    minutes: Math.round((earlierEnd - start) / MINUTE),
  };
  const fromEarlier = earlier.minutes >= MIN_EARLIER_MINUTES ? (earlier.pageViews * span) / earlier.minutes : 0;
  const lastWeekSpan = input.lastWeek ? prorated(input.lastWeek, spanStart - WEEK_MS, now - WEEK_MS) : undefined;
  const baseline: VolumeBaseline = {
    ...(earlier.minutes >= MIN_EARLIER_MINUTES ? { earlier } : {}),
    ...(lastWeekSpan !== undefined ? { lastWeekSpan: Math.round(lastWeekSpan) } : {}),
    ...(input.lastWeek ? { lastWeek: shiftedSeries(input.lastWeek, start, now) } : {}),
    ...(input.lastWeekError ? { lastWeekError: input.lastWeekError } : {}),
    expected: round1(Math.max(fromEarlier, lastWeekSpan ?? 0)),
  };
  const per5Before = earlier.minutes >= MIN_EARLIER_MINUTES ? round1((earlier.pageViews * 5) / earlier.minutes) : undefined;
  const problemBase = {
    spanMinutes: span,
    quietSince: new Date(quietSince).toISOString(),
    quietMinutes: base.quietMinutes,
    pageViews: recent.pageViews,
    expected: baseline.expected,
  };
  const optional = {
    ...(base.lastPageView ? { lastPageView: base.lastPageView } : {}),
    ...(per5Before !== undefined ? { per5Before } : {}),
    ...(baseline.lastWeekSpan !== undefined ? { lastWeekSpan: baseline.lastWeekSpan } : {}),
  };
  if (quiet && baseline.expected >= MIN_EXPECTED) {
    return { volume: { ...base, status: 'silent', baseline }, problem: { kind: 'silent', ...problemBase, ...optional } };
  }
  const dropped =
    lastWeekSpan !== undefined && lastWeekSpan >= MIN_DROP_BASELINE && recent.pageViews < (lastWeekSpan * input.dropPercent) / 100;
  if (dropped) return { volume: { ...base, status: 'drop', baseline }, problem: { kind: 'drop', ...problemBase, ...optional } };
  const status: VolumeStatus = quiet ? 'quiet' : 'ok';
  return { volume: { ...base, status, baseline } };
}

/** The watch's rule: the rate of the 30 minutes before it, and quiet minutes counted from its start. */
function judgeWatch(
  input: JudgeInput,
  since: number,
  minutes: readonly TimedCount[],
  quietSince: number,
  base: Omit<SiteVolume, 'status'>,
): Judgement {
  const span = input.spanMinutes;
  const before = total(minutes.filter((m) => m.at >= since - PRE_WATCH_MINUTES * MINUTE && m.at < since)).pageViews;
  const expected = round1((before * span) / PRE_WATCH_MINUTES);
  const during = total(minutes.filter((m) => m.at + MINUTE > since)).pageViews;
  const quietFrom = Math.max(quietSince, since);
  const quietMinutes = Math.floor((input.now - quietFrom) / MINUTE);
  const baseline: VolumeBaseline = { earlier: { pageViews: before, minutes: PRE_WATCH_MINUTES }, expected };
  const volume = { ...base, baseline, quietMinutes, watch: { since: new Date(since).toISOString(), pageViews: during } };
  if (quietMinutes >= span && expected >= MIN_EXPECTED) {
    return {
      volume: { ...volume, status: 'silent' },
      problem: {
        kind: 'silent',
        spanMinutes: span,
        quietSince: new Date(quietFrom).toISOString(),
        quietMinutes,
        pageViews: during,
        per5Before: round1((before * 5) / PRE_WATCH_MINUTES),
        expected,
        duringWatch: true,
        ...(base.lastPageView ? { lastPageView: base.lastPageView } : {}),
      },
    };
  }
  return { volume: { ...volume, status: quietMinutes >= span ? 'quiet' : 'ok' } };
}

/** Whether a watch can ever find this site silent: enough page views before it started. */
export function watchCanJudge(volume: SiteVolume): boolean {
  return (volume.baseline?.expected ?? 0) >= MIN_EXPECTED;
}

function latest(counts: readonly TimedCount[]): number | undefined {
  let at: number | undefined;
  for (const c of counts) if (at === undefined || c.at > at) at = c.at;
  return at;
}

function total(counts: readonly TimedCount[]): { pageViews: number; events: number } {
  let pageViews = 0;
  let events = 0;
  for (const c of counts) {
    pageViews += c.pageViews;
    events += c.events;
  }
  return { pageViews, events };
}

/** Five-minute buckets (UTC-aligned) from `start` to `end`, every bucket present, empty ones as zeros. */
function fiveMinuteSeries(minutes: readonly TimedCount[], start: number, end: number): VolumePoint[] {
  const first = Math.floor(start / FIVE);
  const count = Math.floor(end / FIVE) - first + 1;
  const buckets = Array.from({ length: Math.max(0, count) }, () => ({ pageViews: 0, events: 0 }));
  for (const m of minutes) {
    const index = Math.floor(m.at / FIVE) - first;
    if (index < 0 || index >= buckets.length) continue;
    const bucket = buckets[index];
    bucket.pageViews += m.pageViews;
    bucket.events += m.events;
  }
  return buckets.map((b, i) => ({ at: new Date((first + i) * FIVE).toISOString(), ...b }));
}

/** Last week's buckets on this week's clock, so that the chart and the report lay them beside the series. */
function shiftedSeries(lastWeek: readonly TimedCount[], start: number, end: number): VolumePoint[] {
  return fiveMinuteSeries(
    lastWeek.map((c) => ({ ...c, at: c.at + WEEK_MS })),
    start,
    end,
  );
}

/** Page views in [from, to), a bucket that is partly inside counting for its part (five-minute buckets). */
function prorated(buckets: readonly TimedCount[], from: number, to: number): number {
  let sum = 0;
  for (const b of buckets) {
    const overlap = Math.min(b.at + FIVE, to) - Math.max(b.at, from);
    if (overlap > 0) sum += (b.pageViews * overlap) / FIVE;
  }
  return sum;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
