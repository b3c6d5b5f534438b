import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStore, FIRST_IDS_KEPT, type EventStoreOptions } from '../../src/events/store.js';
import type { MatchedEvent, ReportedEvent } from '../../src/types.js';
import { filesUnder } from '../support/files.js';

const folders: string[] = [];
afterEach(async () => {
  for (const f of folders.splice(0)) await rm(f, { recursive: true, force: true });
});

async function store(siteIds: string[], options: EventStoreOptions = {}): Promise<{ store: EventStore; parent: string }> {
  const parent = await mkdtemp(join(tmpdir(), 'store-test-'));
  folders.push(parent);
  return { store: EventStore.create(parent, siteIds, options), parent };
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

  it('keeps a usual run in memory: nothing is written to disk', async () => {
    const { store: s, parent } = await store(['a', 'b']);
    for (let i = 0; i < 500; i++) s.site(i % 2 ? 'a' : 'b').append(event(i % 2 ? 'a' : 'b', i), 'f', 'https://shop.example/');
    await s.close();
    expect(await readdir(parent)).toEqual([]);
    expect((await lines(s)).map((e) => e.eventId)).toEqual([
      ...Array.from({ length: 250 }, (_, k) => String(2 * k + 1)),
      ...Array.from({ length: 250 }, (_, k) => String(2 * k)),
    ]);
  });

  it('spills a site to its spool file once the lines pass the memory budget, and reads back the same lines', async () => {
    // A budget of about 20 lines, shared: site a spills, site b (3 lines) stays in memory.
    const { store: s, parent } = await store(['a', 'b'], { memoryChars: 20 * 200 });
    for (let i = 0; i < 3; i++) s.site('b').append(event('b', 100 + i), 'fb', undefined);
    for (let i = 0; i < 50; i++) s.site('a').append(event('a', i), 'fa', `https://shop.example/${'p'.repeat(100)}`);
    s.site('a').setStatus(0, 'fetched');
    s.site('a').setStatus(49, 'unavailable');
    await s.site('a').drained();
    const read = await lines(s);
    expect(read.map((e) => e.eventId)).toEqual([...Array.from({ length: 50 }, (_, k) => String(k)), '100', '101', '102']);
    expect(read.map((e) => e.logStatus).filter((x) => x !== 'skipped')).toEqual(['fetched', 'unavailable']);
    const files = await filesUnder(parent);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^events-[^/]+\/site-0\.ndjson$/);
  });

  it('spills a burst with the default budget: 20,000 events go to disk, and every one comes back', async () => {
    const { store: s, parent } = await store(['a']);
    const site = s.site('a');
    for (let i = 0; i < 20_000; i++) {
      site.append(event('a', i), 'f', 'https://shop.example/checkout');
      await site.drained();
    }
    expect(await filesUnder(parent)).toHaveLength(1);
    expect(await lines(s)).toHaveLength(20_000);
  });

  it('removes its spool folder, with a watch poll’s folder inside it, when disposed', async () => {
    const { store: s, parent } = await store(['a'], { memoryChars: 0 });
    s.site('a').append(event('a', 1), 'f', undefined);
    const poll = s.child();
    poll.site('a').append(event('a', 2), 'f', undefined);
    await poll.close();
    expect(await filesUnder(parent)).toHaveLength(2);
    await s.dispose();
    expect(await readdir(parent)).toEqual([]);
  });
});
