import { describe, expect, it } from 'vitest';
import {
  DEMO_MESSAGES,
  DEMO_SITE_IDS,
  demoDataset,
  HOSTILE_SITE_ID,
  hostileDataset,
  makeSession,
  scaleDataset,
} from '../simulator/dataset.mjs';
import { resourceNotAccessible, startGitHubSink, type GitHubSink } from '../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../simulator/slack.mjs';
import { DEFAULT_HTTP_POLICY } from '../src/http/client.js';
import type { ReportFile } from './support/action-harness.js';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from './support/action-harness.js';
import type { RecordingToolkit } from './support/toolkit.js';

/**
 * The deliveries end to end: the action against the Piwik PRO simulator, a
 * Slack webhook sink and a GitHub REST sink, over real HTTP, run after run the
 * way a schedule runs it.
 */
const { shop, blog } = DEMO_SITE_IDS;
const MINUTE = 60_000;
closeServersAfterEach();

interface World {
  piwik: PiwikSimulator;
  slack: SlackSink;
  github: GitHubSink;
}

async function world(sites: Record<string, unknown>, now: Date): Promise<World> {
  return {
    piwik: closeLater(await startPiwikSimulator({ sites: sites as never, now })),
    slack: closeLater(await startSlackSink()),
    github: closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' })),
  };
}

let nextRunId = 100;

async function runOnce(
  w: World,
  inputs: Record<string, string> = {},
  runId = nextRunId++,
): Promise<{ kit: RecordingToolkit; report: ReportFile }> {
  const { kit, report } = await runAction(
    {
      ...piwikInputs(w.piwik, [shop, blog]),
      'slack-webhook-url': w.slack.url,
      'github-token': 'ghs_testtoken',
      'create-issue': 'true',
      ...inputs,
    },
    { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: w.github.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: String(runId) },
  );
  return { kit, report: report as ReportFile };
}

const issuesOf = (w: World) => w.github.issues.filter((i) => !i.pull_request);

describe('GitHub issues across runs', () => {
  it('creates each group once, comments on the next run, closes when resolved, reopens when back', async () => {
    const now = new Date();
    const data = demoDataset(now).sites;
    const w = await world(data, now);
    const inputs = { since: 'window', 'close-resolved': 'true' };

    const first = await runOnce(w, inputs);
    expect(first.kit.failure()).toBeUndefined();
    expect(issuesOf(w)).toHaveLength(6);
    expect(first.kit.outputs['issue-urls']?.split('\n')).toHaveLength(6);
    expect(first.report.groups.every((g) => g.issue?.action === 'created' && g.state === 'new')).toBe(true);
    expect(w.github.labels.map((l) => l.name)).toContain('broken-events');

    const second = await runOnce(w, inputs);
    expect(issuesOf(w)).toHaveLength(6);
    expect(w.github.comments).toHaveLength(6);
    expect(second.report.groups.every((g) => g.issue?.action === 'commented' && g.state === 'ongoing')).toBe(true);

    // The events stop: both sites are scanned completely and hold no broken event.
    w.piwik.setNow(new Date(now.getTime() + 120 * MINUTE));
    const third = await runOnce(w, inputs);
    expect(third.report.status).toBe('clean');
    expect(issuesOf(w).every((i) => i.state === 'closed')).toBe(true);
    expect(third.kit.outputs['issue-urls']?.split('\n')).toHaveLength(6);

    // They come back: the same problems, in new events after the issues were closed.
    const later = new Date(now.getTime() + 180 * MINUTE);
    w.piwik = closeLater(await startPiwikSimulator({ sites: demoDataset(later).sites, now: later }));
    const fourth = await runOnce(w, inputs);
    expect(issuesOf(w)).toHaveLength(6);
    expect(issuesOf(w).every((i) => i.state === 'open')).toBe(true);
    expect(fourth.report.groups.every((g) => g.state === 'regressed' && g.issue?.action === 'reopened')).toBe(true);
    expect(fourth.kit.summaryText()).toContain('🔴 REGRESSED');
  });

  it('never closes issues of a site whose scan was incomplete', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    await runOnce(w, { since: 'window', 'close-resolved': 'true' });
    w.piwik.setNow(new Date(now.getTime() + 120 * MINUTE));
    // Every attempt for both sites fails: absence of events then proves nothing.
    w.piwik.faults.debugger.push(...Array.from({ length: 2 * (DEFAULT_HTTP_POLICY.retries + 1) }, () => ({ status: 500 })));
    const { report } = await runOnce(w, { since: 'window', 'close-resolved': 'true' });
    expect(report.status).toBe('failed');
    expect(issuesOf(w)).toHaveLength(6);
    expect(issuesOf(w).every((i) => i.state === 'open')).toBe(true);
  });

  it('tells the user the permissions block when the token cannot write issues, and still writes everything', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    w.github.faults.push({ ...resourceNotAccessible({ method: 'POST' }), times: 50 });
    const { kit, report } = await runOnce(w, { since: 'window' });
    expect(report.deliveries.github.status).toBe('failed');
    expect(kit.failure()).toMatch(/permissions:\s+issues: write/);
    expect(kit.outputs.found).toBe('true');
    expect(kit.summaryText()).toContain('10 broken events');
    // Slack still got its message.
    expect(w.slack.messages).toHaveLength(1);
  });

  it('dry-run writes nothing to GitHub or Slack and shows what it would do', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    const { kit, report } = await runOnce(w, { since: 'window', 'dry-run': 'true' });
    expect(w.github.writes()).toHaveLength(0);
    expect(w.slack.requests).toHaveLength(0);
    expect(report.deliveries).toMatchObject({ slack: { status: 'dry-run' }, github: { status: 'dry-run' } });
    expect(report.groups.every((g) => g.issue?.action === 'would-create')).toBe(true);
    // The payload is printed between stop-commands markers with a per-run token.
    const stop = kit.logs.findIndex((l) => l.startsWith('::stop-commands::'));
    expect(stop).toBeGreaterThan(-1);
    const token = kit.logs[stop]?.slice('::stop-commands::'.length);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(kit.logs[stop + 2]).toBe(`::${token}::`);
    expect(kit.logs[stop + 1]).toContain('"blocks"');
    expect(kit.everything()).not.toContain(w.slack.url);
  });
});

