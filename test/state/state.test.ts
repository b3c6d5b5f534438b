import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, nextState, stateKnowledge, type RunState } from '../../src/state/state.js';
import { makeGroup, makeReport, makeSite, SITE_A, SITE_B, WINDOW } from '../support/report-factory.js';

describe('nextState: what a successful run leaves for the next one', () => {
  it('remembers the end of the window per scanned site and each group with its count', () => {
    const g = makeGroup({ count: 7 });
    const state = nextState(EMPTY_STATE, makeReport({ groups: [g] }));
    expect(state).toEqual({
      version: 1,
      sites: { [SITE_A]: { lastScan: WINDOW.to } },
      // Reported up to its newest event (src/alerting/watermark.ts).
      groups: { [g.fingerprint]: { siteId: SITE_A, lastCount: 7, lastReportedAt: '2025-03-04T09:58:40.000Z' } },
    });
    // What classification reads back from it: the site's cut is its last scan less the ingestion margin.
    const known = stateKnowledge(state);
    expect(known.siteCuts.get(SITE_A)).toBe('2025-03-04T09:55:00.000Z');
    expect(known.groups.get(g.fingerprint)).toEqual({ open: true, lastCount: 7, lastReportedAt: '2025-03-04T09:58:40.000Z' });
  });

  it("keeps a failed site's last scan and groups as they were", () => {
    const previous: RunState = {
      version: 1,
      sites: { [SITE_B]: { lastScan: '2025-03-04T08:00:00.000Z' } },
      groups: { bbbbbbbbbbbbbbbb: { siteId: SITE_B, lastCount: 2, lastReportedAt: '2025-03-04T08:00:00.000Z' } },
    };
    const report = makeReport({ sites: [makeSite(), makeSite({ siteId: SITE_B, complete: false, error: 'Site b: no access' })] });
    const state = nextState(previous, report);
    expect(state.sites[SITE_B]).toEqual(previous.sites[SITE_B]);
    expect(state.groups.bbbbbbbbbbbbbbbb).toEqual(previous.groups.bbbbbbbbbbbbbbbb);
    expect(state.sites[SITE_A]).toEqual({ lastScan: WINDOW.to });
  });

  it('marks a group resolved once a complete scan of its site no longer finds it, and forgets it a month later', () => {
    const previous: RunState = {
      version: 1,
      sites: {},
      groups: { aaaaaaaaaaaaaaaa: { siteId: SITE_A, lastCount: 2, lastReportedAt: '2025-03-04T08:00:00.000Z' } },
    };
    const resolved = nextState(previous, makeReport({ sites: [makeSite()] }));
    expect(resolved.groups.aaaaaaaaaaaaaaaa).toMatchObject({ resolvedAt: WINDOW.to });
    expect(stateKnowledge(resolved).groups.get('aaaaaaaaaaaaaaaa')?.open).toBe(false);
    // An incomplete scan proves nothing: the group stays open.
    const capped = nextState(previous, makeReport({ sites: [makeSite({ complete: false, capped: true })] }));
    expect(capped.groups.aaaaaaaaaaaaaaaa?.resolvedAt).toBeUndefined();
    const monthLater = { minutes: 60, from: '2025-04-05T09:00:00.000Z', to: '2025-04-05T10:00:00.000Z' };
    expect(nextState(resolved, makeReport({ sites: [makeSite()], window: monthLater })).groups).toEqual({});
    const weekLater = { minutes: 60, from: '2025-03-11T09:00:00.000Z', to: '2025-03-11T10:00:00.000Z' };
    expect(Object.keys(nextState(resolved, makeReport({ sites: [makeSite()], window: weekLater })).groups)).toEqual(['aaaaaaaaaaaaaaaa']);
  });

  it('holds ids, counts and times only: no message, URL or request of a group', () => {
    const g = makeGroup({ message: 'user jane@example.com failed', sampleUrls: ['https://shop.example/?email=jane@example.com'] });
    const text = JSON.stringify(nextState(EMPTY_STATE, makeReport({ groups: [g] })));
    expect(text).not.toContain('jane');
    expect(text).not.toContain('example');
  });
});
