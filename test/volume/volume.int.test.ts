import { describe, expect, it } from 'vitest';
import { demoDataset, makeSession, SILENT_DEMO_SITE, trafficSessions, withSilentSite } from '../../simulator/dataset.mjs';
import { withDrift } from '../../simulator/demo-account.mjs';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../../simulator/slack.mjs';
import type { SiteAccount } from '../../simulator/types/piwik.js';
import { volumeFingerprint } from '../../src/volume/groups.js';
import { closeLater, closeServersAfterEach, piwikInputs, runAction, type ReportFile } from '../support/action-harness.js';
import { renderGfm, tablesIn } from '../support/gfm.js';
import type { RecordingToolkit } from '../support/toolkit.js';
import type { WatchClock } from '../../src/watch/clock.js';

/**
 * The volume check end to end (issue 24): the action against the simulator's Debugger and
 * Analytics APIs, a Slack sink and a GitHub sink over loopback HTTP, run after run.
 */
closeServersAfterEach();

const NOW = new Date('2026-11-30T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(NOW.getTime() + ms);

const SITES = {
  silent: '0a1b2c3d-0000-4000-8000-00000000000a',
  steady: '0a1b2c3d-0000-4000-8000-00000000000b',
  never: '0a1b2c3d-0000-4000-8000-00000000000c',
};

function accounts(): Record<string, SiteAccount> {
  return {
    [SITES.silent]: { app: { name: 'Example Store', timezone: 'Europe/Warsaw' } },
    [SITES.steady]: { app: { name: 'Example Blog', timezone: 'America/New_York' } },
    [SITES.never]: { app: { name: 'Staging', timezone: 'UTC' } },
  };
}

/** Three hours of a page view a minute, then none for 45 minutes; a steady site beside it; a site that never had traffic. */
function sites(silentUntil: Date) {
  return {
    [SITES.silent]: [
      ...trafficSessions(SITES.silent, { from: at(-4 * HOUR), to: silentUntil, host: 'shop.example.com', seed: 'silent' }),
      ...trafficSessions(SITES.silent, { from: at(-7 * 24 * HOUR - 4 * HOUR), to: at(-7 * 24 * HOUR + HOUR), seed: 'silent-week' }),
    ],
    [SITES.steady]: trafficSessions(SITES.steady, { from: at(-4 * HOUR), to: at(HOUR), host: 'blog.example.com', seed: 'steady' }),
    [SITES.never]: [],
  };
}

interface World {
  piwik: PiwikSimulator;
  slack: SlackSink;
  github: GitHubSink;
}

async function world(data: ReturnType<typeof sites>): Promise<World> {
  return {
    piwik: closeLater(await startPiwikSimulator({ sites: data, accounts: accounts(), now: NOW })),
    slack: closeLater(await startSlackSink()),
    github: closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' })),
  };
}

/** The run's clock is the simulator's: the volume is judged at the instant the Analytics API counts to. */
function clockOf(piwik: PiwikSimulator): WatchClock {
  return { now: () => piwik.now(), sleep: async () => undefined };
}

let runId = 500;
async function runOnce(w: World, inputs: Record<string, string> = {}): Promise<{ kit: RecordingToolkit; report: ReportFile }> {
  const { kit, report } = await runAction(
    {
      ...piwikInputs(w.piwik, Object.values(SITES)),
      'slack-webhook-url': w.slack.url,
      'slack-on-clean': 'true',
      'github-token': 'ghs_testtoken',
      'create-issue': 'true',
      'close-resolved': 'true',
      annotate: 'true',
      ...inputs,
    },
    {
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_API_URL: w.github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: String(runId++),
    },
    { clock: clockOf(w.piwik) },
  );
  if (!report) throw new Error(`no report: ${kit.failure() ?? ''}`);
  return { kit, report };
}

describe('a site whose tracking stopped', () => {
  it('is reported SILENT everywhere, the steady site as fine, the site without traffic not at all; the next run with traffic back resolves it', async () => {
    const w = await world(sites(at(-45 * MINUTE)));
    const { kit, report } = await runOnce(w);

    // The report: the verdict per site, with the series and the baseline.
    const bySite = new Map(report.sites.map((s) => [s.siteId, s.volume]));
    expect(bySite.get(SITES.silent)?.status).toBe('silent');
    expect(bySite.get(SITES.steady)?.status).toBe('ok');
    expect(bySite.get(SITES.never)?.status).toBe('quiet');
    const silent = bySite.get(SITES.silent);
    expect(silent?.lastPageView).toBe('2026-11-30T11:14:00.000Z');
    expect(silent?.quietMinutes).toBe(45);
    expect(silent?.series.at(-1)?.pageViews).toBe(0);
    expect(silent?.series.slice(0, 10).every((p) => p.pageViews === 5)).toBe(true);
    expect(silent?.baseline?.lastWeekSpan).toBe(30);
    expect(report.status).toBe('found');
    const [first] = report.groups;
    expect(first).toMatchObject({
      siteId: SITES.silent,
      state: 'new',
      alert: true,
      fingerprint: volumeFingerprint(SITES.silent, 'silent'),
    });
    expect(report.groups.filter((g) => g.volume)).toHaveLength(1);
    expect(kit.outputs['silent-sites']).toBe(SITES.silent);
    expect(kit.outputs.status).toBe('found');

    // Slack: first, in the words of the issue, with the chart linked.
    expect(w.slack.messages).toHaveLength(1);
    const slack = JSON.stringify(w.slack.messages[0]);
    expect(slack).toContain('🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before');
    expect(slack).toContain('Last page view 11:14 UTC');
    expect(slack).toMatch(/page views per 5 min in the run summary/);

    // The summary: first in What to fix, the volume column, the page-views chart.
    const summary = kit.summaryText();
    const fix = summary.slice(summary.indexOf('### What to fix'));
    expect(fix.split('\n')[4]).toMatch(/^\| 1 \| 🆕 NEW \| Tracking silent since 11:15 UTC/);
    expect(summary).toContain('💤 no traffic expected');
    expect(summary).toContain('### Page views per 5 minutes');
    // The steady site is fine: one of the clean sites, whose tracking was seen arriving.
    expect(summary).toContain(
      'And 2 sites clean: scanned completely, nothing found, tracking arriving as expected on 1, 💤 no traffic expected on 1.',
    );
    expect(tablesIn(renderGfm(summary)).some((t) => t.headers.includes('Tracking volume'))).toBe(true);

    // One issue, for the site and kind; one annotation.
    const issues = w.github.issues.filter((i) => !i.pull_request);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.title).toBe('[Piwik PRO] Tracking silent: no page view or event for 30+ minutes · Example Store');
    expect(issues[0]?.body).toContain(`fingerprint=${volumeFingerprint(SITES.silent, 'silent')} site=${SITES.silent} type=1001`);
    expect(w.piwik.annotations(SITES.silent).map((a) => a.content)).toEqual([
      `Tracking silent: no page view or event for 30+ minutes · ref ${volumeFingerprint(SITES.silent, 'silent')}`,
    ]);
    expect(kit.notices.map((n) => n.message).join('\n')).toContain('Tracking silent on Example Store');

    // The same silence, 10 minutes on: ONGOING, no new issue, no second Slack alert.
    w.piwik.setNow(at(10 * MINUTE));
    const again = await runOnce(w, { 'slack-on-clean': 'false' });
    expect(again.report.groups[0]).toMatchObject({ state: 'ongoing', alert: false, newCount: 0 });
    expect(w.github.issues.filter((i) => !i.pull_request)).toHaveLength(1);
    expect(w.slack.messages).toHaveLength(1);

    // Traffic back: resolved, the issue closed, the all-clear says tracking arrives.
    await w.piwik.close();
    const back = closeLater(
      await startPiwikSimulator({ sites: sites(at(HOUR)), accounts: accounts(), now: at(10 * MINUTE), port: w.piwik.port }),
    );
    const resolved = await runOnce({ ...w, piwik: back });
    expect(resolved.report.groups.filter((g) => g.volume)).toEqual([]);
    expect(resolved.report.status).toBe('clean');
    expect(resolved.kit.outputs['silent-sites']).toBe('');
    const closed = w.github.issues.filter((i) => !i.pull_request);
    expect(closed[0]?.state).toBe('closed');
    const allClear = JSON.stringify(w.slack.messages.at(-1));
    expect(allClear).toContain('Tracking arrives on 2 sites');
    expect(allClear).toContain('No traffic expected on Staging');
  });
});

