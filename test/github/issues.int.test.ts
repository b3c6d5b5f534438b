import { afterEach, describe, expect, it } from 'vitest';
import { issueBody, parseIssueMarker } from '../../src/github/issue-content.js';
import type { PriorKnowledge } from '../../src/alerting/classify.js';
import { parseIssueState } from '../../src/github/issue-content.js';
import {
  applyIssues,
  classify,
  findTrackedIssues,
  syncIssues,
  trackedKnowledge,
  type IssueDeps,
  type IssueOptions,
} from '../../src/github/issues.js';
import { createOctokit } from '../../src/github/octokit.js';
import type { Report } from '../../src/report/report.js';
import type { Group } from '../../src/types.js';
import {
  primaryRateLimit,
  resourceNotAccessible,
  secondaryRateLimit,
  startGitHubSink,
  type GitHubSink,
  type GitHubSinkOptions,
} from '../../simulator/github.mjs';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

const OWNER = 'acme';
const REPO = 'shop';

const sinks: GitHubSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function setup(options: Partial<GitHubSinkOptions> = {}) {
  const sink = await startGitHubSink({ owner: OWNER, repo: REPO, ...options });
  sinks.push(sink);
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  // msPerSecond 1: every retry-after, back-off and write spacing shrinks a thousandfold.
  const octokit = createOctokit('ghs_test', { baseUrl: sink.url, log, msPerSecond: 1 });
  const deps: IssueDeps = { octokit, owner: OWNER, repo: REPO, log };
  return { sink, deps, logs };
}

function options(overrides: Partial<IssueOptions> = {}): IssueOptions {
  return { labels: ['broken-events'], assignees: [], closeResolved: false, dryRun: false, redact: true, ...overrides };
}

let nextFingerprint = 0xa000;
function group(overrides: Partial<Group> = {}): Group {
  nextFingerprint += 1;
  return makeGroup({
    fingerprint: nextFingerprint.toString(16).padStart(16, '0'),
    eventType: 17,
    eventTypeLabel: 'Broken event',
    ...overrides,
  });
}

function report(groups: Group[], overrides: Partial<Report> = {}): Report {
  return makeReport({ groups, ...overrides });
}

