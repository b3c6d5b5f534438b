import { demoAccounts } from '../../simulator/demo-account.mjs';
import { EXAMPLE_IGNORE, EXAMPLE_TIMES, examplesDataset } from '../../simulator/dataset.mjs';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../../simulator/slack.mjs';
import { eventLinesOf } from '../../src/events/store.js';
import type { Report } from '../../src/report/report.js';
import type { WatchClock } from '../../src/watch/clock.js';
import { runAction } from './action-harness.js';

/**
 * The runs every golden rendering (Slack, issues, job summary), and so every
 * example in the README and docs, is made from: the action itself (`run`,
 * its GitHub Actions edge) over the loopback Piwik PRO simulator, GitHub and
 * Slack, on a fixed clock. Nothing here is written by hand: the report is the
 * one the run wrote, the payloads are what the sinks received. Two things a
 * test cannot have for real are set: the account's address (the simulator's
 * loopback port changes from run to run) and when someone closed an issue.
 *
 * The found run is the second of two over simulator/datasets/examples.mjs.
 * The first, 30 minutes earlier, opened an issue per problem it found; the
 * blog's was closed as fixed since. The second finds a NEW problem (an issue
 * created), one BACK after its issue was closed (reopened), one known and
 * still happening (its issue commented, no alert), one silenced by `ignore`,
 * and a site the scan stopped at max-sessions; two problems are hostile text.
 */

/** When the found run starts; its clock stands still, so every time it reads is this one. */
const GOLDEN_NOW = new Date('2025-03-04T10:00:00.000Z');
/** The account's address in what the runs wrote, for the simulator's loopback one. */
const GOLDEN_INSTANCE_URL = 'https://example.piwik.pro';
/** The Slack mention the found run is configured with: a user group. */
export const GOLDEN_MENTION = '<!subteam^S0123|@web-analytics>';
const MINUTE = 60_000;
const GITHUB = { owner: 'acme', repo: 'shop' };

/** An issue as GitHub holds it after the run, with the comments the run posted on it. */
export interface GoldenIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly comments: readonly string[];
}

/** What a run wrote: its report and job summary, and what Slack and GitHub received from it. */
export interface GoldenRun {
  readonly report: Report;
  /** The Slack payloads the run posted, as sent. */
  readonly slack: readonly string[];
  readonly issues: readonly GoldenIssue[];
  /** The job summary the step wrote. */
  readonly summary: string;
  /** Why the step failed, when it did. */
  readonly failed?: string;
}

/** The two golden runs, each made when first asked for. */
export interface GoldenRuns {
  /** The found run: new, back, still happening, silenced, a capped site. */
  found(): Promise<GoldenRun>;
  /** A run whose one site could not be read: the API client has no access to it. */
  failed(): Promise<GoldenRun>;
}

/**
 * The golden runs for one test file: call it at the file's top level. The
 * runs are made inside the first test that asks for them, once per execution
 * of the file, never kept in this shared module: a mutation run executes the
 * file again with a mutant on, and must not be handed runs made without it.
 */
export function goldenRuns(): GoldenRuns {
  let found: Promise<GoldenRun> | undefined;
  let failed: Promise<GoldenRun> | undefined;
  return {
    found: () => (found ??= recordFoundRun()),
    failed: () => (failed ??= recordFailedRun()),
  };
}

/** The inputs of both found runs: Slack with a mention, GitHub issues, the `ignore` rule, and a max-sessions the blog passes. */
function foundInputs(piwikUrl: string, siteIds: readonly string[], slackUrl: string): Record<string, string> {
  return {
    'instance-url': piwikUrl,
    'site-id': siteIds.join(' '),
    'client-id': 'test-client',
    'client-secret': 'test-secret',
    'slack-webhook-url': slackUrl,
    'slack-mention': GOLDEN_MENTION,
    'github-token': 'ghs_golden_token_0123456789abcdefghijkl',
    'create-issue': 'true',
    ignore: EXAMPLE_IGNORE,
    'max-sessions': '100',
  };
}

