import { describe, expect, it } from 'vitest';
import { nextState, STATE_VERSION, type RunState } from '../../src/state/state.js';
import { volumeFingerprint } from '../../src/volume/groups.js';
import type { SiteResult } from '../../src/types.js';
import type { SiteVolume } from '../../src/volume/types.js';

/** The state file (CLI under cron) settles a silence by the volume check, not by the scan of events. */
const SITE = '0a1b2c3d-0000-4000-8000-00000000000a';
const silent = volumeFingerprint(SITE, 'silent');
const window = { minutes: 60, from: '2026-11-30T11:00:00.000Z', to: '2026-11-30T12:00:00.000Z' };
const previous: RunState = {
  version: STATE_VERSION,
  sites: {},
  groups: { [silent]: { siteId: SITE, lastCount: 0, lastReportedAt: '2026-11-30T11:00:00.000Z' } },
};

function site(volume: Partial<SiteVolume> | undefined, complete: boolean): SiteResult {
  const base = {
    siteId: SITE,
    sessionsScanned: 0,
    matchedSessions: 0,
    eventCount: 0,
    complete,
    capped: !complete,
    malformedLines: 0,
    logs: { fetched: 0, unavailable: 0 },
  };
  return volume
    ? { ...base, volume: { spanMinutes: 30, dropPercent: 20, lookbackMinutes: 150, at: window.to, series: [], status: 'ok', ...volume } }
    : base;
}

describe('a remembered silence', () => {
  it('is resolved when the volume check sees traffic, even if the event scan was capped', () => {
    expect(nextState(previous, { window, sites: [site({ status: 'ok' }, false)], groups: [] }).groups[silent]?.resolvedAt).toBe(window.to);
  });

  it('stays open when the volume was not checked, even after a complete event scan', () => {
    expect(
      nextState(previous, { window, sites: [site({ status: 'not-checked' }, true)], groups: [] }).groups[silent]?.resolvedAt,
    ).toBeUndefined();
    expect(nextState(previous, { window, sites: [site(undefined, true)], groups: [] }).groups[silent]?.resolvedAt).toBeUndefined();
  });
});
