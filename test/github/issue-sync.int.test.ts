import { describe, expect, it } from 'vitest';
import type { PriorKnowledge } from '../../src/alerting/classify.js';
import { parseIssueMarker, parseIssueState } from '../../src/github/issue-marker.js';
import { findTrackedIssues } from '../../src/github/issue-list.js';
import { trackedKnowledge } from '../../src/github/issue-plan.js';
import { applyIssues } from '../../src/github/issue-sync.js';
import { primaryRateLimit, resourceNotAccessible, secondaryRateLimit } from '../../simulator/github.mjs';
import { group, issueCreates, options, report, seedIssue, setup, statesOf, sync } from '../support/github-issues.js';
import { makeRawRequest, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

describe('applyIssues against the GitHub sink, after the list and alert-on-change', () => {
  it('creates one labelled, assigned issue per group, with the marker, and reports their URLs', async () => {
    const { sink, deps } = await setup();
    const groups = [group({ message: 'first error' }), group({ message: 'second error' })];
    const result = await sync(deps, report(groups), options({ labels: ['broken-events', 'piwik'], assignees: ['octocat'] }));

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
    expect([...result.states.values()]).toEqual(['new', 'new']);
  });

  it('two runs over the same events: each issue is created once and commented on once', async () => {
    const { sink, deps } = await setup();
    const groups = [group({ message: 'a' }), group({ message: 'b' }), group({ message: 'c' })];

    const first = await sync(deps, report(groups), options());
    const second = await sync(deps, report(groups), options());

    expect(first.delivery.status).toBe('sent');
    expect(second.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(3);
    expect(issueCreates(sink)).toHaveLength(3);
    for (const issue of sink.issues) expect(sink.commentsOn(issue.number)).toHaveLength(1);
    expect(sink.comments[0].body).toContain('### Seen again: 12 new events');
    expect([...second.links.values()].map((l) => l.action)).toEqual(['commented', 'commented', 'commented']);
    expect([...second.states.values()]).toEqual(['ongoing', 'ongoing', 'ongoing']);
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

    const result = await sync(deps, report([g]), options());

    expect(result.delivery.status).toBe('sent');
    expect(result.states.get(g.fingerprint)).toBe('regressed');
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
    await sync(deps, report([g]), options());
    // Up to its newest event: what the run saw, not when it looked or wrote.
    expect(parseIssueState(sink.issues[0].body)).toEqual({ count: 12, reportedAt: '2025-03-04T09:58:40.000Z' });

    sink.issues[0].body = `${sink.issues[0].body ?? ''}\n\nA note a person added.`;
    const later = { minutes: 60, from: '2025-03-04T10:00:00.000Z', to: '2025-03-04T11:00:00.000Z' };
    await sync(
      deps,
      report([{ ...g, count: 30, lastSeen: '2025-03-04T10:58:00Z' }], { generatedAt: '2025-03-04T11:00:05.000Z', window: later }),
      options(),
    );
    expect(parseIssueState(sink.issues[0].body)).toEqual({ count: 30, reportedAt: '2025-03-04T10:58:00.000Z' });
    expect(sink.issues[0].body).toContain('A note a person added.');

    const tracked = await findTrackedIssues(deps, ['broken-events']);
    const prior: PriorKnowledge = { tracked: trackedKnowledge(tracked), today: '2025-03-04', now: '2025-03-04T11:00:05.000Z' };
    expect(prior.tracked?.get(g.fingerprint)).toEqual({ open: true, lastCount: 30, lastReportedAt: '2025-03-04T10:58:00.000Z' });
  });

  it('does not reopen an issue closed after the events this run saw', async () => {
    const { sink, deps } = await setup();
    const g = group({ lastSeen: '2025-03-04T09:58:40Z' });
    const issue = seedIssue(sink, g, { state: 'closed', closed_at: '2025-03-04T09:59:00Z' });
    const result = await sync(deps, report([g]), options());
    expect(issue.state).toBe('closed');
    expect(result.links.get(g.fingerprint)?.action).toBe('unchanged');
    expect(result.states.get(g.fingerprint)).toBe('ongoing');
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
    const result = await sync(deps, report([g]), options());
    expect(issue.state).toBe('closed');
    expect(result.links.get(g.fingerprint)?.action).toBe('unchanged');
    expect(result.states.get(g.fingerprint)).toBe('ongoing');
    expect(trackedKnowledge(await findTrackedIssues(deps, ['broken-events'])).get(g.fingerprint)?.open).toBe(true);
    expect(result.delivery.status).toBe('skipped');
    expect(sink.writes()).toHaveLength(0);
  });

  it('reopens and closes a locked issue without the comment GitHub would refuse on it', async () => {
    const { sink, deps } = await setup();
    const back = group({ siteId: SITE_A });
    const gone = group({ siteId: SITE_A });
    const reopened = seedIssue(sink, back, { state: 'closed', locked: true });
    const closed = seedIssue(sink, gone, { locked: true });
    const sites = [makeSite({ siteId: SITE_A, complete: true })];

    const result = await sync(deps, report([back], { sites }), options({ closeResolved: true }));

    expect(result.delivery).toMatchObject({ status: 'sent' });
    expect(result.delivery.detail).toBe('1 issue reopened, 1 issue closed.');
    expect([reopened.state, closed.state]).toEqual(['open', 'closed']);
    const commentPosts = sink.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
    expect(commentPosts).toEqual([]);
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

    const result = await sync(deps, report([stillThere], { sites }), options({ closeResolved: true }));

    expect(result.delivery.status).toBe('sent');
    expect(issueA.state).toBe('closed');
    expect(issueA.state_reason).toBe('completed');
    expect(sink.commentsOn(issueA.number)[0].body).toContain('gone since at least 2025-03-04 09:00:00 UTC');
    expect(issueB.state).toBe('open'); // capped: absence proves nothing
    expect(sink.commentsOn(issueB.number)).toHaveLength(0);
    expect(issueStill.state).toBe('open');
    // Commented on the group still there, closed the one gone: each URL once.
    expect(result.delivery.urls).toEqual([issueStill.html_url, issueA.html_url]);
    expect(result.delivery.detail).toContain('1 issue closed');
  });

  it('never closes for a site whose scan failed, an event type not scanned, a page-URL filter, or without closeResolved', async () => {
    const { sink, deps } = await setup();
    const gone = group({ siteId: SITE_A });
    const otherType = group({ siteId: SITE_A, eventType: 18, eventTypeLabel: 'Excluded event' });
    const issue = seedIssue(sink, gone);
    const typeIssue = seedIssue(sink, otherType);
    const complete = [makeSite({ siteId: SITE_A, complete: true })];

    await sync(
      deps,
      report([], { sites: [makeSite({ siteId: SITE_A, complete: false, error: 'HTTP 500' })] }),
      options({ closeResolved: true }),
    );
    await sync(
      deps,
      report([], {
        sites: complete,
        settings: { redact: true, fetchLogs: true, fetchLogsMode: 'samples', maxSessions: 1000, pageUrl: '/checkout' },
      }),
      options({ closeResolved: true }),
    );
    await sync(deps, report([], { sites: complete }), options({ closeResolved: false }));
    expect(issue.state).toBe('open');
    expect(sink.writes()).toHaveLength(0);

    // With everything in place, only the scanned event type is closed.
    await sync(deps, report([], { sites: complete }), options({ closeResolved: true }));
    expect(issue.state).toBe('closed');
    expect(typeIssue.state).toBe('open');
  });

  it('lets alert-on-change classify from the same list, between listing and acting', async () => {
    const { sink, deps } = await setup();
    const fresh = group();
    const ongoing = group();
    const back = group();
    seedIssue(sink, ongoing);
    seedIssue(sink, back, { state: 'closed' });

    const tracked = await findTrackedIssues(deps, ['broken-events']);
    const states = statesOf(tracked, [fresh, ongoing, back]);
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
    const result = await sync(deps, report([silenced, known]), options());
    expect(sink.writes()).toHaveLength(0);
    expect(result.links.has(silenced.fingerprint)).toBe(false);
    expect(result.links.get(known.fingerprint)?.action).toBe('unchanged');
    expect(result.delivery.status).toBe('skipped');
  });

  it('opens at most maxNewIssues issues in one run and says so', async () => {
    const { sink, deps } = await setup();
    const result = await sync(deps, report([group(), group(), group()]), options({ maxNewIssues: 2 }));
    expect(sink.issues).toHaveLength(2);
    expect(result.delivery.detail).toContain('1 group got no issue: the limit of 2 new issues per run was reached');
  });

  it('opens the issue unassigned when GitHub refuses an assignee', async () => {
    const { sink, deps, logs } = await setup({ assignable: ['octocat'] });
    const result = await sync(deps, report([group()]), options({ assignees: ['nobody-here'] }));
    expect(result.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(1);
    expect(sink.issues[0].assignees).toEqual([]);
    expect(logs.join('\n')).toContain('opening the issue without them');
  });

  it('keeps huge groups under GitHub\u2019s body limit (the sink refuses longer bodies)', async () => {
    const { sink, deps } = await setup();
    const huge = makeRawRequest({ queryParams: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, '<'.repeat(300)])) });
    const g = group({ message: '<'.repeat(20_000), sampleRequests: [huge, huge, huge] });
    const first = await sync(deps, report([g]), options());
    const second = await sync(deps, report([g]), options());
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

      const result = await sync(
        deps,
        report([fresh, ongoing, back]),
        options({ dryRun: true, closeResolved: true, labels: ['broken-events', 'new-label'] }),
      );

      expect(sink.writes()).toHaveLength(0);
      expect(sink.requests.every((r) => r.method === 'GET')).toBe(true);
      expect(result.delivery.status).toBe('dry-run');
      expect(result.delivery.urls).toEqual([]);
      expect([...result.links.values()].map((l) => l.action)).toEqual(['would-create', 'would-comment', 'would-reopen']);
      expect(result.delivery.detail).toContain('1 issue would be closed');
      expect(logs.filter((l) => l.startsWith('Dry run:'))).toHaveLength(4);
      expect(logs.join('\n')).toContain(
        // The log shows the zero-width space that breaks the mention as a visible escape.
        'would create an issue "[Piwik PRO] Broken event: fresh @\\u200boctocat" with labels broken-events, new-label',
      );
    });
  });

  describe('errors', () => {
    it('a 403 on a write fails the delivery with the permissions block to add, and does not throw', async () => {
      const { sink, deps } = await setup({ faults: [resourceNotAccessible({ method: 'POST' })] });
      const result = await sync(deps, report([group(), group()]), options());
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
      const result = await sync(deps, report([fresh, existing]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain('issues: write');
      expect(result.delivery.urls).toEqual([sink.issues[1].html_url]);
      expect(result.links.get(fresh.fingerprint)?.action).toBe('created');
      expect(result.links.has(existing.fingerprint)).toBe(false);
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
      const result = await sync(deps, report([group(), group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain('HTTP 422: Validation Failed: body is too long');
      expect(sink.issues).toHaveLength(1);
    });

    it('disabled issues (410) say how to fix it', async () => {
      const { deps } = await setup({
        faults: [{ method: 'GET', path: '/repos/acme/shop/issues', status: 410, body: { message: 'Issues are disabled for this repo' } }],
      });
      const result = await sync(deps, report([group()]), options());
      expect(result.delivery).toMatchObject({ status: 'failed' });
      expect(result.delivery.detail).toContain('Issues are disabled in acme/shop');
    });
  });

  describe('rate limits and retries', () => {
    it('retries twice after a secondary rate limit, logging the wait', async () => {
      const { sink, deps, logs } = await setup({
        faults: [{ ...secondaryRateLimit({ method: 'POST', path: /\/issues$/ }, { retryAfter: 2 }), times: 2 }],
      });
      const result = await sync(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
      expect(logs.filter((l) => l.includes('secondary rate limit') && /retry \d of 2 in 2 s/.test(l))).toHaveLength(2);
    });

    it('gives up after the second retry with a rate-limit message (429 too)', async () => {
      const { sink, deps } = await setup({
        faults: [{ ...secondaryRateLimit({ method: 'POST', path: /\/issues$/ }, { status: 429, retryAfter: 1 }), times: 3 }],
      });
      const result = await sync(deps, report([group(), group()]), options());
      expect(result.delivery.status).toBe('failed');
      expect(result.delivery.detail).toContain("GitHub's rate limit stopped the issue sync");
      expect(result.delivery.detail).not.toContain('issues: write');
      expect(sink.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(3);
    });

    it('retries a primary rate limit once when it resets soon', async () => {
      const { sink, deps, logs } = await setup({ faults: [primaryRateLimit({ method: 'GET' }, { resetInSeconds: 1 })] });
      const result = await sync(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
      expect(logs.some((l) => l.includes('rate limit reached'))).toBe(true);
    });

    it('retries a server error', async () => {
      const { sink, deps } = await setup({
        faults: [{ method: 'POST', path: /\/issues$/, status: 502, body: { message: 'Server Error' } }],
      });
      const result = await sync(deps, report([group()]), options());
      expect(result.delivery.status).toBe('sent');
      expect(sink.issues).toHaveLength(1);
    });
  });
});