describe('a drop against last week', () => {
  /** Last week 4 page views a minute around this time; this week `share` of that. */
  function dropSites(perFiveNow: number) {
    const week = 7 * 24 * HOUR;
    return {
      [SITES.silent]: [
        ...trafficSessions(SITES.silent, { from: at(-week - 3 * HOUR), to: at(-week + HOUR), everySeconds: 15, seed: 'week' }),
        ...trafficSessions(SITES.silent, { from: at(-3 * HOUR), to: at(HOUR), everySeconds: 300 / perFiveNow, seed: 'now' }),
      ],
      [SITES.steady]: [],
      [SITES.never]: [],
    };
  }

  it('is DROP at 10 % of last week, and nothing at 60 %', async () => {
    const low = await world(dropSites(2));
    const { report, kit } = await runOnce(low, { 'create-issue': 'false', 'slack-on-clean': 'false' });
    const volume = report.sites.find((s) => s.siteId === SITES.silent)?.volume;
    expect(volume).toMatchObject({ status: 'drop', recent: { pageViews: 12 }, baseline: { lastWeekSpan: 120 } });
    expect(report.groups[0]?.message).toBe('Traffic drop: 12 page views in the last 30 min, 10 % of the 120 at the same time last week');
    expect(kit.outputs['silent-sites']).toBe('');
    expect(JSON.stringify(low.slack.messages[0])).toContain('📉 Traffic drop on Example Store: 12 page views');

    const fine = await world(dropSites(12));
    const ok = await runOnce(fine, { 'create-issue': 'false' });
    expect(ok.report.sites.find((s) => s.siteId === SITES.silent)?.volume).toMatchObject({ status: 'ok', recent: { pageViews: 70 } }); // 58 % (whole minutes: the 11:30 minute is outside the span)
    expect(ok.report.groups).toEqual([]);
  });
});

