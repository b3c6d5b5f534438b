import { describe, expect, it } from 'vitest';
import { classifyGroups, type GroupKnowledge } from '../../src/alerting/classify.js';
import type { AlertConfig } from '../../src/config.js';
import { eventLinesOf } from '../../src/events/store.js';
import type { Group, ReportedEvent } from '../../src/types.js';

const SITE = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const AT = '2026-11-29T10:00:00.000Z';
const DEFAULTS: AlertConfig = { since: { kind: 'auto' }, notify: 'changes', escalateFactor: 2, minEvents: 1, ignore: [] };

/** A SILENT group as src/volume/groups.ts makes it: no events, a count of 0, what was measured in `volume`. */
const silent: Group = {
  fingerprint: 'feedfeedfeedfeed',
  siteId: SITE,
  eventType: -1,
  eventTypeLabel: 'Silent',
  message: 'No page view or event for 30 minutes',
  normalizedMessage: 'no page view or event for 30+ minutes',
  count: 0,
  sessionCount: 0,
  firstSeen: '2026-11-29T09:30:00.000Z',
  lastSeen: AT,
  sampleUrls: [],
  sampleRequests: [],
  sampleContext: {},
  volume: { kind: 'silent', spanMinutes: 30, quietSince: '2026-11-29T09:30:00.000Z', quietMinutes: 30, pageViews: 0, expected: 40 },
};

/** A broken-event group with `count` events after the cut. */
function broken(fingerprint: string, count: number): { group: Group; events: ReportedEvent[] } {
  const at = '2026-11-29T10:10:00Z';
  return {
    group: {
      ...silent,
      fingerprint,
      eventType: 17,
      eventTypeLabel: 'Broken event',
      message: fingerprint,
      normalizedMessage: fingerprint,
      count,
      sessionCount: count,
      firstSeen: at,
      lastSeen: at,
      volume: undefined,
    },
    events: Array.from({ length: count }, (_, i) => ({
      siteId: SITE,
      eventId: `${fingerprint}${i}`,
      sessionId: 's',
      eventType: 17,
      serverTime: at,
      fingerprint,
      logStatus: 'fetched' as const,
    })),
  };
}

function classify(tracked: GroupKnowledge | undefined, config: Partial<AlertConfig> = {}, others: ReturnType<typeof broken>[] = []) {
  return classifyGroups(
    [silent, ...others.map((o) => o.group)],
    eventLinesOf(others.flatMap((o) => o.events)),
    { ...DEFAULTS, ...config },
    { cut: '2026-11-29T09:00:00.000Z', today: '2026-11-29', now: AT, tracked: new Map(tracked ? [[silent.fingerprint, tracked]] : []) },
  );
}

describe('a SILENT or DROP group: NEW, ONGOING, REGRESSED from what earlier runs know, with no events', () => {
  it('is NEW and alerts when nothing is known of it, whatever min-events says (a silence has no events to count)', () => {
    const result = classify(undefined, { minEvents: 5 });
    expect(result.groups[0]).toMatchObject({ state: 'new', newCount: 1, alert: true });
    expect(result).toMatchObject({ alert: true, newEvents: 0 });
  });

  it('is ONGOING and quiet while its issue is open, and alerts every run under notify: always', () => {
    expect(classify({ open: true }).groups[0]).toMatchObject({ state: 'ongoing', newCount: 0, alert: false });
    expect(classify({ open: true }, { notify: 'always' }).groups[0]).toMatchObject({ state: 'ongoing', newCount: 0, alert: true });
  });

  it('is REGRESSED and alerts when it comes back after it was resolved', () => {
    expect(classify({ open: false }).groups[0]).toMatchObject({ state: 'regressed', newCount: 1, alert: true });
  });

  it('alerts never while an ignore rule silences it', () => {
    const ignore = [{ text: 'no page view', contains: 'no page view' }];
    expect(classify(undefined, { ignore, notify: 'always' }).groups[0]).toMatchObject({
      state: 'new',
      alert: false,
      silenced: { rule: 'no page view' },
    });
  });

  it('adds nothing to the new events that min-events and fail-on-events count, nor does a silenced group', () => {
    const ignore = [{ text: 'muted', contains: 'muted' }];
    const result = classify(undefined, { ignore, minEvents: 2 }, [broken('muted', 3), broken('loud', 1)]);
    expect(result.newEvents).toBe(1);
    // Below min-events the event groups are quiet; the silence still alerts.
    expect(result.groups.map((g) => [g.fingerprint, g.alert])).toEqual([
      [silent.fingerprint, true],
      ['muted', false],
      ['loud', false],
    ]);
  });
});
