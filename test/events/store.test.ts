import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStore, FIRST_IDS_KEPT } from '../../src/events/store.js';
import type { MatchedEvent, ReportedEvent } from '../../src/types.js';

const folders: string[] = [];
afterEach(async () => {
  for (const f of folders.splice(0)) await rm(f, { recursive: true, force: true });
});

async function store(siteIds: string[]): Promise<{ store: EventStore; parent: string }> {
  const parent = await mkdtemp(join(tmpdir(), 'store-test-'));
  folders.push(parent);
  return { store: await EventStore.create(parent, siteIds), parent };
}

function event(siteId: string, id: number): MatchedEvent {
  return {
    siteId,
    eventId: String(id),
    sessionId: String(1000 + id),
    eventType: 17,
    serverTime: `2026-11-29T10:00:${String(id % 60).padStart(2, '0')}Z`,
    message: 'broken',
    logUuids: [],
    context: {},
  };
}

async function lines(s: EventStore): Promise<ReportedEvent[]> {
  const out: ReportedEvent[] = [];
  for await (const line of s.lines()) out.push(JSON.parse(line) as ReportedEvent);
  return out;
}

describe('EventStore', () => {
  it('reads the events back in the sites’ order, each with the log status set after it was written', async () => {
    const { store: s } = await store(['a', 'b']);
    // Site b's events arrive first; the report still lists site a first.
    s.site('b').append(event('b', 3), 'fb', undefined);
    s.site('a').append(event('a', 1), 'fa', 'https://shop.example/');
    const index = s.site('a').append(event('a', 2), 'fa', undefined);
    s.site('a').setStatus(index, 'fetched');
    s.site('b').setStatus(0, 'unavailable');
    expect(await lines(s)).toEqual([
      {
        siteId: 'a',
        eventId: '1',
        sessionId: '1001',
        eventType: 17,
        serverTime: '2026-11-29T10:00:01Z',
        fingerprint: 'fa',
        url: 'https://shop.example/',
        logStatus: 'skipped',
      },
      {
        siteId: 'a',
        eventId: '2',
        sessionId: '1002',
        eventType: 17,
        serverTime: '2026-11-29T10:00:02Z',
        fingerprint: 'fa',
        logStatus: 'fetched',
      },
      {
        siteId: 'b',
        eventId: '3',
        sessionId: '1003',
        eventType: 17,
        serverTime: '2026-11-29T10:00:03Z',
        fingerprint: 'fb',
        logStatus: 'unavailable',
      },
    ]);
    expect(s.count).toBe(3);
    expect(s.firstIds).toEqual(['1', '2', '3']);
    const seen: [string, number][] = [];
    s.forEach((fingerprint, at) => seen.push([fingerprint, at]));
    expect(seen).toEqual([
      ['fa', Date.parse('2026-11-29T10:00:01Z')],
      ['fa', Date.parse('2026-11-29T10:00:02Z')],
      ['fb', Date.parse('2026-11-29T10:00:03Z')],
    ]);
  });

  it('keeps the compact columns for many events and only the first ids for the output', async () => {
    const { store: s } = await store(['a']);
    const site = s.site('a');
    for (let i = 0; i < 5000; i++) site.append(event('a', i), i % 2 ? 'odd' : 'even', undefined);
    await site.drained();
    expect(s.count).toBe(5000);
    expect(s.firstIds).toHaveLength(FIRST_IDS_KEPT);
    let odd = 0;
    s.forEach((f) => (odd += f === 'odd' ? 1 : 0));
    expect(odd).toBe(2500);
    const read = await lines(s);
    expect(read).toHaveLength(5000);
    expect(read[4999]?.eventId).toBe('4999');
  });

  it('removes its spool folder when disposed', async () => {
    const { store: s, parent } = await store(['a']);
    s.site('a').append(event('a', 1), 'f', undefined);
    expect(await readdir(parent)).toHaveLength(1);
    await s.dispose();
    expect(await readdir(parent)).toEqual([]);
  });
});