describe('quiet is not silent', () => {
  it('never alerts for a site with a page view every 20 minutes, and volume-check turns the check off or limits it', async () => {
    const sparse = {
      [SITES.silent]: trafficSessions(SITES.silent, { from: at(-4 * HOUR), to: at(-40 * MINUTE), everySeconds: 1200, seed: 'night' }),
      [SITES.steady]: trafficSessions(SITES.steady, { from: at(-4 * HOUR), to: at(HOUR), seed: 'steady' }),
      [SITES.never]: [],
    };
    const w = await world(sparse);
    const { report } = await runOnce(w, { 'create-issue': 'false' });
    expect(report.sites.find((s) => s.siteId === SITES.silent)?.volume?.status).toBe('quiet');
    expect(report.status).toBe('clean');

    const before = w.piwik.countBy('realTimeQuery') + w.piwik.countBy('query');
    const off = await runOnce(w, { 'create-issue': 'false', 'volume-check': 'off' });
    expect(w.piwik.countBy('realTimeQuery') + w.piwik.countBy('query')).toBe(before);
    expect(off.report.sites.every((s) => s.volume === undefined)).toBe(true);

    const limited = await runOnce(w, { 'create-issue': 'false', 'volume-check': SITES.steady });
    expect(limited.report.sites.filter((s) => s.volume).map((s) => s.siteId)).toEqual([SITES.steady]);
    expect(w.piwik.countBy('realTimeQuery') + w.piwik.countBy('query')).toBe(before + 2);
  });
});

