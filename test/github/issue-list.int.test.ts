import { describe, expect, it } from 'vitest';
import { issueBody } from '../../src/github/issue-content.js';
import { findTrackedIssues } from '../../src/github/issue-list.js';
import { trackedKnowledge } from '../../src/github/issue-plan.js';
import { applyIssues } from '../../src/github/issue-sync.js';
import { group, issueCreates, options, report, seedIssue, setup, statesOf, sync } from '../support/github-issues.js';

describe('findTrackedIssues against the GitHub sink', () => {
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
    expect(pages.map((r) => (r.query as Partial<Record<string, string>>).page ?? '1')).toEqual(['1', '2', '3', '4', '5']);

    const result = await applyIssues(deps, report([target]), tracked, options());
    expect(result.links.get(target.fingerprint)).toMatchObject({ number: issue.number, action: 'commented' });
    expect(issueCreates(sink)).toHaveLength(0);
  });

  it('a 404 on the list fails with the permissions block and writes nothing', async () => {
    const { sink, deps } = await setup({ faults: [{ method: 'GET', path: /\/issues$/, status: 404, body: { message: 'Not Found' } }] });
    const tracked = await findTrackedIssues(deps, ['broken-events']);
    expect(tracked.error).toContain('issues: write');
    // Nothing is known then: alert-on-change falls back on the cut (none here: every group is new).
    expect(trackedKnowledge(tracked).size).toBe(0);
    const g = group();
    seedIssue(sink, g);
    expect(statesOf(tracked, [g]).get(g.fingerprint)).toBe('new');
    const result = await applyIssues(deps, report([g]), tracked, options());
    expect(result.delivery.status).toBe('failed');
    expect(sink.writes()).toHaveLength(0);
  });

  it('an unreachable API fails the delivery without throwing', async () => {
    const { sink, deps } = await setup();
    await sink.close();
    const result = await sync(deps, report([group()]), options());
    expect(result.delivery.status).toBe('failed');
    expect(result.delivery.detail).toMatch(/Could not list the issues/);
  });
});
