import { describe, expect, it } from 'vitest';
import { createLabelsEarly } from '../../src/github/issue-labels.js';
import { findTrackedIssues } from '../../src/github/issue-list.js';
import { applyIssues } from '../../src/github/issue-sync.js';
import { group, options, report, setup, sync } from '../support/github-issues.js';

describe('createMissingLabels, before the first new issue', () => {
  it('creates missing labels with a colour and description before use, and leaves existing ones alone', async () => {
    const { sink, deps } = await setup();
    sink.addLabel({ name: 'Piwik', color: '000000', description: 'ours already' });
    await sync(deps, report([group()]), options({ labels: ['broken-events', 'piwik', 'triage'] }));

    const created = sink.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/labels'))
      .map((r) => ({ ...r, body: r.body as { name: string; color: string; description: string } }));
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

  it('reads each label when the list of labels cannot be read, and creates only the missing ones', async () => {
    const { sink, deps } = await setup({
      faults: [{ method: 'GET', path: /\/labels$/, status: 403, body: { message: 'Resource not accessible by integration' } }],
    });
    sink.addLabel({ name: 'broken-events' });
    const result = await sync(deps, report([group()]), options({ labels: ['broken-events', 'triage'] }));
    expect(result.delivery.status).toBe('sent');
    const reads = sink.requests.filter((r) => r.method === 'GET' && /\/labels\/[^/]+$/.test(r.path));
    expect(reads.map((r) => decodeURIComponent(r.path.split('/').pop()!))).toEqual(['broken-events', 'triage']);
    expect(
      sink.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels')).map((r) => (r.body as { name: string }).name),
    ).toEqual(['triage']);
  });

  it('takes a label another run created in between as there, and still opens the issue', async () => {
    const { sink, deps } = await setup({
      faults: [
        {
          method: 'POST',
          path: /\/labels$/,
          status: 422,
          body: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] },
        },
      ],
    });
    const result = await sync(deps, report([group()]), options());
    expect(result.delivery.status).toBe('sent');
    expect(sink.issues).toHaveLength(1);
  });

  it('opens no issue when a label cannot be created, and says why', async () => {
    const { sink, deps } = await setup({
      faults: [{ method: 'POST', path: /\/labels$/, status: 422, body: { message: 'Validation Failed', errors: [{ code: 'invalid' }] } }],
    });
    const result = await sync(deps, report([group()]), options());
    expect(result.delivery.status).toBe('failed');
    expect(result.delivery.detail).toContain(
      "GitHub refused to create label 'broken-events' in acme/shop (HTTP 422: Validation Failed: invalid)",
    );
    expect(sink.issues).toHaveLength(0);
  });
});

describe('createLabelsEarly, while the scan runs', () => {
  const labelPosts = (requests: { method: string; path: string }[]) =>
    requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels')).length;

  it('creates the missing labels from the list the issue listing read, so the sync writes none', async () => {
    const { sink, deps } = await setup();
    const labels = ['broken-events', 'triage'];
    const tracked = await createLabelsEarly(deps, await findTrackedIssues(deps, labels), labels);
    expect(labelPosts(sink.requests)).toBe(2);
    expect([...(tracked.existingLabels ?? [])]).toEqual(expect.arrayContaining(['broken-events', 'triage']));
    const before = sink.requests.length;
    const result = await applyIssues(deps, report([group()]), tracked, options({ labels }));
    expect(result.delivery.status).toBe('sent');
    expect(labelPosts(sink.requests.slice(before))).toBe(0);
  });

  it('stays quiet when a label cannot be created, and leaves the sync to try again and say why', async () => {
    const { sink, deps, logs } = await setup({ faults: [{ method: 'POST', path: /\/labels$/, status: 403, body: { message: 'nope' } }] });
    const tracked = await createLabelsEarly(deps, await findTrackedIssues(deps, ['broken-events']), ['broken-events']);
    expect(tracked.existingLabels?.has('broken-events')).toBe(false);
    expect(logs.join('\n')).not.toMatch(/nope|create label/);
    await applyIssues(deps, report([group()]), tracked, options());
    expect(labelPosts(sink.requests)).toBe(2);
  });
});