describe('a refused volume read', () => {
  it('is never an all-clear: one notice naming the permission, "volume not checked" in the Slack all-clear, the run goes on', async () => {
    const w = await world(sites(at(HOUR)));
    w.piwik.forbid(['realTimeQuery', 'query']);
    const { kit, report } = await runOnce(w, { 'create-issue': 'false' });
    expect(kit.failure()).toBeUndefined();
    expect(report.sites.map((s) => s.volume?.status)).toEqual(['not-checked', 'not-checked', 'not-checked']);
    const notices = kit.notices.map((n) => n.message).filter((m) => m.includes('volume not checked'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/sites Example Store .* Staging .*HTTP 403.*needs at least view access to the site's Analytics data/);
    const allClear = JSON.stringify(w.slack.messages[0]);
    expect(allClear).toContain('Volume not checked for Example Store, Example Blog, Staging');
  });

  it('a site whose time zone is unknown is not checked rather than guessed, and a slow answer is not waited for past the limit', async () => {
    const data = sites(at(-45 * MINUTE));
    const w = await world(data);
    await w.piwik.close();
    const piwik = closeLater(
      await startPiwikSimulator({ sites: data, accounts: { [SITES.steady]: accounts()[SITES.steady] }, now: NOW, port: w.piwik.port }),
    );
    const { report } = await runOnce({ ...w, piwik }, { 'create-issue': 'false', 'slack-on-clean': 'false' });
    expect(report.sites.find((s) => s.siteId === SITES.silent)?.volume).toMatchObject({
      status: 'not-checked',
      reason: expect.stringContaining('time zone is unknown'),
    });
    expect(piwik.requests.filter((r) => r.endpoint === 'realTimeQuery').map((r) => JSON.parse(r.body).website_id)).toEqual([SITES.steady]);
  });
});

describe('bad values of the new inputs', () => {
  it.each([
    ['silence-minutes', '0', /'silence-minutes' must be a whole number from 1 to 300 \(got 0\)/],
    ['silence-minutes', '301', /'silence-minutes' must be a whole number from 1 to 300/],
    ['drop-percent', '100', /'drop-percent' must be a whole number from 1 to 99 \(got 100\)/],
    ['drop-percent', 'half', /'drop-percent' must be a whole number from 1 to 99 \(got 'half'\)/],
    ['volume-check', 'sometimes', /'volume-check' must be 'on', 'off', or site\/app UUIDs/],
    ['volume-check', '99999999-0000-4000-8000-000000000000', /'volume-check' lists a site that 'site-id' does not scan/],
  ])('%s: %s fails before any request', async (name, value, message) => {
    const piwik = closeLater(await startPiwikSimulator({ sites: {}, now: NOW }));
    const { kit } = await runAction({ ...piwikInputs(piwik, [SITES.silent]), [name]: value }, {}, { clock: clockOf(piwik) });
    expect(kit.failure()).toMatch(message);
    expect(piwik.requests).toEqual([]);
  });
});

// Keeps makeSession's import used by other helpers honest: a broken event alone is no traffic.
describe('broken events', () => {
  it('do not count as traffic: they never reach Analytics', async () => {
    const broken = [makeSession({ appId: SITES.never, updatedAt: at(-5 * MINUTE), events: [{ type: 17, errorMessage: 'Bad' }] })];
    const w = await world({ ...sites(at(HOUR)), [SITES.never]: broken });
    const { report } = await runOnce(w, { 'create-issue': 'false' });
    expect(report.sites.find((s) => s.siteId === SITES.never)?.volume).toMatchObject({
      status: 'quiet',
      recent: { pageViews: 0, events: 0 },
    });
  });
});

describe('the demo', () => {
  it('shows a silent site beside the two with broken events', async () => {
    const data = withSilentSite(withDrift(demoDataset(NOW), NOW), NOW);
    const piwik = closeLater(await startPiwikSimulator({ sites: data.sites, accounts: data.accounts, now: NOW }));
    const { report } = await runAction({ ...piwikInputs(piwik, data.siteIds) }, {}, { clock: clockOf(piwik) });
    expect(report?.sites.map((s) => [s.name, s.volume?.status])).toEqual([
      ['Example Store', 'ok'],
      ['Example Blog', 'ok'],
      [SILENT_DEMO_SITE.name, 'silent'],
    ]);
    expect(report?.groups[0]?.message).toMatch(/^Tracking silent since 11:15 UTC: 0 page views in 45 min/);
  });
});
