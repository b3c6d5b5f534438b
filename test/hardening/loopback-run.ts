import { readFile } from 'node:fs/promises';
import { makeSession } from '../../simulator/dataset.mjs';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../../simulator/slack.mjs';
import { closeLater, piwikInputs, runAction, type ActionRun } from '../support/action-harness.js';

/**
 * What the third round's privacy, flood and message cases share: the shop's
 * sessions built from event specs, the Piwik PRO simulator (with what its
 * account knows), the Slack and GitHub sinks, a run through the action's edge
 * with all three wired, and everything that run wrote anywhere.
 */
export const NOW = new Date();
export const SHOP = '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13';
const GITHUB_ENV = { GITHUB_REPOSITORY: 'acme/site', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' };

type EventSpec = Parameters<typeof makeSession>[0]['events'][number];
type SimulatorOptions = NonNullable<Parameters<typeof startPiwikSimulator>[0]>;

export interface Sinks {
  readonly slack: SlackSink;
  readonly github: GitHubSink;
}

/** One session per event, `minutesAgo[i]` minutes old (one minute by default), each a separate visit to the shop. */
export async function shopSimulator(
  events: readonly EventSpec[],
  options: Omit<SimulatorOptions, 'sites' | 'now'> & { readonly minutesAgo?: readonly number[] } = {},
): Promise<PiwikSimulator> {
  const sessions = events.map((event, i) =>
    makeSession({ appId: SHOP, updatedAt: new Date(NOW.getTime() - (options.minutesAgo?.[i] ?? 1) * 60_000), events: [event] }),
  );
  return closeLater(await startPiwikSimulator({ ...options, sites: { [SHOP]: sessions }, now: NOW }));
}

export async function startSinks(): Promise<Sinks> {
  return {
    slack: closeLater(await startSlackSink()),
    github: closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' })),
  };
}

/** A run of the action over the shop with Slack and GitHub issues on. */
export function runWithSinks(sim: PiwikSimulator, s: Sinks, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      ...piwikInputs(sim, [SHOP]),
      'slack-webhook-url': s.slack.url,
      'github-token': 'ghs_hardening_token_0123456789abcdefghij',
      'create-issue': 'true',
      ...inputs,
    },
    { ...GITHUB_ENV, GITHUB_API_URL: s.github.url },
  );
}

/** Everything a run wrote: log, annotations, outputs, summary, report, raw requests file, Slack, GitHub and Piwik PRO annotations. */
export async function everythingWritten(run: ActionRun, s: Sinks, sim: PiwikSimulator): Promise<string> {
  const evidence = run.kit.outputs['raw-requests-path'];
  return [
    run.kit.everything(),
    JSON.stringify(run.report),
    evidence ? await readFile(evidence, 'utf8') : '',
    ...s.slack.requests.map((r) => r.body ?? ''),
    ...s.github.writes().map((w) => JSON.stringify(w.body)),
    JSON.stringify(sim.annotations(SHOP)),
  ].join('\n');
}
