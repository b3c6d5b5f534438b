import { describe, expect, it } from 'vitest';
import { GroupIndex } from '../../src/analysis/groups.js';
import type { MatchedEvent } from '../../src/types.js';

const SITE = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
let nextId = 1;

function event(overrides: Partial<MatchedEvent> = {}): MatchedEvent {
  const id = String(nextId++);
  return {
    siteId: SITE,
    eventId: id,
    sessionId: `s${id}`,
    eventType: 17,
    serverTime: '2026-11-29T10:00:00Z',
    message: 'Invalid custom event value: 12',
    logUuids: [`log-${id}`],
    context: {},
    ...overrides,
  };
}

/** Adds events in order, each at its place in the site's event list. */
let position = 0;
function add(index: GroupIndex, e: MatchedEvent) {
  return index.add(e, position++);
}

describe('GroupIndex', () => {
  it('folds events with the same normalised message into one group with counts and time range', () => {
    const index = new GroupIndex();
    add(index, event({ serverTime: '2026-11-29T10:05:00Z', url: 'https://a.example/1', sessionId: 's1' }));
    add(index, event({ serverTime: '2026-11-29T09:55:00Z', message: 'Invalid custom event value: 99', sessionId: 's1' }));
    add(index, event({ serverTime: '2026-11-29T10:10:00Z', url: 'https://a.example/1', sessionId: 's2' }));
    const [group, ...rest] = index.sorted();
    expect(rest).toEqual([]);
    expect(group).toMatchObject({
      count: 3,
      firstSeen: '2026-11-29T09:55:00Z',
      lastSeen: '2026-11-29T10:10:00Z',
      sampleUrls: ['https://a.example/1'],
      normalizedMessage: 'Invalid custom event value: <value>',
      message: 'Invalid custom event value: 12',
      eventTypeLabel: 'Broken event',
    });
    expect(group?.sessionCount).toBe(2);
  });

  it('sorts the largest group first', () => {
    const index = new GroupIndex();
    add(index, event({ message: 'rare' }));
    for (let i = 0; i < 3; i++) add(index, event({ message: 'common' }));
    expect(index.sorted().map((g) => [g.message, g.count])).toEqual([
      ['common', 3],
      ['rare', 1],
    ]);
  });

  it('keeps separate groups per site and per event type', () => {
    const index = new GroupIndex();
    add(index, event());
    add(index, event({ siteId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' }));
    add(index, event({ eventType: 18 }));
    expect(index.sorted()).toHaveLength(3);
  });

  it('keeps a bounded number of samples however many events arrive', () => {
    const index = new GroupIndex();
    for (let i = 0; i < 1000; i++) add(index, event({ url: `https://a.example/${i}` }));
    const [group] = index.sorted();
    expect(group?.sampleUrls).toHaveLength(3);
    expect(group?.samples.candidates().length).toBeLessThanOrEqual(6);
  });
});
