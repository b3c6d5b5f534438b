import { describe, expect, it } from 'vitest';
import { siteStatus, siteStatusText } from '../../src/report/site-status.js';
import { FLAG_NAMES } from '../../src/cli/inputs.js';
import type { SiteResult } from '../../src/types.js';

const site = (over: Partial<SiteResult>): SiteResult => ({
  siteId: '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  sessionsScanned: 10,
  matchedSessions: 1,
  eventCount: 1,
  complete: true,
  capped: false,
  malformedLines: 0,
  logs: { fetched: 0, unavailable: 0 },
  ...over,
});

describe('siteStatus', () => {
  it('puts an error before the cap, the cap before unreadable lines', () => {
    expect(siteStatus(site({ error: 'no access', capped: true, complete: false }))).toBe('failed');
    expect(siteStatus(site({ capped: true, complete: false, malformedLines: 2 }))).toBe('capped');
    expect(siteStatus(site({ complete: false, malformedLines: 2 }))).toBe('unreadable');
    expect(siteStatus(site({}))).toBe('complete');
  });

  it('names the cap as the edge spells it, and counts unreadable lines', () => {
    expect(siteStatusText(site({ capped: true, complete: false }))).toBe("capped by 'max-sessions'");
    expect(siteStatusText(site({ capped: true, complete: false }), FLAG_NAMES)).toBe('capped by --max-sessions (or PIWIK_MAX_SESSIONS)');
    expect(siteStatusText(site({ complete: false, malformedLines: 1 }))).toBe('incomplete: 1 unreadable line, no issue closed');
  });
});
