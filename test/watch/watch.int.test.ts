import { describe, expect, it } from 'vitest';
import { makeSession, type SimSession } from '../../simulator/dataset.mjs';
import type { FaultScripts, PiwikSimulator } from '../../simulator/piwik.mjs';
import { steppingClock } from '../support/clock.js';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * The post-deploy watch through the action's edge, against the Piwik PRO
 * simulator over loopback HTTP. The watch and the simulator share one clock
 * whose sleep moves time on at once: a fifteen-minute watch runs in
 * milliseconds, with the real 10-second minimum interval, and the tests
 * assert on polls and outcomes, never on how long anything took.
 */
closeServersAfterEach();

const SITE = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
// A whole second, so the watch's start is exactly its `since`.
const START = Math.floor(Date.now() / 1000) * 1000;

function broken(atMs: number, errorMessage = 'Invalid value for parameter e_v: not a number'): SimSession {
  return makeSession({ appId: SITE, updatedAt: new Date(atMs), events: [{ type: 1 }, { type: 17, errorMessage }] });
}

async function watchRun(
  sessions: SimSession[],
  inputs: Record<string, string>,
  options: { faults?: Partial<FaultScripts>; tokenTtlSeconds?: number } = {},
) {
  const clock = steppingClock(START);
  const sim = await piwikSimulator(new Date(START), { sites: { [SITE]: sessions }, now: clock.ms, ...options });
  const run = await runAction(
    { ...piwikInputs(sim, [SITE]), 'watch-interval': '10', ...inputs },
    { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '7' },
    { clock },
  );
  const pollLines = run.kit.logs.filter((l) => l.startsWith('Watch poll '));
  return { ...run, sim, pollLines };
}

function debuggerQueries(sim: PiwikSimulator) {
  return sim.requests.filter((r) => r.endpoint === 'debugger');
}

