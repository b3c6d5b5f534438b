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
    { cut: CUT, today: '2026-11-29', now: '2026-11-29T12:00:00.000Z', ...prior },
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

  it('never alerts for a group without a new event, even under notify: always or grown past escalate-factor', () => {
    const tracked = new Map([['a', { open: true, lastCount: 1 }]]);
    for (const notify of ['always', 'changes'] as const) {
      const result = classify([group('a', [before, before, before]), group('b', [after])], { notify }, { tracked });
      expect(result.groups.map((g) => [g.fingerprint, g.newCount, g.alert])).toEqual([
        ['a', 0, false],
        ['b', 1, true],
      ]);
    }
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

  it('does not escalate a known group from a last count of nothing (0) or an unknown one', () => {
    for (const lastCount of [0, undefined]) {
      const result = classify([group('a', [before, after, after])], {}, { tracked: new Map([['a', { open: true, lastCount }]]) });
      expect(result.groups[0]).toMatchObject({ state: 'ongoing', alert: false });
    }
  });

  it('silences by a text found, in any case, in the message as the API gave it or as normalised', () => {
    const part = group('a', [after], 'Unknown Goal ID 12');
    const normalised = { ...part, group: { ...part.group, normalizedMessage: 'Unknown Goal ID {n}' } };
    for (const contains of ['goal id 12', 'GOAL ID {N}']) {
      const result = classify([normalised], { ignore: [{ text: contains, contains }] });
      expect(result.groups[0]?.silenced).toEqual({ rule: contains, until: undefined });
      expect(result).toMatchObject({ alert: false, newEvents: 0 });
    }
    expect(classify([normalised], { ignore: [{ text: 'goal id 13', contains: 'goal id 13' }] }).groups[0]?.silenced).toBeUndefined();
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

  describe('watermarks: what an earlier run already reported', () => {
    const later = '2026-11-29T10:30:00Z';
    const reported = '2026-11-29T10:20:00Z';

    it("counts a tracked group's events as new only after its issue's last report, even without a run cut", () => {
      const tracked = new Map([['a', { open: true, lastCount: 3, lastReportedAt: reported }]]);
      const result = classify([group('a', [after, after, later])], {}, { cut: undefined, tracked });
      expect(result.groups[0]).toMatchObject({ state: 'ongoing', newCount: 1 });
      // At the watermark itself an event was already seen: only strictly later ones are new.
      const atMark = classify([group('a', [reported])], {}, { cut: undefined, tracked });
      expect(atMark.groups[0]).toMatchObject({ newCount: 0, alert: false });
    });

    it("takes a reported group's own watermark over the run cut, so its late events are new", () => {
      // Reported up to 09:40 (its newest event then): the 09:50 event showed up late, after the run cut at 10:00.
      const tracked = new Map([['a', { open: true, lastReportedAt: '2026-11-29T09:40:00Z' }]]);
      const result = classify([group('a', [before, after])], {}, { tracked });
      expect(result.groups[0]?.newCount).toBe(2);
      // A group never reported before still starts at the run cut.
      expect(classify([group('b', [before, after])], {}, { tracked }).groups[0]?.newCount).toBe(1);
    });

    it("uses each site's last scan from the state file as that site's cut", () => {
      const siteCuts = new Map([[SITE, reported]]);
      const result = classify([group('a', [after, later])], {}, { cut: undefined, siteCuts });
      expect(result.groups[0]).toMatchObject({ state: 'ongoing', newCount: 1 });
      expect(classify([group('b', [later])], {}, { cut: undefined, siteCuts: new Map() }).groups[0]).toMatchObject({ state: 'new' });
    });

    it('is ignored under since: window and since: <instant>, which the user chose explicitly', () => {
      const tracked = new Map([['a', { open: true, lastReportedAt: later }]]);
      // src/alerting/cut.ts: no cut under window, the instant itself under since: <instant>.
      for (const [since, cut] of [
        [{ kind: 'window' as const }, undefined],
        [{ kind: 'instant' as const, at: CUT }, CUT],
      ] as const) {
        const result = classify([group('a', [after, later])], { since }, { cut, tracked });
        expect(result.groups[0]?.newCount).toBe(2);
      }
    });

    it("ignores a last report later than the run's start (an edited or forged marker), with a notice, and counts from the run's cut", () => {
      const now = '2026-11-29T11:00:00.000Z';
      const forged = new Map([['a', { open: true, lastReportedAt: '9999-12-31T00:00:00Z' }]]);
      const result = classify([group('a', [before, after]), group('b', [after])], {}, { tracked: forged, now });
      expect(result.groups.map((g) => [g.fingerprint, g.newCount])).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
      expect(result.notices).toEqual([
        "The last report recorded for group a (on its issue or in the state file) is in the future (9999-12-31T00:00:00Z); it was ignored, and the group's events count from the run's cut.",
      ]);
    });

    it("keeps a last report at the run's start", () => {
      const now = '2026-11-29T10:20:00.000Z';
      const tracked = new Map([['a', { open: true, lastReportedAt: now }]]);
      const atStart = classify([group('a', [after, later])], {}, { tracked, now });
      expect(atStart.groups[0]?.newCount).toBe(1);
      expect(atStart.notices).toEqual([]);
    });

    it('calls a group the state file saw resolved REGRESSED when it has new events', () => {
      const tracked = new Map([['a', { open: false, lastCount: 2, lastReportedAt: reported }]]);
      expect(classify([group('a', [later])], {}, { tracked }).groups[0]).toMatchObject({ state: 'regressed', alert: true });
      expect(classify([group('a', [after])], {}, { tracked }).groups[0]).toMatchObject({ state: 'ongoing', alert: false });
    });
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
