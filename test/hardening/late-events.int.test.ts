import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, makeSession } from '../../simulator/dataset.mjs';
import { startGitHubSink } from '../../simulator/github.mjs';
import type { SimSession } from '../../simulator/dataset.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction, type ReportFile } from '../support/action-harness.js';

/**
 * Issue 28, item 3: an event that becomes visible only after the run that covered its time (ingestion lag)
 * is new in the next run, with the state file and with GitHub issues as the memory; nothing is reported twice.
 */
const { shop } = DEMO_SITE_IDS;
closeServersAfterEach();

const broken = (message: string, at: Date) =>
  makeSession({ appId: shop, updatedAt: at, events: [{ type: 17, errorMessage: message, url: 'https://shop.example.com/' }] });

const OLD_PROBLEM = 'Invalid custom event value: twelve';
const LATE_PROBLEM = 'Missing required parameter: idsite';

const newCounts = (report: ReportFile | undefined) =>
  Object.fromEntries((report?.groups ?? []).map((g) => [g.message, [g.state, g.newCount]]));

/** Three runs: the first sees one event; then an event 20 s before the first run's end shows up late; then nothing new. */
async function lateArrival(inputs: Record<string, string>, env: NodeJS.ProcessEnv, lateMessage: string) {
  const now = new Date();
  const sessions: SimSession[] = [broken(OLD_PROBLEM, new Date(now.getTime() - 90_000))];
  const run = async () => runAction({ ...piwikInputs(await piwikSimulator(now, { sites: { [shop]: sessions } }), [shop]), ...inputs }, env);
  const first = await run();
  expect(newCounts(first.report)).toEqual({ [OLD_PROBLEM]: ['new', 1] });
  const end = Date.parse(first.report?.window.to ?? '');
  sessions.push(broken(lateMessage, new Date(end - 20_000)));
  const second = await run();
  const third = await run();
  return { second, third };
}

describe('late events', () => {
  it('a new problem whose first event shows up late is NEW in the next run, with the state file; nothing twice', async () => {
    const stateFile = join(await mkdtemp(join(tmpdir(), 'late-')), 'state.json');
    const { second, third } = await lateArrival({ 'state-file': stateFile, 'fail-on-events': 'true' }, {}, LATE_PROBLEM);
    expect(newCounts(second.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 0], [LATE_PROBLEM]: ['new', 1] });
    expect(second.kit.failure()).toMatch(/1 new matching event found/);
    expect(newCounts(third.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 0], [LATE_PROBLEM]: ['ongoing', 0] });
    expect(third.kit.failure()).toBeUndefined();
  });

  it("a known problem's late event is new in the next run, with the state file", async () => {
    const stateFile = join(await mkdtemp(join(tmpdir(), 'late-')), 'state.json');
    const { second, third } = await lateArrival({ 'state-file': stateFile }, {}, OLD_PROBLEM);
    expect(newCounts(second.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 1] });
    expect(newCounts(third.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 0] });
  });

  it("a known problem's late event is new in the next run, with its GitHub issue as the memory", async () => {
    const github = closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' }));
    const inputs = { 'github-token': 'ghs_late_token_0123456789abcdefghijklm', 'create-issue': 'true' };
    const env = { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: github.url };
    const { second, third } = await lateArrival(inputs, env, OLD_PROBLEM);
    expect(newCounts(second.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 1] });
    expect(newCounts(third.report)).toEqual({ [OLD_PROBLEM]: ['ongoing', 0] });
    expect(github.issues).toHaveLength(1);
  });
});
