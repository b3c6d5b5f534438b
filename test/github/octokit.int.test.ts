import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { createOctokit, UNPACED_WRITES } from '../../src/github/octokit.js';

/**
 * GitHub's write pacing as the client applies it: the first writes of a run
 * go one after another without waiting, the ones after come about a second
 * apart. Nothing here times how fast a write is: that the first writes do
 * not wait is shown with a "second" of an hour (a wait would hang the test
 * until its time limit), and the spacing after them by a lower bound (a slow
 * machine can make requests slower, never the waits shorter).
 */
const sinks: GitHubSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function pacedClient(msPerSecond: number) {
  const sink = await startGitHubSink({ owner: 'acme', repo: 'shop' });
  sinks.push(sink);
  const octokit = createOctokit('ghs_test', { baseUrl: sink.url, log: () => undefined, msPerSecond });
  const write = (i: number) => octokit.rest.issues.createLabel({ owner: 'acme', repo: 'shop', name: `label-${i}`, color: 'ffffff' });
  return { sink, write };
}

describe('the GitHub client', () => {
  it(`writes ${UNPACED_WRITES} times without waiting`, async () => {
    // Had any of these writes waited for its turn, it would wait an hour: the test's time limit fails it first.
    const { sink, write } = await pacedClient(3_600_000);
    for (let i = 0; i < UNPACED_WRITES; i++) await write(i);
    expect(sink.writes()).toHaveLength(UNPACED_WRITES);
  });

  it('then writes about one a second: never more than the bucket plus one a second since the client was made', async () => {
    const second = 1500;
    const made = Date.now();
    const { sink, write } = await pacedClient(second);
    for (let i = 0; i < UNPACED_WRITES + 2; i++) await write(i);
    const at = sink.writes().map((r) => r.at);
    expect(at).toHaveLength(UNPACED_WRITES + 2);
    // Write k past the bucket waits for k refills: a slow machine can make requests slower, never the waits shorter.
    for (let k = 1; k <= 2; k++) expect((at[UNPACED_WRITES - 1 + k] ?? 0) - made).toBeGreaterThanOrEqual(k * second * 0.9);
  }, 30_000);
});
