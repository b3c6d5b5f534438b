import { describe, expect, it } from 'vitest';
import { fromWallClock, isKnownZone, toWallClock } from '../../src/volume/zone.js';

describe("the site's wall clock", () => {
  it('converts both ways, across a daylight-saving change', () => {
    expect(toWallClock(Date.parse('2026-11-30T09:30:00Z'), 'Europe/Warsaw')).toBe('2026-11-30 10:30:00');
    expect(fromWallClock('2026-11-30 10:30:00', 'Europe/Warsaw')).toBe(Date.parse('2026-11-30T09:30:00Z'));
    expect(fromWallClock('2026-07-01T10:30', 'Europe/Warsaw')).toBe(Date.parse('2026-07-01T08:30:00Z'));
    expect(fromWallClock('2026-03-08 03:30:00', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(fromWallClock('2026-11-30 10:30:00', 'Asia/Kathmandu')).toBe(Date.parse('2026-11-30T04:45:00Z'));
  });

  it('takes a time with its own offset as it says, and refuses what is not a time', () => {
    expect(fromWallClock('2026-11-30T10:30:00+02:00', 'UTC')).toBe(Date.parse('2026-11-30T08:30:00Z'));
    expect(fromWallClock('2026-11-30T10:30:00Z', 'Europe/Warsaw')).toBe(Date.parse('2026-11-30T10:30:00Z'));
    expect(fromWallClock('yesterday', 'UTC')).toBeUndefined();
    expect(isKnownZone('Mars/Olympus')).toBe(false);
    expect(isKnownZone('Europe/Warsaw')).toBe(true);
  });
});