describe('Slack', () => {
  it('posts exactly one valid digest for 200 broken events in 40 groups, hostile strings included', async () => {
    const now = new Date();
    const scale = scaleDataset({ sites: 1, sessions: 200, brokenEvents: 200, groups: 40, now });
    const hostile = hostileDataset(now);
    const sites = { ...scale.sites, ...hostile.sites };
    const w = await world(sites, now);
    const { kit, report } = await runOnce(w, {
      'site-id': `${scale.siteIds[0]} ${HOSTILE_SITE_ID}`,
      'create-issue': 'false',
      since: 'window',
      redact: 'false',
    });
    expect(report.totals.events).toBeGreaterThanOrEqual(200);
    expect(report.totals.groups).toBeGreaterThanOrEqual(40);
    expect(w.slack.requests).toHaveLength(1);
    expect(w.slack.requests[0]?.status).toBe(200);
    expect(w.slack.messages).toHaveLength(1);
    expect(kit.outputs['slack-sent']).toBe('true');
    const body = w.slack.requests[0]?.body ?? '';
    for (const live of ['<!channel>', '<!here>', '<@U123ABC>', '<https://evil.example|click>']) expect(body).not.toContain(live);
    expect(body).toContain('https://github.com/acme/site/actions/runs/');
    expect(body).not.toContain(w.slack.url);
  });

  it('posts once for two scheduled runs with overlapping windows over the same events', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    const first = await runOnce(w, { 'create-issue': 'false' }, 501);
    expect(first.report.alerting).toMatchObject({ since: 'auto', newEvents: 10, alert: true });
    expect(first.kit.notices.map((n) => n.message).join('\n')).toMatch(
      /Every event in the window counts as new: the token cannot read workflow runs|first successful run/,
    );
    // The runner records run 501 as a success that started after every event in the data.
    w.github.addWorkflowRun({ id: 501, startedAt: now });
    w.github.addWorkflowRun({ id: 502, startedAt: new Date(now.getTime() + 60 * MINUTE), conclusion: null });
    const second = await runOnce(w, { 'create-issue': 'false' }, 502);
    expect(second.report.alerting).toMatchObject({
      since: 'auto',
      cut: now.toISOString(),
      newEvents: 0,
      alreadyReported: 10,
      alert: false,
    });
    expect(second.report.groups.every((g) => g.state === 'ongoing' && g.alert === false)).toBe(true);
    expect(second.report.deliveries.slack.status).toBe('skipped');
    expect(w.slack.messages).toHaveLength(1);
    expect(second.kit.summaryText()).toMatch(/New since .* \(the start of the previous successful run\): 0 events, 10 already reported/);
  });

  it('alerts on a NEW group after the cut, and stays quiet about known ones with notify: changes', async () => {
    const now = new Date();
    const data = demoDataset(now).sites;
    const fresh = makeSession({
      appId: shop,
      updatedAt: new Date(now.getTime() + 5 * MINUTE),
      events: [{ type: 17, errorMessage: 'Invalid goal id: abc', url: 'https://shop.example.com/thanks', queryParams: { idgoal: 'abc' } }],
    });
    const w = await world({ ...data, [shop]: [...(data[shop] as unknown[]), fresh] }, new Date(now.getTime() + 6 * MINUTE));
    w.github.addWorkflowRun({ id: 601, startedAt: now });
    w.github.addWorkflowRun({ id: 602, startedAt: new Date(now.getTime() + 6 * MINUTE), conclusion: null });
    const { report } = await runOnce(w, { 'create-issue': 'false' }, 602);
    expect(report.alerting).toMatchObject({ newEvents: 1, alertingGroups: 1, alert: true });
    expect(report.groups.find((g) => g.message === 'Invalid goal id: abc')).toMatchObject({ state: 'new', alert: true });
    expect(w.slack.messages).toHaveLength(1);
    const text = JSON.stringify(w.slack.messages[0]);
    expect(text).toContain('Invalid goal id: abc');
  });

  it('silences a group with an ignore rule, and reports an expired rule', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    const { kit, report } = await runOnce(w, {
      'create-issue': 'false',
      since: 'window',
      ignore: 'Invalid ec_products\nMissing required parameter until 2020-01-01',
    });
    expect(report.groups.find((g) => g.message.startsWith('Invalid ec_products'))).toMatchObject({
      silenced: { rule: 'Invalid ec_products' },
      alert: false,
    });
    expect(report.groups.find((g) => g.message.startsWith('Missing required'))?.silenced).toBeUndefined();
    expect(kit.notices.map((n) => n.message).join('\n')).toContain(
      "The ignore rule 'Missing required parameter until 2020-01-01' expired on 2020-01-01",
    );
    expect(kit.summaryText()).toContain('🔇 SILENCED');
  });

  it('posts a failure message when the monitor cannot check a site, and fails the step', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    w.piwik.faults.token.push(...Array.from({ length: 6 }, () => ({ status: 503 })));
    const { kit, report } = await runOnce(w, { 'create-issue': 'false' });
    expect(report.status).toBe('failed');
    expect(kit.outputs.status).toBe('failed');
    expect(kit.failure()).toMatch(/token endpoint/);
    expect(w.slack.messages).toHaveLength(1);
    expect(JSON.stringify(w.slack.messages[0])).toMatch(/could not check/);
  });

  it('fails the step clearly when Slack rejects the message, after writing everything', async () => {
    const now = new Date();
    const w = await world(demoDataset(now).sites, now);
    w.slack.faults.push({ status: 400, body: 'invalid_payload' });
    const { kit, report } = await runOnce(w, { 'create-issue': 'false', since: 'window' });
    expect(kit.failure()).toMatch(/The Slack message could not be delivered: Slack answered HTTP 400: invalid_payload/);
    expect(kit.outputs['slack-sent']).toBe('false');
    expect(report.deliveries.slack.status).toBe('failed');
    expect(kit.summaryText()).toContain('Slack: failed');
    expect(kit.everything()).not.toContain(w.slack.url);
  });
});

