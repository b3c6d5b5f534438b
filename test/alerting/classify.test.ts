import { eventLinesOf } from '../../src/events/store.js';
import { describe, expect, it } from 'vitest';
import { classifyGroups, type PriorKnowledge } from '../../src/alerting/classify.js';
import type { AlertConfig } from '../../src/config.js';
import type { Group, ReportedEvent } from '../../src/types.js';

const SITE = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const CUT = '2026-11-29T10:00:00.000Z';
const DEFAULTS: AlertConfig = { since: { kind: 'auto' }, notify: 'changes', escalateFactor: 2, minEvents: 1, ignore: [] };

function group(fingerprint: string, times: string[], message = `message ${fingerprint}`): { group: Group; events: ReportedEvent[] } {
  const sorted = [...times].sort();
  return {
    group: {
      fingerprint,
      siteId: SITE,
      eventType: 17,
      eventTypeLabel: 'Broken event',
      message,
      normalizedMessage: message,
      count: times.length,
      sessionCount: times.length,
      firstSeen: sorted[0],
      lastSeen: sorted[sorted.length - 1],
      sampleUrls: [],
      sampleRequests: [],
      sampleContext: {},
    },
    events: times.map((serverTime, i) => ({
      siteId: SITE,
      eventId: `${fingerprint}${i}`,
      sessionId: 's',
      eventType: 17,
      serverTime,
      fingerprint,
      logStatus: 'fetched' as const,
    })),
  };
}

function classify(parts: ReturnType<typeof group>[], config: Partial<AlertConfig> = {}, prior: Partial<PriorKnowledge> = {}) {
  return classifyGroups(
    parts.map((p) => p.group),
    eventLinesOf(parts.flatMap((p) => p.events)),
    { ...DEFAULTS, ...config },
    { cut: CUT, today: '2026-11-29', ...prior },
  );
}

const before = '2026-11-29T09:50:00Z';
const after = '2026-11-29T10:10:00Z';

describe('classifyGroups', () => {
  it('calls a group NEW when all its events came after the cut, and alerts', () => {
    const result = classify([group('a', [after, after])]);
    expect(result.groups[0]).toMatchObject({ state: 'new', newCount: 2, alert: true });
    expect(result).toMatchObject({ alert: true, newEvents: 2 });
  });

  it('keeps a group seen before the cut ONGOING and quiet under notify: changes', () => {
    const result = classify([group('a', [before, after])]);
    expect(result.groups[0]).toMatchObject({ state: 'ongoing', newCount: 1, alert: false });
    expect(result.alert).toBe(false);
  });

  it('does not alert twice for events an overlapping earlier run already reported', () => {
    const result = classify([group('a', [before, before])], { notify: 'always' });
    expect(result.groups[0]).toMatchObject({ newCount: 0, alert: false });
  });

  it('alerts on every group with new events under notify: always', () => {
    expect(classify([group('a', [before, after])], { notify: 'always' }).groups[0]?.alert).toBe(true);
  });

  it('treats every event as new without a cut', () => {
    expect(classify([group('a', [before])], {}, { cut: undefined }).groups[0]).toMatchObject({ state: 'new', newCount: 1, alert: true });
  });

  it('uses tracked issues: open means ONGOING, closed and back means REGRESSED', () => {
    const tracked = new Map([
      ['a', { open: true }],
      ['b', { open: false }],
    ]);
    const result = classify([group('a', [after]), group('b', [after]), group('c', [after])], {}, { tracked });
    expect(result.groups.map((g) => [g.fingerprint, g.state, g.alert])).toEqual([
      ['a', 'ongoing', false],
      ['b', 'regressed', true],
      ['c', 'new', true],
    ]);
  });

  it('alerts again when a known group grows past escalate-factor', () => {
    const grown = classify([group('a', [before, after, after, after])], {}, { tracked: new Map([['a', { open: true, lastCount: 2 }]]) });
    expect(grown.groups[0]).toMatchObject({ state: 'ongoing', alert: true });
    const steady = classify([group('a', [before, after, after])], {}, { tracked: new Map([['a', { open: true, lastCount: 2 }]]) });
    expect(steady.groups[0]?.alert).toBe(false);
  });

  it('silences by fingerprint or by message text, until the rule expires', () => {
    const parts = [group('aaaaaaaaaaaaaaaa', [after]), group('b', [after], 'Invalid custom event value: 12'), group('c', [after])];
    const result = classify(parts, {
      ignore: [
        { text: 'aaaaaaaaaaaaaaaa', fingerprint: 'aaaaaaaaaaaaaaaa' },
        { text: 'custom EVENT value until 2026-12-01', contains: 'custom EVENT value', until: '2026-12-01' },
        { text: 'message c until 2026-11-28', contains: 'message c', until: '2026-11-28' },
      ],
    });
    expect(result.groups.map((g) => [g.fingerprint, g.silenced?.rule ?? null, g.alert])).toEqual([
      ['aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', false],
      ['b', 'custom EVENT value until 2026-12-01', false],
      ['c', null, true],
    ]);
    expect(result.notices).toEqual(["The ignore rule 'message c until 2026-11-28' expired on 2026-11-28; it silences nothing any more."]);
  });

  it('reports but does not alert below min-events', () => {
    const result = classify([group('a', [after, after])], { minEvents: 3 });
    expect(result.groups[0]).toMatchObject({ state: 'new', alert: false });
    expect(result).toMatchObject({ alert: false, newEvents: 2 });
  });

  it('counts an event at the very instant of the cut as already reported, and its group as seen before', () => {
    const result = classify([group('a', [CUT, after])]);
    expect(result.groups[0]).toMatchObject({ state: 'ongoing', newCount: 1 });
  });

  it('still silences on the day a rule ends ("until" includes that day)', () => {
    const result = classify([group('a', [after])], {
      ignore: [{ text: 'message a until 2026-11-29', contains: 'message a', until: '2026-11-29' }],
    });
    expect(result.groups[0]?.silenced).toEqual({ rule: 'message a until 2026-11-29', until: '2026-11-29' });
    expect(result.notices).toEqual([]);
  });

  it('alerts from exactly min-events new events up', () => {
    const result = classify([group('a', [after, after, after])], { minEvents: 3 });
    expect(result).toMatchObject({ alert: true, newEvents: 3 });
  });
});
