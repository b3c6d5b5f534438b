import { describe, expect, it } from 'vitest';
import { judgeVolume, MIN_DROP_BASELINE, MIN_EXPECTED, WEEK_MS, type TimedCount } from '../../src/volume/judge.js';

/**
 * The verdict, pure: minutes of page views (the real-time series), last week's five-minute
 * buckets, and the rules of issue 24 at their edges.
 */
const NOW = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

/** `perMinute` page views (and as many events) in every minute of [fromMin, toMin) before NOW. */
function minutes(fromMin: number, toMin: number, perMinute: number): TimedCount[] {
  const out: TimedCount[] = [];
  for (let m = fromMin; m < toMin; m++) out.push({ at: NOW - m * MINUTE, pageViews: perMinute, events: perMinute });
  return out.filter((c) => c.pageViews > 0);
}

function lastWeek(perFive: number, spanMinutes = 180): TimedCount[] {
  return Array.from({ length: spanMinutes / 5 }, (_, i) => ({
    at: NOW - WEEK_MS - (i + 1) * 5 * MINUTE,
    pageViews: perFive,
    events: perFive,
  }));
}

const base = { now: NOW, spanMinutes: 30, dropPercent: 20, lookbackMinutes: 150 };

describe('SILENT', () => {
  it('after 44 quiet minutes of a site with a page view a minute before, naming the last page view and the rate', () => {
    const { volume, problem } = judgeVolume({ ...base, minutes: minutes(45, 150, 1) });
    expect(volume.status).toBe('silent');
    expect(problem).toMatchObject({ kind: 'silent', quietMinutes: 44, pageViews: 0, per5Before: 5, expected: 29.7 });
    expect(problem?.lastPageView).toBe('2026-11-30T11:15:00.000Z');
    expect(problem?.quietSince).toBe('2026-11-30T11:16:00.000Z');
    expect(volume.series).toHaveLength(31);
  });

  it('is not said of a quiet tail shorter than the span, nor of a site where fewer than 10 page views were expected', () => {
    expect(judgeVolume({ ...base, minutes: minutes(29, 150, 1) }).volume.status).toBe('ok');
    // A page view every 20 minutes: 1.5 expected in 30 minutes, so zero is chance.
    const night = minutes(40, 150, 0).concat([60, 80, 100, 120, 140].map((m) => ({ at: NOW - m * MINUTE, pageViews: 1, events: 1 })));
    const judged = judgeVolume({ ...base, minutes: night });
    expect(judged.volume.status).toBe('quiet');
    expect(judged.volume.baseline?.expected).toBeLessThan(MIN_EXPECTED);
  });

  it('uses last week when the whole lookback was silent, and says the silence began before the lookback', () => {
    const { problem } = judgeVolume({ ...base, minutes: [], lastWeek: lastWeek(10) });
    expect(problem).toMatchObject({ kind: 'silent', lastWeekSpan: 60, quietMinutes: 150 });
    expect(problem?.lastPageView).toBeUndefined();
  });

  it('an event without a page view is still tracking: not silent', () => {
    const events = [{ at: NOW - 5 * MINUTE, pageViews: 0, events: 3 }];
    expect(judgeVolume({ ...base, minutes: [...minutes(45, 150, 1), ...events] }).volume.status).toBe('ok');
  });

  it('a site with no traffic now and none last week: no traffic expected', () => {
    const judged = judgeVolume({ ...base, minutes: [], lastWeek: [] });
    expect(judged).toEqual({ volume: expect.objectContaining({ status: 'quiet', baseline: expect.objectContaining({ expected: 0 }) }) });
  });
});

describe('DROP', () => {
  it('below drop-percent of the same span last week, from 50 page views up; 60 % is fine', () => {
    const week = lastWeek(20); // 120 in 30 minutes
    expect(judgeVolume({ ...base, minutes: minutes(0, 12, 1), lastWeek: week }).problem).toMatchObject({
      kind: 'drop',
      pageViews: 12,
      lastWeekSpan: 120,
    });
    const sixty = minutes(0, 150, 2).map((c, i) => ({ ...c, pageViews: i % 10 < 6 ? 4 : 0 }));
    expect(judgeVolume({ ...base, minutes: sixty, lastWeek: week }).volume.status).toBe('ok');
  });

  it('is not judged on a small baseline, nor without last week', () => {
    const small = lastWeek((MIN_DROP_BASELINE - 1) / 6);
    expect(judgeVolume({ ...base, minutes: minutes(0, 5, 1), lastWeek: small }).volume.status).toBe('ok');
    const unread = judgeVolume({ ...base, minutes: minutes(0, 5, 1), lastWeekError: 'refused' });
    expect(unread.volume).toMatchObject({ status: 'ok', baseline: { lastWeekError: 'refused' } });
  });
});

describe("the watch's rule", () => {
  const since = NOW - 12 * MINUTE;

  it('counts quiet minutes from the start, against the 30 minutes before it', () => {
    const judged = judgeVolume({ ...base, spanMinutes: 10, lookbackMinutes: 43, minutes: minutes(13, 43, 1), watchSince: since });
    expect(judged.problem).toMatchObject({ kind: 'silent', duringWatch: true, quietMinutes: 12, expected: 10 });
    expect(judged.volume.watch).toEqual({ since: new Date(since).toISOString(), pageViews: 0 });
  });

  it('does not alert below 10 expected, nor before silence-minutes have passed in the watch', () => {
    expect(
      judgeVolume({
        ...base,
        spanMinutes: 10,
        lookbackMinutes: 43,
        minutes: minutes(13, 43, 1).filter((_, i) => i % 4 === 0),
        watchSince: since,
      }).problem,
    ).toBeUndefined();
    const early = judgeVolume({ ...base, spanMinutes: 15, lookbackMinutes: 43, minutes: minutes(13, 43, 1), watchSince: since });
    expect(early.volume.status).toBe('ok');
  });
});
