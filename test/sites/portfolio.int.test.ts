import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portfolioDataset, siteName } from '../../simulator/dataset.mjs';
import { startGitHubSink } from '../../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink } from '../../simulator/slack.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, runAction, type ReportFile } from '../support/action-harness.js';
import { runCli } from '../cli/run-cli.js';

/**
 * Whole portfolios over loopback: 600 sites on the simulator behind a round
 * trip, `site-id: all`, routes to two Slack sinks and the default, eight
 * shards that cover every site once, and their merge by the CLI.
 */
const NOW = new Date('2026-12-01T12:00:00Z');
closeServersAfterEach();

async function portfolio(sites: number, options: Parameters<typeof startPiwikSimulator>[0] = {}) {
  const data = portfolioDataset({ sites, problemEvery: 10, now: NOW });
  const sim = closeLater(await startPiwikSimulator({ sites: data.sites, accounts: data.accounts, now: NOW, ...options }));
  return { data, sim };
}

const debuggerSites = (sim: PiwikSimulator) => sim.requests.filter((r) => r.endpoint === 'debugger').map((r) => r.query.app_id ?? '');

describe('site-id: all on an account of 600 sites', () => {
  it('scans every site once, reads the account only where there are problems, and stays readable', async () => {
    const { data, sim } = await portfolio(600, { latencyMs: 5, appsPageCap: 250 });
    // Point 3's budget is the broken-event scan's: the volume check (on by default) costs every checked site its
    // settings (the time zone) and two Analytics reads, whatever it finds; test/volume counts those.
    const { kit, report } = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', since: 'window', 'volume-check': 'off' });

    expect(kit.failure()).toBeUndefined();
    expect(report?.sites).toHaveLength(600);
    const scanned = debuggerSites(sim);
    expect(new Set(scanned).size).toBe(600);
    expect(scanned).toHaveLength(600);
    expect(new Set(scanned)).toEqual(new Set(data.siteIds));
    // Every page of the list (250 a page here), names from it, settings only of the 60 sites with problems.
    expect(sim.countBy('apps')).toBe(3);
    expect(report?.sites.every((s) => s.name === siteName(data.siteIds.indexOf(s.siteId)))).toBe(true);
    const withProblems = new Set(data.withProblems);
    expect(withProblems.size).toBe(60);
    for (const endpoint of ['app', 'customDimensions', 'goals'] as const) {
      const read = sim.requests.filter((r) => r.endpoint === endpoint).map((r) => r.path.split('/').pop() || r.query.website_id);
      expect(
        read.every((id) => withProblems.has(id ?? '')),
        endpoint,
      ).toBe(true);
      expect(read).toHaveLength(60);
    }
    // Point 3's budget: a Debugger read per site, at most four more per site with problems, the list pages, five more;
    // beside it the Tag Manager step's reads (issue 25), only of sites with a new problem: at most four each.
    const tagManager = sim.requests.filter((r) => r.endpoint === 'tagManager');
    expect(tagManager.every((r) => withProblems.has(r.path.split('/')[4] ?? ''))).toBe(true);
    expect(tagManager.length).toBeLessThanOrEqual(4 * 60);
    expect(sim.requests.length - tagManager.length).toBeLessThanOrEqual(600 + 4 * 60 + 3 + 5);

    const summary = kit.summaryText();
    expect(summary).toContain('600 sites scanned');
    expect(summary).toContain('And 540 sites clean: scanned completely, nothing found.');
    const siteRows =
      summary
        .split('### Sites')[1]
        ?.split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| Site')) ?? [];
    expect(siteRows).toHaveLength(60);
  }, 60_000);

  it('leaves out the sites given as !UUID, and says so when the list has no such site', async () => {
    const { data, sim } = await portfolio(30);
    const [first, second] = data.siteIds;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const { kit, report } = await runAction({ ...piwikInputs(sim, []), 'site-id': `all, !${first}, !${second}, !${unknown}` });

    expect(kit.failure()).toBeUndefined();
    expect(report?.sites.map((s) => s.siteId).sort()).toEqual(data.siteIds.slice(2).sort());
    expect(debuggerSites(sim)).not.toContain(first);
    expect(kit.notices.map((n) => n.message)).toContainEqual(
      expect.stringContaining(`leaves out ${unknown}, which the Apps API's list does not hold`),
    );
  });

  it('fails loudly, with a failure notice, when the list cannot be read', async () => {
    const { sim } = await portfolio(30, { forbidden: ['apps'] });
    const slack = closeLater(await startSlackSink());
    const { kit, report } = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', 'slack-webhook-url': slack.url });

    expect(report?.status).toBe('failed');
    expect(report?.errors[0]).toMatch(
      /^'site-id: all' could not read the account's list of sites: Apps API \(\/api\/apps\/v2\) answered HTTP 403/,
    );
    expect(sim.countBy('debugger')).toBe(0);
    expect(kit.failure()).toContain("could not read the account's list of sites");
    expect(JSON.stringify(slack.messages)).toContain('could not read the account');
  });

  it('reports the unreadable list as such under a state file too, where since: auto cuts per site and no site is left', async () => {
    const { data, sim } = await portfolio(30, { forbidden: ['apps'] });
    const path = join(await mkdtemp(join(tmpdir(), 'portfolio-state-')), 'state.json');
    const state = { version: 1, sites: { [data.siteIds[0]]: { lastScan: '2026-12-01T11:00:00.000Z' } }, groups: {} };
    await writeFile(path, JSON.stringify(state));
    const { kit, report } = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', 'state-file': path });

    expect(report).toMatchObject({
      status: 'failed',
      alerting: { cutSource: `the last successful scan of each site (state file ${path})` },
    });
    expect(report?.alerting?.cut).toBeUndefined();
    expect(kit.failure()).toContain("could not read the account's list of sites");
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(state);
  });
});

