import { describe, expect, it } from 'vitest';
import { trafficSessions } from '../../simulator/dataset.mjs';
import { steppingClock } from '../support/clock.js';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * The post-deploy watch fails on silence (issue 24, point 4), through the action's edge against
 * the simulator over loopback HTTP, on a shared clock whose sleep moves time on at once.
 */
closeServersAfterEach();

const SITE = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const START = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

/** Three page views a minute (or one every `everySeconds`) from two hours before the watch until `stopAt`. */
async function watchRun(stopAt: number, inputs: Record<string, string>, everySeconds = 20) {
  const clock = steppingClock(START);
  const sessions = trafficSessions(SITE, { from: new Date(START - 120 * MINUTE), to: new Date(stopAt), everySeconds, seed: 'deploy' });
  const sim = await piwikSimulator(new Date(START), {
    sites: { [SITE]: sessions },
    accounts: { [SITE]: { app: { name: 'Example Store', timezone: 'Europe/Berlin' } } },
    now: clock.ms,
  });
  const run = await runAction(
    { ...piwikInputs(sim, [SITE]), 'watch-interval': '30', 'fail-on-events': 'true', 'timeout-seconds': '7200', ...inputs },
    { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '7' },
    { clock },
  );
  return { ...run, sim, clock, pollLines: run.kit.logs.filter((l) => l.startsWith('Watch poll ')) };
}

describe('a post-deploy watch whose page views stop', () => {
  it('fails within silence-minutes and one watch-interval, naming the site and the last page view', async () => {
    const stop = START + 5 * MINUTE;
    const { kit, report, clock, pollLines, sim } = await watchRun(stop, { 'watch-minutes': '30' });
    // The last page view at 12:04:40; silent (10 quiet minutes, the watch default) from 12:15, seen at the next poll.
    expect(clock.ms() - (stop - 20_000)).toBeLessThanOrEqual(10 * MINUTE + 30_000 + 20_000);
    expect(report?.watch).toMatchObject({ outcome: 'silent' });
    expect(kit.failure()).toContain('🔇 Tracking silent on Example Store');
    expect(kit.failure()).toContain('last page view 12:04 UTC');
    expect(kit.failure()).toContain("'fail-on-events' is true");
    expect(kit.outputs['silent-sites']).toBe(SITE);
    expect(report?.groups[0]?.volume).toMatchObject({ kind: 'silent', duringWatch: true, lastPageView: '2026-11-30T12:04:00.000Z' });
    // Each poll's line shows the page views seen since the watch started.
    expect(pollLines[0]).toMatch(/0 new matching events, \d+ page views? since 12:00 UTC\.$/);
    expect(pollLines.at(-1)).toMatch(
      /page views since 12:00 UTC; 5a1b2c3d-.* silent for 10\+ min \(last page view 12:04 UTC\); stopping to report them\.$/,
    );
    // One real-time request a poll, no query API request: the watch judges silence only.
    expect(sim.countBy('realTimeQuery')).toBe(pollLines.length);
    expect(sim.countBy('query')).toBe(0);
    expect(kit.summaryText()).toContain("Watch: a site's page views stopped");
  });

  it('passes when page views go on, and silence-minutes 1 is judged to the minute', async () => {
    const steady = await watchRun(START + 60 * MINUTE, { 'watch-minutes': '3' });
    expect(steady.kit.failure()).toBeUndefined();
    expect(steady.report?.watch).toMatchObject({ outcome: 'quiet' });
    expect(steady.report?.sites[0]?.volume).toMatchObject({ status: 'ok' });

    // Twelve page views a minute before the watch: at least 10 expected in one minute.
    const oneMinute = await watchRun(START + MINUTE, { 'watch-minutes': '10', 'silence-minutes': '1' }, 5);
    expect(oneMinute.report?.watch).toMatchObject({ outcome: 'silent' });
    // Page views until 12:00:55 (the 12:00 minute); silent from 12:02, seen by the poll at 12:02:00 or 12:02:30.
    expect(oneMinute.clock.ms()).toBeLessThanOrEqual(START + 2 * MINUTE + 30_000);
  });
});