describe('watch-minutes: the post-deploy watch', () => {
  it('fails the step at the first poll after a broken event appears, 15 s in, with everything reported', async () => {
    const { kit, report, sim, pollLines } = await watchRun([broken(START + 15_000)], {
      'watch-minutes': '5',
      'fail-on-events': 'true',
    });
    // Polls at 0, 10 and 20 s: the third one sees the event.
    expect(pollLines).toHaveLength(3);
    expect(pollLines[0]).toBe('Watch poll 1 at 0:00 of 5:00: 0 sessions, 0 new matching events.');
    expect(pollLines[2]).toBe('Watch poll 3 at 0:20 of 5:00: 1 session, 1 new matching event; stopping to report them.');
    expect(report?.watch).toMatchObject({ outcome: 'found', polls: 3, failedPolls: 0, watchedSeconds: 20, intervalSeconds: 10 });
    expect(kit.failure()).toMatch(/1 new matching event found .* and 'fail-on-events' is true/);
    expect(kit.outputs).toMatchObject({ status: 'found', found: 'true', 'event-count': '1' });
    expect(report?.alerting).toMatchObject({ cut: new Date(START).toISOString(), cutSource: 'the start of the watch', newEvents: 1 });
    expect(kit.summaryText()).toContain('Watch: new broken events found 20 s from');
    // The polls: one token for all, no raw requests until the match; then one scan with them for the report.
    expect(sim.countBy('token')).toBe(1);
    expect(debuggerQueries(sim)).toHaveLength(4);
    expect(sim.countBy('logs')).toBe(1);
    const lastPoll = debuggerQueries(sim)[2]?.at ?? Infinity;
    expect(sim.requests.filter((r) => r.endpoint === 'logs').every((r) => r.at >= lastPoll)).toBe(true);
    expect(report?.events[0]?.logStatus).toBe('fetched');
    expect(report?.groups[0]?.sampleRequests).toHaveLength(1);
  });

  it('passes after watch-minutes with nothing new, saying how long it watched and how many polls it made', async () => {
    // An event from before the start: inside the rounded-up window, but not newer than `since`.
    const { kit, report, sim, pollLines } = await watchRun([broken(START - 20_000)], {
      'watch-minutes': '1',
      'watch-interval': '30',
      'fail-on-events': 'true',
    });
    expect(kit.failure()).toBeUndefined();
    expect(pollLines).toHaveLength(3);
    expect(pollLines.map((l) => l.split(':')[0])).toEqual(['Watch poll 1 at 0', 'Watch poll 2 at 0', 'Watch poll 3 at 1']);
    expect(pollLines.every((l) => l.includes('0 new matching events'))).toBe(true);
    expect(kit.outputs).toMatchObject({ status: 'clean', found: 'false', 'event-count': '0' });
    expect(report?.watch).toMatchObject({ outcome: 'quiet', polls: 3, watchedSeconds: 60 });
    expect(kit.summaryText()).toContain('Watch: 1 min from');
    expect(kit.summaryText()).toContain('3 polls every 30 s: no new broken events.');
    // The polls' own scans make the report: no scan again, and no raw request ever.
    expect(debuggerQueries(sim)).toHaveLength(3);
    expect(sim.countBy('logs')).toBe(0);
  });

  it('does not stop or fail for a silenced group: its events are reported, the watch goes on to the end', async () => {
    const { kit, report, pollLines } = await watchRun([broken(START + 15_000)], {
      'watch-minutes': '1',
      'watch-interval': '30',
      'fail-on-events': 'true',
      ignore: 'Invalid value for parameter e_v',
    });
    expect(pollLines).toHaveLength(3);
    expect(pollLines[1]).toBe('Watch poll 2 at 0:30 of 1:00: 1 session, 0 new matching events (and 1 in silenced groups).');
    expect(report?.watch).toMatchObject({ outcome: 'quiet', polls: 3, watchedSeconds: 60 });
    expect(kit.failure()).toBeUndefined();
    expect(report?.groups[0]?.silenced).toMatchObject({ rule: 'Invalid value for parameter e_v' });
    expect(report?.alerting).toMatchObject({ newEvents: 1, silencedNewEvents: 1 });
    expect(kit.summaryText()).toContain('## 🔁 Piwik PRO: nothing to act on · 1 silenced group');
    expect(kit.summaryText()).toContain('3 polls every 30 s: new broken events in silenced groups only (1), so the watch went on.');
  });

  it('asks each poll only for the minutes since the start, rounded up', async () => {
    const { sim } = await watchRun([], { 'watch-minutes': '3', 'watch-interval': '60' });
    expect(debuggerQueries(sim).map((r) => r.query.lookup_window)).toEqual(['1', '1', '2', '3']);
  });

  it("counts from the 'since' input when given, so events after it and before the step stop the first poll", async () => {
    const deployedAt = new Date(START - 120_000).toISOString();
    const { report, pollLines, sim } = await watchRun([broken(START - 60_000), broken(START - 180_000)], {
      'watch-minutes': '5',
      since: deployedAt,
    });
    expect(pollLines).toHaveLength(1);
    expect(debuggerQueries(sim)[0]?.query.lookup_window).toBe('2');
    expect(report?.watch).toMatchObject({ outcome: 'found', polls: 1, since: deployedAt, sinceSource: "the 'since' input" });
    expect(report?.totals.events).toBe(1);
  });

  it('keeps what the polls found when the last scan, for raw requests, fails', async () => {
    // The three polls pass; the scan after them gets 500s, retries included.
    const faults = { debugger: [{ delayMs: 0 }, { delayMs: 0 }, { delayMs: 0 }, ...Array.from({ length: 5 }, () => ({ status: 500 }))] };
    const { kit, report } = await watchRun([broken(START + 15_000)], { 'watch-minutes': '5', 'fail-on-events': 'true' }, { faults });
    expect(report?.watch).toMatchObject({ outcome: 'found', polls: 3 });
    expect(report?.status).toBe('found');
    expect(report?.events.map((e) => e.logStatus)).toEqual(['skipped']);
    expect(report?.warnings).toContainEqual(
      expect.stringMatching(/^The scan for the raw requests .* failed \(.*HTTP 500.*\); the report shows what poll 3 found/),
    );
    expect(kit.failure()).toMatch(/1 new matching event found/);
  });

  it('retries a failed poll at the next one, and passes when the others were clean', async () => {
    // Five 500s: the first poll's request and its four retries.
    const faults = { debugger: Array.from({ length: 5 }, () => ({ status: 500 })) };
    const { kit, report, pollLines } = await watchRun([], { 'watch-minutes': '1', 'watch-interval': '30' }, { faults });
    expect(pollLines[0]).toMatch(
      /^Watch poll 1 at 0:00 of 1:00: 0 sessions, 0 new matching events; .*HTTP 500.*; tried again at the next poll\.$/,
    );
    expect(pollLines).toHaveLength(3);
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('clean');
    expect(report?.watch).toMatchObject({ outcome: 'quiet', polls: 3, failedPolls: 1 });
    expect(report?.warnings).toContainEqual(expect.stringMatching(/^1 of 3 watch polls failed and were tried again/));
  });

  it('reports the check failed only when every poll failed', async () => {
    const faults = { debugger: Array.from({ length: 15 }, () => ({ status: 503 })) };
    const { kit, report, pollLines } = await watchRun([], { 'watch-minutes': '1', 'watch-interval': '30' }, { faults });
    expect(pollLines).toHaveLength(3);
    expect(pollLines[2]).not.toContain('tried again');
    expect(report?.status).toBe('failed');
    expect(report?.watch).toMatchObject({ outcome: 'failed', polls: 3, failedPolls: 3 });
    expect(kit.failure()).toMatch(/HTTP 503/);
    expect(kit.summaryText()).toContain('no poll could read every site');
  });

  it('stops at once when the credentials are rejected: asking again cannot help', async () => {
    const { kit, report, pollLines } = await watchRun([], { 'watch-minutes': '5', 'client-secret': 'wrong' });
    expect(pollLines).toEqual([expect.stringMatching(/failed: .*rejected the API credentials.*so the watch stops\.$/)]);
    expect(report?.status).toBe('failed');
    expect(kit.failure()).toMatch(/rejected the API credentials/);
  });

  it('waits for min-events new events, counting each event once however many polls saw it', async () => {
    const { report, pollLines } = await watchRun([broken(START + 15_000), broken(START + 45_000, 'Invalid value for e_v again')], {
      'watch-minutes': '5',
      'min-events': '2',
    });
    // Polls at 20, 30 and 40 s see the first event; the one at 50 s the second.
    expect(pollLines).toHaveLength(6);
    expect(pollLines[2]).toContain('1 new matching event.');
    expect(pollLines[5]).toContain('2 new matching events; stopping');
    expect(report?.totals.events).toBe(2);
    expect(report?.alerting?.newEvents).toBe(2);
  });

  it('watches on below min-events, and reports what it saw at the end with raw requests', async () => {
    const { kit, report, pollLines, sim } = await watchRun([broken(START + 15_000)], {
      'watch-minutes': '1',
      'watch-interval': '30',
      'min-events': '2',
      'fail-on-events': 'true',
    });
    expect(pollLines).toHaveLength(3);
    expect(pollLines[1]).toBe('Watch poll 2 at 0:30 of 1:00: 1 session, 1 new matching event.');
    expect(kit.failure()).toBeUndefined();
    expect(report?.watch?.outcome).toBe('quiet');
    expect(report?.events.map((e) => e.logStatus)).toEqual(['fetched']);
    expect(sim.countBy('logs')).toBe(1);
    expect(kit.summaryText()).toContain("fewer new broken events than 'min-events', so the watch went on.");
  });

  it('keeps one token across a long watch, renewing it when it expires', async () => {
    const { report, sim } = await watchRun(
      [],
      { 'watch-minutes': '40', 'watch-interval': '300', 'timeout-seconds': '3000' },
      { tokenTtlSeconds: 600 },
    );
    expect(report?.watch).toMatchObject({ outcome: 'quiet', polls: 9, failedPolls: 0 });
    expect(sim.countBy('token')).toBeLessThan(9);
    expect(sim.countBy('token')).toBeGreaterThan(1);
  });
});
