import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, scaleDataset } from '../simulator/dataset.mjs';
import type { PiwikSimulator } from '../simulator/piwik.mjs';
import type { EvidenceLine } from '../src/events/evidence.js';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction as runEdge } from './support/action-harness.js';

/**
 * A release that breaks every hit: one broken event in each session, a few
 * groups. Raw requests are fetched for the samples only (one batch per site),
 * every count stays exact, and with fetch-logs all every raw request goes to
 * the evidence file instead of memory.
 */
const NOW = new Date();
closeServersAfterEach();

const SESSIONS = 1200;
const burst = scaleDataset({ sites: 1, sessions: SESSIONS, brokenEvents: SESSIONS, groups: 3, now: NOW, seed: 'burst-test' });
const [siteId = ''] = Object.keys(burst.sites);

async function runBurst(inputs: Record<string, string> = {}) {
  const sim = await piwikSimulator(NOW, { sites: burst.sites });
  const run = await runEdge({ ...piwikInputs(sim, [siteId]), 'max-sessions': String(SESSIONS), since: 'window', ...inputs });
  return { sim, ...run };
}

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const logsRequests = (sim: PiwikSimulator) => sim.countBy('logs') + sim.countBy('legacyLog');

describe('a burst of broken events', () => {
  it('fetches raw requests for the samples only, in one batch, and keeps every count exact', async () => {
    const { sim, kit, report } = await runBurst();
    expect(kit.failure()).toBeUndefined();
    expect(kit.outputs).toMatchObject({ 'event-count': String(SESSIONS), 'session-count': String(SESSIONS), 'group-count': '3' });
    expect(kit.outputs['raw-requests-path']).toBe('');
    expect(logsRequests(sim)).toBe(1);

    const groups = report?.groups ?? [];
    expect(groups.map((g) => g.count).reduce((a, b) => a + b, 0)).toBe(SESSIONS);
    expect(groups.map((g) => g.sessionCount).reduce((a, b) => a + b, 0)).toBe(SESSIONS);
    for (const group of groups) expect(group.sampleRequests).toHaveLength(3);

    const events = report?.events ?? [];
    expect(events).toHaveLength(SESSIONS);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(SESSIONS);
    const fetched = events.filter((e) => e.logStatus === 'fetched').length;
    // At most six candidates a group (earliest, latest, hashed, each with a spare); the rest were not asked for.
    expect(fetched).toBeGreaterThanOrEqual(9);
    expect(fetched).toBeLessThanOrEqual(18);
    expect(events.filter((e) => e.logStatus === 'skipped')).toHaveLength(SESSIONS - fetched);
    expect(report?.sites[0]?.logs).toEqual({ fetched, unavailable: 0 });
    expect(report?.settings).toMatchObject({ fetchLogs: true, fetchLogsMode: 'samples' });
  });

  it('asks for the earliest and the latest event of each group, whatever order they came in', async () => {
    const { report } = await runBurst();
    const events = report?.events ?? [];
    const key = (e: { serverTime: string; eventId: string }) => `${e.serverTime} ${e.eventId.padStart(20, '0')}`;
    for (const group of report?.groups ?? []) {
      const own = events.filter((e) => e.fingerprint === group.fingerprint).sort((a, b) => key(a).localeCompare(key(b)));
      expect(own[0]?.serverTime).toBe(group.firstSeen);
      expect(own[0]?.logStatus).toBe('fetched');
      expect(own[own.length - 1]?.logStatus).toBe('fetched');
    }
  });

  it('with fetch-logs all, writes every raw request to the evidence file, redacted, one event a line', async () => {
    const { sim, kit, report } = await runBurst({ 'fetch-logs': 'all' });
    expect(kit.failure()).toBeUndefined();
    const path = kit.outputs['raw-requests-path'] ?? '';
    expect(path).toMatch(/report\.raw-requests\.ndjson$/);
    expect(path.replace(/[^/]+$/, '')).toBe((kit.outputs['report-path'] ?? '').replace(/[^/]+$/, ''));
    const text = await readFile(path, 'utf8');
    const lines = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as EvidenceLine);
    expect(lines).toHaveLength(SESSIONS);
    expect(new Set(lines.map((l) => l.eventId)).size).toBe(SESSIONS);
    expect(lines.every((l) => typeof l.eventId === 'string' && /^\d+$/.test(l.eventId))).toBe(true);
    expect(lines.every((l) => l.siteId === siteId && l.request.id !== '')).toBe(true);
    // Redacted as everywhere else: no IP address reaches the file, unless redact is off.
    expect(text).not.toMatch(IPV4);
    const raw = await runBurst({ 'fetch-logs': 'all', redact: 'false' });
    expect(await readFile(raw.kit.outputs['raw-requests-path'] ?? '', 'utf8')).toMatch(IPV4);
    expect(report?.events.every((e) => e.logStatus === 'fetched')).toBe(true);
    expect(report?.sites[0]?.logs).toEqual({ fetched: SESSIONS, unavailable: 0 });
    expect(logsRequests(sim)).toBeGreaterThan(1);
    for (const group of report?.groups ?? []) expect(group.sampleRequests).toHaveLength(3);
  });

  it('with fetch-logs none (or false), asks for no raw request at all', async () => {
    for (const value of ['none', 'false']) {
      const { sim, report } = await runBurst({ 'fetch-logs': value });
      expect(logsRequests(sim)).toBe(0);
      expect(report?.events.every((e) => e.logStatus === 'skipped')).toBe(true);
      expect(report?.totals.events).toBe(SESSIONS);
    }
  });

  it('pages without overlap: offsets tile the range, and only the last page asks for one session more', async () => {
    const { sim, report } = await runBurst({ 'max-sessions': '1100' });
    const pages = sim.requests.filter((r) => r.endpoint === 'debugger').map((r) => [r.query.offset, r.query.limit]);
    expect(pages).toEqual([
      ['0', '500'],
      ['500', '500'],
      ['1000', '101'],
    ]);
    expect(report?.sites[0]).toMatchObject({ sessionsScanned: 1100, capped: true });
    expect(report?.totals.events).toBe(1100);
  });

  it('writes the report once, with every event on its own line', async () => {
    const { kit } = await runBurst();
    const text = await readFile(kit.outputs['report-path'] ?? '', 'utf8');
    const eventLines = text.split('\n').filter((l) => l.startsWith('    {"siteId"'));
    expect(eventLines).toHaveLength(SESSIONS);
    expect(JSON.parse(text)).toHaveProperty('events.length', SESSIONS);
  });
});

describe('the demo with sample raw requests', () => {
  it('lists 10 event ids and fetches the samples of every group', async () => {
    const { shop, blog } = DEMO_SITE_IDS;
    const sim = await piwikSimulator(NOW);
    const { report } = await runEdge(piwikInputs(sim, [shop, blog]));
    expect(report?.groups.every((g) => g.sampleRequests.length > 0)).toBe(true);
    expect(sim.countBy('logs')).toBe(2);
  });
});