/** An issue as an earlier run would have left it. */
function seedIssue(
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

const issueCreates = (sink: GitHubSink) =>
  sink.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${OWNER}/${REPO}/issues` && r.status === 201);

describe('syncIssues against the GitHub sink', () => {
  it('creates one labelled, assigned issue per group, with the marker, and reports their URLs', async () => {
    const { sink, deps } = await setup();
    const groups = [group({ message: 'first error' }), group({ message: 'second error' })];
    const result = await syncIssues(deps, report(groups), options({ labels: ['broken-events', 'piwik'], assignees: ['octocat'] }));

    expect(result.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(2);
    for (const [i, issue] of sink.issues.entries()) {
      expect(parseIssueMarker(issue.body)).toEqual({ fingerprint: groups[i].fingerprint, siteId: SITE_A, eventType: 17 });
      expect(issue.labels.map((l) => l.name)).toEqual(['broken-events', 'piwik']);
      expect(issue.assignees.map((a) => a.login)).toEqual(['octocat']);
      expect(issue.title).toBe(`[Piwik PRO] Broken event: ${groups[i].message}`);
    }
    expect(result.delivery.urls).toEqual(sink.issues.map((i) => i.html_url));
    expect(result.delivery.detail).toBe('2 issues created.');
    expect(result.links.get(groups[0].fingerprint)).toEqual({
      number: 1,
      url: 'https://github.com/acme/shop/issues/1',
      action: 'created',
    });
    expect([...result.previousStates.values()]).toEqual(['new', 'new']);
  });

  it('creates missing labels with a colour and description before use, and leaves existing ones alone', async () => {
    const { sink, deps } = await setup();
    sink.addLabel({ name: 'Piwik', color: '000000', description: 'ours already' });
    await syncIssues(deps, report([group()]), options({ labels: ['broken-events', 'piwik', 'triage'] }));

    const created = sink.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels'));
    expect(created.map((r) => r.body.name)).toEqual(['broken-events', 'triage']);
    for (const r of created) {
      expect(r.body.color).toMatch(/^[0-9a-f]{6}$/);
      expect(r.body.description.length).toBeGreaterThan(0);
      expect(r.body.description.length).toBeLessThanOrEqual(100);
    }
    expect(sink.labels.find((l) => l.name === 'Piwik')).toMatchObject({ color: '000000', description: 'ours already' });
    // Labels come first: the issue is created after every label exists.
    const firstIssue = sink.requests.findIndex((r) => r.method === 'POST' && r.path.endsWith('/issues'));
    const lastLabel = sink.requests.findLastIndex((r) => r.path.includes('/labels'));
    expect(lastLabel).toBeLessThan(firstIssue);
  });

  it('two runs over the same events: each issue is created once and commented on once', async () => {
    const { sink, deps } = await setup();
    const groups = [group({ message: 'a' }), group({ message: 'b' }), group({ message: 'c' })];

    const first = await syncIssues(deps, report(groups), options());
    const second = await syncIssues(deps, report(groups), options());

    expect(first.delivery.status).toBe('sent');
    expect(second.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(3);
    expect(issueCreates(sink)).toHaveLength(3);
    for (const issue of sink.issues) expect(sink.commentsOn(issue.number)).toHaveLength(1);
    expect(sink.comments[0].body).toContain('### Seen again: 12 events in 7 sessions');
    expect([...second.links.values()].map((l) => l.action)).toEqual(['commented', 'commented', 'commented']);
    expect([...second.previousStates.values()]).toEqual(['ongoing', 'ongoing', 'ongoing']);
    expect(second.delivery.urls).toEqual(sink.issues.map((i) => i.html_url));
    // Listing went through the issues list, never the search API.
    expect(sink.requests.some((r) => r.path.startsWith('/search'))).toBe(false);
    expect(
      sink.requests
        .filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))
        .every((r) => r.query.state === 'all' && r.query.labels === 'broken-events'),
    ).toBe(true);
  });

  it('reopens the most recently closed issue of a group that is back, with a regression comment', async () => {
    const { sink, deps } = await setup();
    const g = group();
    const older = seedIssue(sink, g, { state: 'closed', closed_at: '2025-02-01T00:00:00Z' });
    const newer = seedIssue(sink, g, { state: 'closed', closed_at: '2025-03-01T08:00:00Z' });

    const result = await syncIssues(deps, report([g]), options());

    expect(result.delivery.status).toBe('sent');
    expect(result.previousStates.get(g.fingerprint)).toBe('regressed');
    expect(result.links.get(g.fingerprint)).toEqual({ number: newer.number, url: newer.html_url, action: 'reopened' });
    expect(newer.state).toBe('open');
    expect(newer.state_reason).toBe('reopened');
    expect(older.state).toBe('closed');
    expect(sink.commentsOn(newer.number)).toHaveLength(1);
    expect(sink.commentsOn(newer.number)[0].body).toContain('closed on 2025-03-01 08:00:00 UTC');
    expect(issueCreates(sink)).toHaveLength(0);
  });

  it('records the count it reported in the body, for the next run\u2019s alert-on-change', async () => {
    const { sink, deps } = await setup();
    const g = group({ count: 12 });
    await syncIssues(deps, report([g]), options());
    expect(parseIssueState(sink.issues[0].body)).toEqual({ count: 12, reportedAt: '2025-03-04T10:00:05.000Z' });

    sink.issues[0].body += '\n\nA note a person added.';
    await syncIssues(deps, report([{ ...g, count: 30 }], { generatedAt: '2025-03-04T11:00:05.000Z' }), options());
    expect(parseIssueState(sink.issues[0].body)).toEqual({ count: 30, reportedAt: '2025-03-04T11:00:05.000Z' });
    expect(sink.issues[0].body).toContain('A note a person added.');

    const tracked = await findTrackedIssues(deps, ['broken-events']);
    const prior: PriorKnowledge = { tracked: trackedKnowledge(tracked), today: '2025-03-04' };
    expect(prior.tracked?.get(g.fingerprint)).toEqual({ open: true, lastCount: 30 });
  });

  it('does not reopen an issue closed after the events this run saw', async () => {
    const { sink, deps } = await setup();
    const g = group({ lastSeen: '2025-03-04T09:58:40Z' });
    const issue = seedIssue(sink, g, { state: 'closed', closed_at: '2025-03-04T09:59:00Z' });
    const result = await syncIssues(deps, report([g]), options());
    expect(issue.state).toBe('closed');
    expect(result.links.get(g.fingerprint)?.action).toBe('unchanged');
    expect(result.previousStates.get(g.fingerprint)).toBe('ongoing');
    expect(sink.writes()).toHaveLength(0);
    // Alert-on-change hears the same: known, not a regression.
    const tracked = await findTrackedIssues(deps, ['broken-events']);
    expect(trackedKnowledge(tracked, [g]).get(g.fingerprint)?.open).toBe(true);
    expect(trackedKnowledge(tracked).get(g.fingerprint)?.open).toBe(false);
  });

  it('leaves an issue closed as not planned closed: a person decided', async () => {
    const { sink, deps } = await setup();
    const g = group();
    const issue = seedIssue(sink, g, { state: 'closed', state_reason: 'not_planned' });
    const result = await syncIssues(deps, report([g]), options());
    expect(issue.state).toBe('closed');
    expect(result.links.get(g.fingerprint)?.action).toBe('unchanged');
    expect(result.previousStates.get(g.fingerprint)).toBe('ongoing');
    expect(trackedKnowledge(await findTrackedIssues(deps, ['broken-events'])).get(g.fingerprint)?.open).toBe(true);
    expect(result.delivery.status).toBe('skipped');
    expect(sink.writes()).toHaveLength(0);
  });

  it('closes an open issue whose group is gone only when its site was scanned completely', async () => {
    const { sink, deps } = await setup();
    const goneA = group({ siteId: SITE_A });
    const goneB = group({ siteId: SITE_B });
    const stillThere = group({ siteId: SITE_A });
    const issueA = seedIssue(sink, goneA);
    const issueB = seedIssue(sink, goneB);
    const issueStill = seedIssue(sink, stillThere);
    const sites = [makeSite({ siteId: SITE_A, complete: true }), makeSite({ siteId: SITE_B, complete: false, capped: true })];

    const result = await syncIssues(deps, report([stillThere], { sites }), options({ closeResolved: true }));

    expect(result.delivery.status).toBe('sent');
    expect(issueA.state).toBe('closed');
    expect(issueA.state_reason).toBe('completed');
    expect(sink.commentsOn(issueA.number)[0].body).toContain('gone since at least 2025-03-04 09:00:00 UTC');
    expect(issueB.state).toBe('open'); // capped: absence proves nothing
    expect(sink.commentsOn(issueB.number)).toHaveLength(0);
    expect(issueStill.state).toBe('open');
    expect(result.closed).toEqual([
      { number: issueA.number, url: issueA.html_url, action: 'closed', fingerprint: goneA.fingerprint, siteId: SITE_A },
    ]);
    expect(result.delivery.urls).toContain(issueA.html_url);
  });

  it('never closes for a site whose scan failed, an event type not scanned, a page-URL filter, or without closeResolved', async () => {
    const { sink, deps } = await setup();
    const gone = group({ siteId: SITE_A });
    const otherType = group({ siteId: SITE_A, eventType: 18, eventTypeLabel: 'Excluded event' });
    const issue = seedIssue(sink, gone);
    const typeIssue = seedIssue(sink, otherType);
    const complete = [makeSite({ siteId: SITE_A, complete: true })];

    await syncIssues(
      deps,
      report([], { sites: [makeSite({ siteId: SITE_A, complete: false, error: 'HTTP 500' })] }),
      options({ closeResolved: true }),
    );
    await syncIssues(
      deps,
      report([], { sites: complete, settings: { redact: true, fetchLogs: true, maxSessions: 1000, pageUrl: '/checkout' } }),
      options({ closeResolved: true }),
    );
    await syncIssues(deps, report([], { sites: complete }), options({ closeResolved: false }));
    expect(issue.state).toBe('open');
    expect(sink.writes()).toHaveLength(0);

    // With everything in place, only the scanned event type is closed.
    await syncIssues(deps, report([], { sites: complete }), options({ closeResolved: true }));
    expect(issue.state).toBe('closed');
    expect(typeIssue.state).toBe('open');
  });

  it('pages through a long issue list, skips pull requests and foreign issues, and finds an issue on the last page', async () => {
    const { sink, deps } = await setup({ perPage: 5 });
    const target = group();
    for (let i = 0; i < 20; i++) seedIssue(sink, group());
    sink.addIssue({ title: 'A human issue', body: 'No marker here', labels: ['broken-events'] });
    sink.addIssue({
      title: 'A pull request',
      body: issueBody(target, { report: report([target]), redact: true }),
      labels: ['broken-events'],
      pull_request: true,
    });
    const issue = seedIssue(sink, target);
    // The oldest issue is listed last (newest first).
    sink.issues.unshift(sink.issues.pop()!);

    const tracked = await findTrackedIssues(deps, ['broken-events']);
    expect(tracked.error).toBeUndefined();
    expect(tracked.issues).toHaveLength(21);
    const pages = sink.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'));
    expect(pages).toHaveLength(5); // 23 listed, 5 a page
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3', '4', '5']);

    const result = await applyIssues(deps, report([target]), tracked, options());
    expect(result.links.get(target.fingerprint)).toMatchObject({ number: issue.number, action: 'commented' });
    expect(issueCreates(sink)).toHaveLength(0);
  });

  it('lets alert-on-change classify between listing and acting', async () => {
    const { sink, deps } = await setup();
    const fresh = group();
    const ongoing = group();
    const back = group();
    seedIssue(sink, ongoing);
    seedIssue(sink, back, { state: 'closed' });

    const tracked = await findTrackedIssues(deps, ['broken-events']);
    const states = classify(report([fresh, ongoing, back]), tracked);
    expect(Object.fromEntries(states)).toEqual({
      [fresh.fingerprint]: 'new',
      [ongoing.fingerprint]: 'ongoing',
      [back.fingerprint]: 'regressed',
    });
    expect(sink.writes()).toHaveLength(0);

    const withStates = report([fresh, ongoing, back].map((g) => ({ ...g, state: states.get(g.fingerprint) })));
    const result = await applyIssues(deps, withStates, tracked, options());
    expect([...result.links.values()].map((l) => l.action)).toEqual(['created', 'commented', 'reopened']);
  });

  it('opens no issue for a silenced group, and does not comment when every event was already reported', async () => {
    const { sink, deps } = await setup();
    const silenced = group({ silenced: { rule: 'idgoal' } });
    const known = group({ newCount: 0 });
    seedIssue(sink, known);
    const result = await syncIssues(deps, report([silenced, known]), options());
    expect(sink.writes()).toHaveLength(0);
    expect(result.links.has(silenced.fingerprint)).toBe(false);
    expect(result.links.get(known.fingerprint)?.action).toBe('unchanged');
    expect(result.delivery.status).toBe('skipped');
  });

  it('opens at most maxNewIssues issues in one run and says so', async () => {
    const { sink, deps } = await setup();
    const result = await syncIssues(deps, report([group(), group(), group()]), options({ maxNewIssues: 2 }));
    expect(sink.issues).toHaveLength(2);
    expect(result.delivery.detail).toContain('1 group got no issue: the limit of 2 new issues per run was reached');
  });

  it('opens the issue unassigned when GitHub refuses an assignee', async () => {
    const { sink, deps, logs } = await setup({ assignable: ['octocat'] });
    const result = await syncIssues(deps, report([group()]), options({ assignees: ['nobody-here'] }));
    expect(result.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(1);
    expect(sink.issues[0].assignees).toEqual([]);
    expect(logs.join('\n')).toContain('opening the issue without them');
  });

  it('keeps huge groups under GitHub\u2019s body limit (the sink refuses longer bodies)', async () => {
    const { sink, deps } = await setup();
    const huge = makeRawRequest({ queryParams: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, '<'.repeat(300)])) });
    const g = group({ message: '<'.repeat(20_000), sampleRequests: [huge, huge, huge] });
    const first = await syncIssues(deps, report([g]), options());
    const second = await syncIssues(deps, report([g]), options());
    expect(first.delivery.status).toBe('sent');
    expect(second.delivery.status).toBe('sent');
    expect(sink.issues[0].body!.length).toBeLessThanOrEqual(65_536);
    expect(sink.comments).toHaveLength(1);
  });

  describe('dry run', () => {
    it('writes nothing and logs what it would do', async () => {
      const { sink, deps, logs } = await setup();
      const fresh = group({ message: 'fresh @octocat' });
      const ongoing = group();
      const back = group();
      const gone = group();
      seedIssue(sink, ongoing);
      seedIssue(sink, back, { state: 'closed' });
      seedIssue(sink, gone);

      const result = await syncIssues(
        deps,
        report([fresh, ongoing, back]),
        options({ dryRun: true, closeResolved: true, labels: ['broken-events', 'new-label'] }),
      );

      expect(sink.writes()).toHaveLength(0);
      expect(sink.requests.every((r) => r.method === 'GET')).toBe(true);
      expect(result.delivery.status).toBe('dry-run');
      expect(result.delivery.urls).toEqual([]);
      expect([...result.links.values()].map((l) => l.action)).toEqual(['would-create', 'would-comment', 'would-reopen']);
      expect(result.closed.map((l) => l.action)).toEqual(['would-close']);
      expect(logs.filter((l) => l.startsWith('Dry run:'))).toHaveLength(4);
      expect(logs.join('\n')).toContain(
        'would create an issue "[Piwik PRO] Broken event: fresh @\u200boctocat" with labels broken-events, new-label',
      );
    });
  });

  describe('errors', () => {
    it('a 403 on a write fails the delivery with the permissions block to add, and does not throw', async () => {
      const { sink, deps } = await setup({ faults: [resourceNotAccessible({ method: 'POST' })] });
      const result = await syncIssues(deps, report([group(), group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain('Resource not accessible by integration');
      expect(result.delivery.detail).toContain('permissions:\n  issues: write');
      // The first refusal stops the run: one write tried, nothing more.
      expect(sink.writes()).toHaveLength(1);
      expect(sink.issues).toHaveLength(0);
    });

    it('a 403 on a comment after earlier successes keeps what was done', async () => {
      const { sink, deps } = await setup();
      const existing = group();
      const fresh = group();
      seedIssue(sink, existing);
      sink.faults.push(resourceNotAccessible({ method: 'POST', path: /\/comments$/ }));
      const result = await syncIssues(deps, report([fresh, existing]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain('issues: write');
      expect(result.delivery.urls).toEqual([sink.issues[1].html_url]);
      expect(result.links.get(fresh.fingerprint)?.action).toBe('created');
      expect(result.links.has(existing.fingerprint)).toBe(false);
    });

    it('a 404 on the list fails with the permissions block and writes nothing', async () => {
      const { sink, deps } = await setup({ faults: [{ method: 'GET', path: /\/issues$/, status: 404, body: { message: 'Not Found' } }] });
      const tracked = await findTrackedIssues(deps, ['broken-events']);
      expect(tracked.error).toContain('issues: write');
      expect(classify(report([group()]), tracked).size).toBe(0);
      const result = await applyIssues(deps, report([group()]), tracked, options());
      expect(result.delivery.status).toBe('failed');
      expect(sink.writes()).toHaveLength(0);
    });

    it('a 422 on one group is recorded and the others still go through', async () => {
      const { sink, deps } = await setup({
        faults: [
          {
            method: 'POST',
            path: /\/issues$/,
            status: 422,
            body: {
              message: 'Validation Failed',
              errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long' }],
            },
          },
        ],
      });
      const result = await syncIssues(deps, report([group(), group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain('HTTP 422: Validation Failed: body is too long');
      expect(sink.issues).toHaveLength(1);
    });

    it('disabled issues (410) say how to fix it', async () => {
      const { deps } = await setup({
        faults: [{ method: 'GET', path: '/repos/acme/shop/issues', status: 410, body: { message: 'Issues are disabled for this repo' } }],
      });
      const result = await syncIssues(deps, report([group()]), options());
      expect(result.delivery).toMatchObject({ status: 'failed' });
      expect(result.delivery.detail).toContain('Issues are disabled in acme/shop');
    });

    it('an unreachable API fails the delivery without throwing', async () => {
      const { sink, deps } = await setup();
      await sink.close();
      const result = await syncIssues(deps, report([group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toMatch(/Could not list the issues/);
    });
  });

  describe('rate limits and retries', () => {
    it('retries twice after a secondary rate limit, logging the wait', async () => {
      const { sink, deps, logs } = await setup({
        faults: [{ ...secondaryRateLimit({ method: 'POST', path: /\/issues$/ }, { retryAfter: 2 }), times: 2 }],
      });
      const result = await syncIssues(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
      expect(logs.filter((l) => l.includes('secondary rate limit') && /retry \d of 2 in 2 s/.test(l))).toHaveLength(2);
    });

    it('gives up after the second retry with a rate-limit message (429 too)', async () => {
      const { sink, deps } = await setup({
        faults: [{ ...secondaryRateLimit({ method: 'POST', path: /\/issues$/ }, { status: 429, retryAfter: 1 }), times: 3 }],
      });
      const result = await syncIssues(deps, report([group(), group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain("GitHub's rate limit stopped the issue sync");
      expect(result.delivery.detail).not.toContain('issues: write');
      expect(sink.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(3);
    });

    it('retries a primary rate limit once when it resets soon', async () => {
      const { sink, deps, logs } = await setup({ faults: [primaryRateLimit({ method: 'GET' }, { resetInSeconds: 1 })] });
      const result = await syncIssues(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
      expect(logs.some((l) => l.includes('rate limit reached'))).toBe(true);
    });

    it('retries a server error', async () => {
      const { sink, deps } = await setup({
        faults: [{ method: 'POST', path: /\/issues$/, status: 502, body: { message: 'Server Error' } }],
      });
      const result = await syncIssues(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
    });
  });
});
