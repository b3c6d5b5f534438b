import { describe, expect, it } from 'vitest';
import { mergeReports, type MergeInput, type StoredReport } from '../../src/merge/merge.js';
import { makeGroup, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';
import type { ReportedEvent } from '../../src/types.js';

const NOW = new Date('2025-03-04T10:05:00Z');
const RUN = { url: 'https://github.com/acme/site/actions/runs/9' };

function shard(source: string, shardText: string | undefined, siteId: string, events: number): MergeInput {
  const group = makeGroup({ siteId, count: events, newCount: events, alert: true, state: 'new' });
  const base = makeReport({ sites: [makeSite({ siteId, eventCount: events })], groups: [group] });
  const lines: ReportedEvent[] = Array.from({ length: events }, (_, i) => ({
    siteId,
    eventId: String(i),
    sessionId: '1',
    eventType: 17,
    serverTime: '2025-03-04T09:30:00Z',
    fingerprint: group.fingerprint,
    logStatus: 'skipped',
  }));
  const report: StoredReport = {
    ...base,
    events: lines,
    settings: { ...base.settings, ...(shardText ? { sites: { selection: 'all', shard: shardText, sitesBeforeShard: 2 } } : {}) },
    alerting: {
      since: 'window',
      cutSource: 'the whole window',
      notify: 'changes',
      newEvents: events,
      silencedNewEvents: 0,
      alreadyReported: 0,
      alertingGroups: 1,
      silencedGroups: 0,
      alert: true,
    },
  };
  return { source, report };
}

describe('mergeReports', () => {
  it('adds the shards up: sites, groups, events and what alerts', () => {
    const merged = mergeReports([shard('a.json', '1/2', SITE_A, 3), shard('b.json', '2/2', SITE_B, 4)], RUN, NOW);
    expect(merged.totals).toMatchObject({ events: 7, groups: 2, sites: 2, sitesFailed: 0 });
    expect(merged.status).toBe('found');
    expect(merged.errors).toEqual([]);
    expect(merged.alerting).toMatchObject({ newEvents: 7, alertingGroups: 2, alert: true });
    expect(merged.events.count).toBe(7);
    expect(merged.run).toBe(RUN);
    expect(merged.settings.sites).toEqual({ selection: 'all', sitesBeforeShard: 2 });
  });

  it('keeps a site in two reports once, and says so', () => {
    const merged = mergeReports([shard('a.json', undefined, SITE_A, 3), shard('b.json', undefined, SITE_A, 3)], RUN, NOW);
    expect(merged.totals).toMatchObject({ events: 3, groups: 1, sites: 1 });
    expect(merged.warnings).toContain(`Site ${SITE_A} is in two reports (a.json and b.json): counted once, as a.json has it.`);
  });

  it('fails when a shard is missing or the shards are of different runs', () => {
    const missing = mergeReports([shard('a.json', '1/3', SITE_A, 1), shard('c.json', '3/3', SITE_B, 1)], RUN, NOW);
    expect(missing.status).toBe('failed');
    expect(missing.errors).toEqual([
      'The report of shard 2/3 is missing: its sites were not checked, or their job failed before writing a report.',
    ]);
    const mixed = mergeReports([shard('a.json', '1/2', SITE_A, 1), shard('b.json', '2/3', SITE_B, 1)], RUN, NOW);
    expect(mixed.errors[0]).toMatch(/^The reports come from different shardings/);
  });
});
