import { describe, expect, it } from 'vitest';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';
import { eventLinesOf } from '../../src/events/store.js';
import { DEFAULT_HTTP_POLICY, HttpClient } from '../../src/http/client.js';
import { PiwikApi } from '../../src/piwik/api.js';
import { TokenProvider } from '../../src/piwik/auth.js';
import { addTagManager } from '../../src/tagmanager/run.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import type { Group } from '../../src/types.js';
import { makeSite } from '../support/report-factory.js';
import { closeLater, closeServersAfterEach } from '../support/action-harness.js';

/** The Tag Manager step on its own, against the simulator: its time limit, and its cost. */
closeServersAfterEach();
const SITE = '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13';
const QUIET = '7d2e4f60-8a1b-4c3d-9e5f-b6a7c8d9e0f1';

function group(state: Group['state'], siteId = SITE): Group {
  return {
    fingerprint: `${state ?? 'x'}${siteId.slice(0, 4)}`.padEnd(16, '0'),
    siteId,
    eventType: 17,
    eventTypeLabel: 'Broken event',
    message: 'm',
    normalizedMessage: 'm',
    count: 1,
    sessionCount: 1,
    firstSeen: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastSeen: new Date().toISOString(),
    sampleUrls: [],
    sampleRequests: [],
    sampleContext: {},
    state,
  };
}

async function setUp() {
  const now = new Date();
  const sim = closeLater(
    await startPiwikSimulator({
      sites: { [SITE]: [], [QUIET]: [] },
      now,
      tagManager: {
        [SITE]: {
          versions: [{ major: 2, type: 'published', publishedAt: new Date(now.getTime() - 10 * 60_000), publisher: 'p@example.com' }],
        },
      },
    }),
  );
  const http = new HttpClient({ ...DEFAULT_HTTP_POLICY, minDelayMs: 5, maxDelayMs: 20 });
  const api = new PiwikApi(http, sim.url, new TokenProvider(http, sim.url, sim.clientId, sim.clientSecret, () => undefined, INPUT_NAMES));
  const window = { minutes: 60, from: new Date(now.getTime() - 60 * 60_000).toISOString(), to: now.toISOString() };
  const input = {
    api,
    blameMinutes: 120,
    redact: true,
    window,
    sites: [makeSite({ siteId: SITE }), makeSite({ siteId: QUIET })],
    events: eventLinesOf([]),
    cutFor: () => undefined,
  };
  return { sim, http, input };
}

describe('addTagManager', () => {
  it('reads only sites with a new or returning problem: known ones cost nothing', async () => {
    const { sim, http, input } = await setUp();
    const none = await addTagManager({
      ...input,
      groups: [group('ongoing'), { ...group('regressed'), silenced: { rule: 'x' } }],
    });
    expect(sim.countBy('tagManager')).toBe(0);
    expect(none.sites.every((s) => s.tagManager === undefined)).toBe(true);
    const some = await addTagManager({ ...input, groups: [group('regressed')] });
    expect(sim.requests.filter((r) => r.endpoint === 'tagManager').every((r) => r.path.includes(SITE))).toBe(true);
    expect(some.groups[0]?.publish?.version).toBe('2');
    await http.close();
  });

  it('gives up on a slow Tag Manager API after its time limit, with one notice, and blames nothing', async () => {
    const { sim, http, input } = await setUp();
    sim.faults.tagManager.push({ delayMs: 1_000 });
    const outcome = await addTagManager({ ...input, groups: [group('new')], timeLimitMs: 100 });
    expect(outcome.notices).toEqual([
      `Could not read the site's Tag Manager publishes (Tag Manager API, /api/tag/v1/{app_id}/versions) for site ${SITE}; it failed: The Tag Manager API did not answer within 0.1 s, so it was left out of this run. Instead, no problem was linked to a Tag Manager publish.`,
    ]);
    expect(outcome.groups[0]?.publish).toBeUndefined();
    expect(outcome.sites[0]?.tagManager?.error).toContain('did not answer within 0.1 s');
    await http.close();
  });
});
