import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { createOctokit, UNPACED_WRITES } from '../../src/github/octokit.js';

/**
 * GitHub's write pacing as the client applies it: the first writes of a run
 * go one after another without waiting, the ones after are spaced a second
 * apart. Only a lower bound on the spacing is asserted (a slow machine can
 * make requests slower, never the waits shorter), and an upper bound far
 * above what unspaced loopback writes take.
 */
const sinks: GitHubSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

describe('the GitHub client', () => {
  it(`writes ${UNPACED_WRITES} times without a gap, then one write a second`, async () => {
    const sink = await startGitHubSink({ owner: 'acme', repo: 'shop' });
    sinks.push(sink);
    const second = 1000;
    const octokit = createOctokit('ghs_test', { baseUrl: sink.url, log: () => undefined, msPerSecond: second });
    for (let i = 0; i < UNPACED_WRITES + 2; i++) {
      await octokit.rest.issues.createLabel({ owner: 'acme', repo: 'shop', name: `label-${i}`, color: 'ffffff' });
    }
    const at = sink.writes().map((r) => r.at);
    expect(at).toHaveLength(UNPACED_WRITES + 2);
    const first = at[0] ?? 0;
    // Ten writes spaced a second apart would take nine seconds.
    expect((at[UNPACED_WRITES - 1] ?? 0) - first).toBeLessThan((UNPACED_WRITES - 1) * second * 0.8);
    // Past the bucket, each write waits for its refill.
    expect((at[UNPACED_WRITES + 1] ?? 0) - (at[UNPACED_WRITES] ?? 0)).toBeGreaterThanOrEqual(second * 0.7);
  }, 30_000);
});
