import { afterEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/github/octokit.js';
import { findPreviousSuccessfulRun } from '../../src/github/previous-run.js';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';

const MINUTE = 60_000;
const T0 = new Date('2026-11-29T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
let sink: GitHubSink | undefined;

afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

async function previousOf(runId: number, seed: (sink: GitHubSink) => void) {
  sink = await startGitHubSink({ owner: 'acme', repo: 'shop' });
  seed(sink);
  const octokit = createOctokit('ghs_test', { baseUrl: sink.url, log: () => undefined, msPerSecond: 0 });
  return findPreviousSuccessfulRun(octokit, { owner: 'acme', repo: 'shop', runId });
}

describe('findPreviousSuccessfulRun against the GitHub sink', () => {
  it('cuts at the start of the last successful run before this one', async () => {
    const previous = await previousOf(3, (s) => {
      s.addWorkflowRun({ id: 1, startedAt: at(0) });
      s.addWorkflowRun({ id: 2, startedAt: at(10) });
      s.addWorkflowRun({ id: 3, startedAt: at(20), conclusion: null });
    });
    expect(previous).toEqual({ startedAt: at(10).toISOString(), url: 'https://github.com/acme/shop/actions/runs/2' });
  });

  it('skips a run created after this one that already succeeded (a slow run, or a re-run of an old one)', async () => {
    // Newest first, the list leads with run 3; cutting at its start would drop the events between 10:10 and 10:20.
    const previous = await previousOf(2, (s) => {
      s.addWorkflowRun({ id: 1, startedAt: at(0) });
      s.addWorkflowRun({ id: 2, startedAt: at(10), conclusion: null });
      s.addWorkflowRun({ id: 3, startedAt: at(20) });
    });
    expect(previous).toMatchObject({ startedAt: at(0).toISOString() });
  });

  it('has no cut, and says why, when no successful run came before this one', async () => {
    const previous = await previousOf(2, (s) => {
      s.addWorkflowRun({ id: 1, startedAt: at(0), conclusion: 'failure' });
      s.addWorkflowRun({ id: 2, startedAt: at(10), conclusion: null });
      s.addWorkflowRun({ id: 3, startedAt: at(20) });
    });
    expect(previous).toEqual({ reason: 'this is the first successful run of the workflow' });
  });
});