describe('per-issue watermarks when the Actions API cannot be read', () => {
  it('comments and alerts only on events later than the issue last reported', async () => {
    const now = new Date();
    const data = demoDataset(now).sites;
    const w = await world(data, now);
    // A token without 'actions: read': every Actions API call answers 403, on every run.
    const noActions = () => w.github.faults.push({ ...resourceNotAccessible({ method: 'GET' }), path: /\/actions\//, times: 100 });
    noActions();

    const first = await runOnce(w);
    expect(first.report.alerting?.cutSource).toMatch(/^the whole window/);
    expect(issuesOf(w)).toHaveLength(6);
    expect(w.slack.messages).toHaveLength(1);

    // The next scheduled run over the same events: the issues already reported all of them.
    const second = await runOnce(w);
    expect(w.github.comments).toHaveLength(0);
    expect(w.slack.messages).toHaveLength(1);
    expect(second.report.groups.every((g) => g.state === 'ongoing' && g.newCount === 0 && g.issue?.action === 'unchanged')).toBe(true);
    expect(second.report.alerting).toMatchObject({ newEvents: 0, alreadyReported: 10 });

    // Two new events of one group, after the issues' last report.
    const customEvent = first.report.groups.find((g) => g.message === DEMO_MESSAGES.customEventValue)!;
    const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
    const fresh = [1, 2].map((n) =>
      makeSession({
        appId: customEvent.siteId,
        updatedAt: later(n),
        events: [{ type: 17, errorMessage: DEMO_MESSAGES.customEventValue, url: 'https://shop.example.com/newsletter' }],
      }),
    );
    w.piwik = closeLater(
      await startPiwikSimulator({
        sites: { ...data, [customEvent.siteId]: [...(data[customEvent.siteId] as unknown[]), ...fresh] } as never,
        now: later(3),
      }),
    );
    const third = await runOnce(w);
    const grown = third.report.groups.find((g) => g.fingerprint === customEvent.fingerprint);
    expect(grown).toMatchObject({ newCount: 2, state: 'ongoing', issue: { action: 'commented' } });
    expect(third.report.groups.filter((g) => g.issue?.action === 'commented')).toHaveLength(1);
    expect(w.github.comments).toHaveLength(1);
    expect(w.github.commentsOn(grown!.issue!.number)).toHaveLength(1);
  });
});