async function recordFoundRun(): Promise<GoldenRun> {
  let now = GOLDEN_NOW.getTime() - EXAMPLE_TIMES.previousRun * MINUTE;
  const clock: WatchClock = { now: () => new Date(now), sleep: () => Promise.resolve() };
  const dataset = examplesDataset(GOLDEN_NOW);
  const piwik = await startPiwikSimulator({ sites: dataset.sites, accounts: demoAccounts(), now: () => new Date(now) });
  const github = await startGitHubSink(GITHUB);
  const slack = await startSlackSink();
  try {
    const inputs = foundInputs(piwik.url, dataset.siteIds, slack.url);
    // The previous run: it opens an issue per problem it finds, and succeeds.
    const previous = github.addWorkflowRun({ id: 1, startedAt: new Date(now), conclusion: null });
    const first = await recordRun(inputs, { clock, runId: 1, github, slack, piwikUrl: piwik.url });
    if (first.failed !== undefined) throw new Error(`The previous golden run failed: ${first.failed}`);
    previous.conclusion = 'success';
    closeAsFixed(github, dataset.siteIds[1], GOLDEN_NOW.getTime() - EXAMPLE_TIMES.closed * MINUTE);
    now = GOLDEN_NOW.getTime();
    github.addWorkflowRun({ id: 2, startedAt: GOLDEN_NOW, conclusion: null });
    return await recordRun(inputs, { clock, runId: 2, github, slack, piwikUrl: piwik.url });
  } finally {
    await Promise.all([piwik.close(), github.close(), slack.close()]);
  }
}

async function recordFailedRun(): Promise<GoldenRun> {
  // The simulator knows no site: it answers 404 for the one asked for, as Piwik PRO does without access.
  const piwik = await startPiwikSimulator({ sites: {}, now: GOLDEN_NOW });
  const slack = await startSlackSink();
  try {
    const inputs = {
      'instance-url': piwik.url,
      'site-id': '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      'client-id': 'test-client',
      'client-secret': 'test-secret',
      'slack-webhook-url': slack.url,
    };
    const clock = { now: () => GOLDEN_NOW, sleep: () => Promise.resolve() };
    return await recordRun(inputs, { clock, runId: 3, slack, piwikUrl: piwik.url });
  } finally {
    await Promise.all([piwik.close(), slack.close()]);
  }
}

/** Someone closed the site's issue as fixed at `atMs` (set on the sink: its own clock is the real one). */
function closeAsFixed(github: GitHubSink, siteId: string, atMs: number): void {
  const issue = github.issues.find((i) => i.body?.includes(`site=${siteId}`));
  if (!issue) throw new Error(`The previous run opened no issue for site ${siteId}.`);
  Object.assign(issue, { state: 'closed', state_reason: 'completed', closed_at: new Date(atMs).toISOString() });
}

async function recordRun(
  inputs: Record<string, string>,
  on: {
    readonly clock: WatchClock;
    readonly runId: number;
    readonly piwikUrl: string;
    readonly slack: SlackSink;
    readonly github?: GitHubSink;
  },
): Promise<GoldenRun> {
  const { slack, github } = on;
  const named = (text: string) => text.replaceAll(on.piwikUrl, GOLDEN_INSTANCE_URL);
  const posted = slack.requests.length;
  const commented = github?.comments.length ?? 0;
  const env = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${GITHUB.owner}/${GITHUB.repo}`,
    GITHUB_RUN_ID: String(on.runId),
    GITHUB_WORKFLOW: 'Piwik PRO monitor',
    ...(github ? { GITHUB_API_URL: github.url } : {}),
  };
  const { kit, report } = await runAction(inputs, env, { clock: on.clock });
  if (!report) throw new Error(`The golden run wrote no report: ${kit.everything()}`);
  const comments = github?.comments.slice(commented) ?? [];
  const file = JSON.parse(named(JSON.stringify(report))) as typeof report;
  return {
    report: { ...file, events: eventLinesOf(file.events) },
    slack: slack.requests.slice(posted).map((r) => named(r.body ?? '')),
    summary: named(kit.summaryText()),
    issues: (github?.issues ?? []).map((i) => ({
      number: i.number,
      title: named(i.title),
      body: named(i.body ?? ''),
      state: i.state,
      comments: comments.filter((c) => c.issue_number === i.number).map((c) => named(c.body)),
    })),
    ...(kit.failure() === undefined ? {} : { failed: named(kit.failure() ?? '') }),
  };
}
