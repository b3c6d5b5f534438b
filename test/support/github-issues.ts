import { eventLinesOf } from '../../src/events/store.js';
import { onTestFinished } from 'vitest';
import { classifyGroups } from '../../src/alerting/classify.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import type { AlertConfig } from '../../src/config.js';
import { issueBody } from '../../src/github/issue-content.js';
import { findTrackedIssues, type IssueDeps } from '../../src/github/issue-list.js';
import { trackedKnowledge, type TrackedIssues } from '../../src/github/issue-plan.js';
import { applyIssues, type IssueOptions } from '../../src/github/issue-sync.js';
import { createOctokit } from '../../src/github/octokit.js';
import type { Report } from '../../src/report/report.js';
import type { Group, GroupState, ReportedEvent } from '../../src/types.js';
import { startGitHubSink, type GitHubSink, type GitHubSinkOptions } from '../../simulator/github.mjs';
import { makeGroup, makeReport } from './report-factory.js';

/**
 * The issue tests' common ground: a loopback GitHub sink per test (closed
 * after it), groups and reports with distinct fingerprints, issues seeded as
 * an earlier run would have left them, and `sync`, which runs list, classify
 * and act in the order src/pipeline.ts does.
 */

const OWNER = 'acme';
const REPO = 'shop';

export async function setup(options: Partial<GitHubSinkOptions> = {}) {
  const sink = await startGitHubSink({ owner: OWNER, repo: REPO, ...options });
  // Per test, not a module-level afterEach: the suite shares modules between files (isolate: false), so a hook
  // registered on import would run for the first file that imports this module only.
  onTestFinished(() => sink.close());
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  // msPerSecond 1: every retry-after, back-off and write spacing shrinks a thousandfold.
  const octokit = createOctokit('ghs_test', { baseUrl: sink.url, log, msPerSecond: 1 });
  const deps: IssueDeps = { octokit, owner: OWNER, repo: REPO, log, names: INPUT_NAMES };
  return { sink, deps, logs };
}

export function options(overrides: Partial<IssueOptions> = {}): IssueOptions {
  return { labels: ['broken-events'], assignees: [], closeResolved: false, dryRun: false, redact: true, ...overrides };
}

let nextFingerprint = 0xa000;
export function group(overrides: Partial<Group> = {}): Group {
  nextFingerprint += 1;
  return makeGroup({
    fingerprint: nextFingerprint.toString(16).padStart(16, '0'),
    eventType: 17,
    eventTypeLabel: 'Broken event',
    ...overrides,
  });
}

export function report(groups: Group[], overrides: Partial<Report> = {}): Report {
  return makeReport({ groups, ...overrides });
}

/** An issue as an earlier run would have left it. */
export function seedIssue(
  sink: GitHubSink,
  g: Group,
  how: {
    state?: 'open' | 'closed';
    state_reason?: 'completed' | 'not_planned';
    closed_at?: string;
    labels?: string[];
    locked?: boolean;
  } = {},
) {
  return sink.addIssue({
    title: `[Piwik PRO] Broken event: ${g.message}`,
    body: issueBody(g, { report: report([g]), redact: true }),
    labels: how.labels ?? ['broken-events'],
    state: how.state,
    state_reason: how.state_reason,
    // Before the factory's events (last seen 2025-03-04 09:58:40): their return is a regression.
    closed_at: how.closed_at ?? (how.state === 'closed' ? '2025-03-01T00:00:00Z' : undefined),
    locked: how.locked,
  });
}

export const issueCreates = (sink: GitHubSink) =>
  sink.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${OWNER}/${REPO}/issues` && r.status === 201);

const ALERTING: AlertConfig = { since: { kind: 'window' }, notify: 'changes', escalateFactor: 2, minEvents: 1, ignore: [] };

/**
 * Alert-on-change's state of each group, as src/pipeline.ts computes it from
 * the same issue list: every group's last event is new to this run (no cut).
 */
export function statesOf(tracked: TrackedIssues, groups: readonly Group[]): Map<string, GroupState | undefined> {
  const events: ReportedEvent[] = groups.map((g) => ({
    siteId: g.siteId,
    eventId: g.fingerprint,
    sessionId: 's',
    eventType: g.eventType,
    serverTime: g.lastSeen,
    fingerprint: g.fingerprint,
    logStatus: 'fetched',
  }));
  const known = tracked.error === undefined ? trackedKnowledge(tracked, groups) : undefined;
  const classified = classifyGroups(groups, eventLinesOf(events), ALERTING, {
    tracked: known,
    today: '2025-03-04',
    now: '2025-03-04T23:59:59.999Z',
  });
  return new Map(classified.groups.map((g) => [g.fingerprint, g.state]));
}

/** List, classify, act: what src/pipeline.ts does with the issues, with the states alert-on-change saw. */
export async function sync(deps: IssueDeps, r: Report, o: IssueOptions) {
  const tracked = await findTrackedIssues(deps, o.labels);
  const states = statesOf(tracked, r.groups);
  return { ...(await applyIssues(deps, r, tracked, o)), states };
}
