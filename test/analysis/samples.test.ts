import { describe, expect, it } from 'vitest';
import { SamplePicker, SAMPLES_PER_PICK } from '../../src/analysis/samples.js';
import type { MatchedEvent } from '../../src/types.js';

function event(id: number, minute: number, logs = true): MatchedEvent {
  return {
    siteId: 'site',
    eventId: String(id),
    sessionId: `s${id}`,
    eventType: 17,
    serverTime: `2026-11-29T10:${String(minute).padStart(2, '0')}:00Z`,
    message: 'broken',
    logUuids: logs ? [`log-${id}`] : [],
    context: {},
  };
}

function pick(events: readonly MatchedEvent[]): string[] {
  const picker = new SamplePicker();
  events.forEach((e, i) => {
    picker.offer(e, i);
  });
  return picker.candidates().map((c) => c.event.eventId);
}

describe('SamplePicker', () => {
  const events = Array.from({ length: 500 }, (_, i) => event(i + 1, i % 60));

  it('puts the earliest first and the latest second, then one by hash, then the spares', () => {
    const ids = pick(events);
    expect(ids.length).toBeLessThanOrEqual(3 * SAMPLES_PER_PICK);
    // Minute 0 holds ids 1, 61, 121…: the earliest is the smallest id there; minute 59 the largest id there.
    expect(ids[0]).toBe('1');
    expect(ids[1]).toBe('480');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('picks the same samples whatever order the events arrive in', () => {
    const reversed = [...events].reverse();
    const shuffled = [...events].sort((a, b) => ((Number(a.eventId) * 7919) % 500) - ((Number(b.eventId) * 7919) % 500));
    expect(pick(reversed)).toEqual(pick(events));
    expect(pick(shuffled)).toEqual(pick(events));
  });

  it('never offers an event without a raw request to ask for', () => {
    expect(pick([event(1, 0, false), event(2, 1)])).toEqual(['2']);
  });

  it('tells whether an event is still a candidate, so a raw request arriving late is kept or let go', () => {
    const picker = new SamplePicker();
    picker.offer(event(5, 30), 0);
    expect(picker.holds('5')).toBeDefined();
    for (let i = 0; i < 50; i++) picker.offer(event(100 + i, i % 30), i + 1);
    // Minute 30 is neither among the earliest two nor the latest two any more; only a hash pick could keep it.
    const kept = picker.candidates().some((c) => c.event.eventId === '5');
    expect(picker.holds('5') !== undefined).toBe(kept);
  });
});
