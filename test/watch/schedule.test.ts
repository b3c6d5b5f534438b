import { describe, expect, it } from 'vitest';
import { clockTime, nextPollAt, pollWindowMinutes, wholeSecond } from '../../src/watch/schedule.js';

describe('the watch schedule', () => {
  it('polls one interval after the last, at once after an overrun, and last at the very end', () => {
    const end = 60_000;
    expect(nextPollAt(0, 1_200, 30_000, end)).toBe(30_000);
    // A poll that took 45 s: the next one starts when it ends, not three in a row to catch up.
    expect(nextPollAt(0, 45_000, 30_000, end)).toBe(45_000);
    expect(nextPollAt(45_000, 46_000, 30_000, end)).toBe(end);
    expect(nextPollAt(30_000, 31_000, 45_000, end)).toBe(end);
  });

  it('asks for the whole minutes since `since`, rounded up, within the 1-300 the API accepts', () => {
    expect(pollWindowMinutes(0, 0)).toBe(1);
    expect(pollWindowMinutes(0, 59_000)).toBe(1);
    expect(pollWindowMinutes(0, 60_001)).toBe(2);
    expect(pollWindowMinutes(10_000, 0)).toBe(1);
    expect(pollWindowMinutes(0, 400 * 60_000)).toBe(300);
  });

  it('writes elapsed time as m:ss and the start in whole seconds', () => {
    expect(clockTime(0)).toBe('0:00');
    expect(clockTime(65_400)).toBe('1:05');
    expect(clockTime(15 * 60_000)).toBe('15:00');
    expect(wholeSecond(new Date('2026-12-01T10:00:05.730Z'))).toBe('2026-12-01T10:00:05.000Z');
  });
});