describe('routes', () => {
  it('sends each Slack destination only its problems, and gives issues their route’s assignees and labels', async () => {
    const { data, sim } = await portfolio(30);
    const [shops, blogs, fallback] = [
      closeLater(await startSlackSink()),
      closeLater(await startSlackSink()),
      closeLater(await startSlackSink()),
    ];
    const github = closeLater(await startGitHubSink({ owner: 'acme', repo: 'sites' }));
    const routes = [
      '- name: Shops',
      '  site: "Shop *"',
      `  slack-webhook-url: ${shops.url}`,
      '  slack-mention: "<!subteam^S0SHOPS>"',
      '  issue-assignees: [shop-lead]',
      '  issue-labels: [team-shop]',
      '- site: ["Blog *"]',
      `  slack-webhook-url: ${blogs.url}`,
      '  issue-labels: team-blog',
    ].join('\n');
    const { kit, report } = await runAction(
      {
        ...piwikInputs(sim, []),
        'site-id': 'all',
        since: 'window',
        routes,
        'slack-webhook-url': fallback.url,
        'create-issue': 'true',
        'github-token': 'ghs_testtoken',
        'issue-assignees': 'default-owner',
      },
      { GITHUB_REPOSITORY: 'acme/sites', GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '7' },
    );

    expect(kit.failure()).toBeUndefined();
    // Problems on sites 1, 11 and 21: Shop 001, Blog 011, News 021.
    expect(data.withProblems.map((id) => siteName(data.siteIds.indexOf(id)))).toEqual(['Shop 001', 'Blog 011', 'News 021']);
    const text = (sink: typeof shops) => JSON.stringify(sink.messages);
    for (const [sink, own, others] of [
      [shops, 'Shop 001', ['Blog 011', 'News 021']],
      [blogs, 'Blog 011', ['Shop 001', 'News 021']],
      [fallback, 'News 021', ['Shop 001', 'Blog 011']],
    ] as const) {
      expect(sink.messages).toHaveLength(1);
      expect(text(sink)).toContain(own);
      for (const other of others) expect(text(sink)).not.toContain(other);
      // Clean sites are never listed.
      expect(text(sink)).not.toContain('Shop 004');
    }
    expect(text(shops)).toContain('<!subteam^S0SHOPS>');
    expect(text(blogs)).not.toContain('subteam');
    expect(report?.deliveries.slack.status).toBe('sent');

    const issues = github.issues.filter((i) => !i.pull_request);
    expect(issues).toHaveLength(3);
    const issueOf = (name: string) => issues.find((i) => i.title.includes(name));
    expect(issueOf('Shop 001')?.labels.map((l) => l.name)).toEqual(['broken-events', 'team-shop']);
    expect(issueOf('Shop 001')?.assignees.map((a) => a.login)).toEqual(['shop-lead']);
    expect(issueOf('Blog 011')?.labels.map((l) => l.name)).toEqual(['broken-events', 'team-blog']);
    expect(issueOf('Blog 011')?.assignees.map((a) => a.login)).toEqual(['default-owner']);
    expect(issueOf('News 021')?.labels.map((l) => l.name)).toEqual(['broken-events']);
    // The routes' webhooks are secrets: in nothing the run wrote.
    for (const url of [shops.url, blogs.url]) expect(kit.everything()).not.toContain(url);
  });

  it('refuses a bad rule before any request, naming its line', async () => {
    const { sim } = await portfolio(3);
    const routes = ['- site: "Shop *"', '  slack-webhook-url: https://hooks.example/x', '- site: "Blog *"', '  issue-lables: [oops]'].join(
      '\n',
    );
    const { kit } = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', routes });

    expect(kit.failure()).toMatch(/^Invalid input: 'routes' has a bad rule: rule at line 3: has an unknown key 'issue-lables' \(line 4\)/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('shards', () => {
  it('eight shards cover the 600 sites exactly once, and their merge counts what one run counts', async () => {
    const { data, sim } = await portfolio(600);
    const single = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', since: 'window' });
    const paths: string[] = [];
    const seen: string[] = [];
    for (let k = 1; k <= 8; k++) {
      const { kit, report } = await runAction({ ...piwikInputs(sim, []), 'site-id': 'all', since: 'window', shard: `${k}/8` });
      expect(kit.failure()).toBeUndefined();
      expect(report?.settings.sites?.shard).toBe(`${k}/8`);
      seen.push(...(report?.sites.map((s) => s.siteId) ?? []));
      paths.push(kit.outputs['report-path'] ?? '');
    }
    expect(seen).toHaveLength(600);
    expect(new Set(seen)).toEqual(new Set(data.siteIds));

    const folder = await mkdtemp(join(tmpdir(), 'merged-'));
    const summaryFile = join(folder, 'summary.md');
    const merged = await runCli(['--merge-reports', ...paths, '--report', join(folder, 'merged.json'), '--json'], {
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    expect(merged.stderr).toContain('Merging 8 reports');
    expect(merged.code).toBe(0);
    const report = JSON.parse(await readFile(join(folder, 'merged.json'), 'utf8')) as ReportFile;
    expect(report.totals).toEqual(single.report?.totals);
    expect(report.status).toBe(single.report?.status);
    expect(report.events).toHaveLength(single.report?.events.length ?? -1);
    expect(report.alerting?.newEvents).toBe(single.report?.alerting?.newEvents);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('600 sites scanned');
    expect(summary).toContain('And 540 sites clean');

    // A shard's report missing: its sites were not checked, and the merge says so.
    const partial = await runCli(['--merge-reports', ...paths.slice(1), '--json']);
    expect(partial.code).toBe(3);
    expect(JSON.parse(partial.stdout).errors).toContainEqual(expect.stringMatching(/^The report of shard 1\/8 is missing/));
  }, 180_000);
});
