import { describe, expect, it } from 'vitest';
import { makeSession } from '../../simulator/dataset.mjs';
import { startGitHubSink, type GitHubSink } from '../../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../../simulator/slack.mjs';
import { startTeamsSink } from '../../simulator/teams.mjs';
import type { SimContainer, SimVersion } from '../../simulator/types/tagmanager.js';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from '../support/action-harness.js';
import { renderGfm } from '../support/gfm.js';

/**
 * Issue 25 end to end: the action against the Piwik PRO simulator (its Tag
 * Manager part included), a Slack sink and a GitHub sink, over loopback HTTP.
 */
closeServersAfterEach();

const SHOP = '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13';
const BLOG = '7d2e4f60-8a1b-4c3d-9e5f-b6a7c8d9e0f1';
const MINUTE = 60_000;
const MESSAGE = 'Unknown custom dimension: dimension12';
/** The tag's code: searched for parameters, never shown anywhere. */
const TAG_CODE = "<script>_paq.push(['setCustomDimension', 12, '{{ Sale name }}']); /* SECRET-CODE-MARKER */</script>";

interface World {
  readonly piwik: PiwikSimulator;
  readonly slack: SlackSink;
  readonly github: GitHubSink;
  readonly now: Date;
}

/** Broken events on the shop that begin `brokenAgo` minutes before now; the blog has none. */
async function world(options: { brokenAgo?: number; versions?: (now: Date) => SimVersion[]; forbidden?: boolean } = {}): Promise<World> {
  const now = new Date();
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  const broken = options.brokenAgo ?? 17;
  const sessions = [broken, broken - 4, broken - 9].map((ago, i) =>
    makeSession({
      appId: SHOP,
      seed: `tm-${i}`,
      updatedAt: at(ago),
      events: [{ type: 17, errorMessage: MESSAGE, url: 'https://shop.example.com/sale', queryParams: { dimension12: 'spring-sale' } }],
    }),
  );
  const blog = [makeSession({ appId: BLOG, seed: 'tm-blog', updatedAt: at(5), events: [{ type: 1, url: 'https://blog.example.com/' }] })];
  const tagManager: Record<string, SimContainer> | undefined = options.versions
    ? { [SHOP]: { versions: options.versions(now) } }
    : undefined;
  const piwik = closeLater(
    await startPiwikSimulator({
      sites: { [SHOP]: sessions, [BLOG]: blog },
      now,
      accounts: {
        [SHOP]: { app: { name: 'ACME Shop' }, customDimensions: [{ trackingId: 1, name: 'Customer tier' }] },
        [BLOG]: { app: { name: 'ACME Blog' } },
      },
      tagManager,
      forbidden: options.forbidden ? ['tagManager'] : [],
    }),
  );
  return {
    piwik,
    slack: closeLater(await startSlackSink()),
    github: closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' })),
    now,
  };
}

/** Version 41 in force since yesterday, version 42 published `ago` minutes before now, editing the tag that sends dimension12. */
function publishedAgo(now: Date, ago: number, extra: Partial<SimVersion> = {}): SimVersion[] {
  return [
    { major: 41, type: 'historic', publishedAt: new Date(now.getTime() - 26 * 60 * MINUTE), publisher: 'old@example.com' },
    { major: 41, minor: 1, type: 'historic', createdAt: new Date(now.getTime() - 90 * MINUTE) },
    {
      major: 42,
      type: 'published',
      publishedAt: new Date(now.getTime() - ago * MINUTE),
      publisher: 'jane.doe@example.com',
      changes: [
        {
          changeType: 'edit',
          resourceType: 'tag',
          name: 'GA4 purchase',
          before: { name: 'GA4 purchase', code: '<script></script>' },
          after: { name: 'GA4 purchase', code: TAG_CODE },
        },
        {
          changeType: 'edit',
          resourceType: 'variable',
          name: 'Order total',
          before: { name: 'Order total' },
          after: { name: 'Order total', variable_type: 'data_layer' },
        },
        { changeType: 'add', resourceType: 'trigger', name: 'Checkout', after: { name: 'Checkout', trigger_type: 'page_view' } },
      ],
      ...extra,
    },
  ];
}

async function runWith(w: World, inputs: Record<string, string> = {}) {
  return runAction(
    {
      ...piwikInputs(w.piwik, [SHOP, BLOG]),
      since: 'window',
      'slack-webhook-url': w.slack.url,
      'create-issue': 'true',
      'github-token': 'ghs_testtoken',
      ...inputs,
    },
    { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: w.github.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '7' },
  );
}

const tmRequests = (w: World) => w.piwik.requests.filter((r) => r.endpoint === 'tagManager');
const slackText = (w: World) => JSON.stringify(w.slack.messages);

describe('a break 3 minutes after a publish', () => {
  it('names the version, its time and the tag that sends the parameter in Slack, Teams, the summary, the issue, the report and the notice', async () => {
    const w = await world({ brokenAgo: 17, versions: (now) => publishedAgo(now, 20) });
    const teams = closeLater(await startTeamsSink());
    const { kit, report } = await runWith(w, { 'teams-webhook-url': teams.url });
    expect(kit.failure()).toBeUndefined();
    const group = report?.groups.find((g) => g.message === MESSAGE);
    const publishedAt = new Date(w.now.getTime() - 20 * MINUTE).toISOString().slice(11, 16);
    const began = `Began 3 min after Tag Manager version 42 was published (${publishedAt} UTC). Changed in it: tag "GA4 purchase" (edited), variable "Order total" (edited), trigger "Checkout" (added).`;
    const suspect = 'Tag "GA4 purchase" changed in version 42 sends `dimension12`';

    // The report: the blame on the group, the publishes on the site, no code and no e-mail.
    expect(group?.publish).toMatchObject({ version: '42', minutesAfter: 3, suspects: [{ parameter: 'dimension12', dropped: false }] });
    expect(group?.publish?.suspects[0]?.change).toMatchObject({ resource: 'tag', name: 'GA4 purchase', type: 'edit' });
    const shop = report?.sites.find((s) => s.siteId === SHOP);
    expect(shop?.tagManager?.publishes.map((p) => p.version)).toEqual(['42']);
    expect(shop?.tagManager?.publishes[0]?.changes?.map((c) => [c.type, c.resource, c.name])).toEqual([
      ['edit', 'tag', 'GA4 purchase'],
      ['edit', 'variable', 'Order total'],
      ['add', 'trigger', 'Checkout'],
    ]);
    expect(shop?.tagManager?.inForceBefore?.version).toBe('41');
    // The blog had no problem: no Tag Manager request, and nothing in the report.
    expect(report?.sites.find((s) => s.siteId === BLOG)?.tagManager).toBeUndefined();
    expect(tmRequests(w).every((r) => r.path.includes(SHOP))).toBe(true);

    // Slack: the blame, then the resource, before the diagnosis's own cause.
    const slack = slackText(w);
    expect(slack).toContain(began.replace(/"/g, '\\"'));
    expect(slack).toContain('🎯 Tag \\"GA4 purchase\\" changed in version 42 sends `dimension12`.');
    expect(slack.indexOf('🎯')).toBeLessThan(slack.indexOf('🔎'));
    // Teams (and e-mail, from the same view): the resource first, then the blame, in the card's cause.
    expect(teams.requests).toHaveLength(1);
    expect(teams.requests[0]?.problem).toBeUndefined();
    const card = teams.requests[0]?.body ?? '';
    expect(card).toContain('"text":"Tag \\"GA4 purchase\\" changed in version 42 sends "},{"type":"TextRun","text":"dimension12"');
    expect(card).toContain('Began 3 min after Tag Manager version 42 was published');

    // The summary: the cause cell, the details and the list of publishes.
    const summary = kit.summaryText();
    expect(summary).toContain(`**Most likely cause:** ${suspect.replace(/"/g, '"')}.`);
    expect(summary).toContain('### Tag Manager publishes');
    expect(summary).toMatch(/▲42/);
    const html = renderGfm(summary);
    expect(html).toContain('Began 3 min after Tag Manager version 42 was published');

    // The issue names the version and the tag; the workflow notice names the version.
    const issue = w.github.issues.find((i) => i.body?.includes(MESSAGE));
    expect(issue?.body).toContain('### Tag Manager publish');
    expect(issue?.body).toContain('Began 3 min after Tag Manager version 42 was published');
    expect(issue?.body).toContain('changed in version 42 sends `dimension12`');
    expect(kit.notices.some((n) => n.message.includes('began 3 min after Tag Manager version 42'))).toBe(true);

    // Tag code is only searched, never shown; the publisher's e-mail stays out with redact on.
    for (const text of [kit.everything(), slack, JSON.stringify(w.github.issues), JSON.stringify(report)]) {
      expect(text).not.toContain('SECRET-CODE-MARKER');
      expect(text).not.toContain('jane.doe');
    }
  });

  it('names the publisher only with redact: false', async () => {
    const w = await world({ brokenAgo: 17, versions: (now) => publishedAgo(now, 20) });
    const { report } = await runWith(w, { redact: 'false' });
    expect(report?.groups[0]?.publish?.publisher).toBe('jane.doe@example.com');
    expect(slackText(w)).toContain('published by jane.doe@');
  });
});

describe('no blame without the evidence', () => {
  it.each([
    ['the publish came 2 hours after the break began', 160, 40],
    ['the break began more than publish-blame-minutes after the publish', 10, 150],
    ['the break began before the publish', 17, 10],
  ])('%s: nothing is named', async (_, brokenAgo, publishAgo) => {
    const w = await world({ brokenAgo, versions: (now) => publishedAgo(now, publishAgo) });
    const { kit, report } = await runWith(w, { 'lookup-window': '240' });
    expect(kit.failure()).toBeUndefined();
    expect(report?.groups[0]?.publish).toBeUndefined();
    expect(slackText(w)).not.toContain('Tag Manager version');
    expect(kit.summaryText()).not.toContain('Most likely cause');
    expect(JSON.stringify(w.github.issues)).not.toContain('Tag Manager version');
  });

  it('without any publish in the window, names nothing and reads one version only', async () => {
    const w = await world({ brokenAgo: 17 });
    const { report } = await runWith(w);
    expect(report?.groups[0]?.publish).toBeUndefined();
    expect(report?.sites.find((s) => s.siteId === SHOP)?.tagManager).toMatchObject({ publishes: [], inForceBefore: { version: '1' } });
    expect(tmRequests(w).map((r) => r.path)).toEqual([`/api/tag/v1/${SHOP}/versions/published`]);
  });

  it('honours a shorter publish-blame-minutes', async () => {
    const w = await world({ brokenAgo: 17, versions: (now) => publishedAgo(now, 20) });
    const { report } = await runWith(w, { 'publish-blame-minutes': '2' });
    expect(report?.groups[0]?.publish).toBeUndefined();
  });

  it('refuses a bad publish-blame-minutes before any request, naming the input', async () => {
    const w = await world();
    const { kit } = await runWith(w, { 'publish-blame-minutes': 'soon' });
    expect(kit.failure()).toMatch(/'publish-blame-minutes' must be a whole number from 1 to 1440/);
    expect(w.piwik.requests).toHaveLength(0);
  });
});

describe('a refusal', () => {
  it('leaves the run successful with one notice naming the permission', async () => {
    const w = await world({ brokenAgo: 17, versions: (now) => publishedAgo(now, 20), forbidden: true });
    const { kit, report } = await runWith(w);
    expect(kit.failure()).toBeUndefined();
    const notices = kit.notices.filter((n) => n.message.includes('Tag Manager'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain('refused (HTTP 403)');
    expect(notices[0]?.message).toContain("view access to the site's Tag Manager");
    expect(report?.groups[0]?.publish).toBeUndefined();
    expect(report?.sites.find((s) => s.siteId === SHOP)?.tagManager?.error).toContain('HTTP 403');
    expect(w.slack.messages).toHaveLength(1);
  });
});

describe('since: tag-manager', () => {
  it('counts only events after the latest publish of each site, reading one version per site without a problem', async () => {
    const w = await world({ brokenAgo: 25, versions: (now) => publishedAgo(now, 22) });
    const { kit, report } = await runWith(w, { since: 'tag-manager' });
    expect(kit.failure()).toBeUndefined();
    const group = report?.groups.find((g) => g.message === MESSAGE);
    // Events 25, 21 and 16 minutes ago; the publish 22 minutes ago.
    expect(group?.count).toBe(3);
    expect(group?.newCount).toBe(2);
    expect(report?.alerting).toMatchObject({ since: 'tag-manager', newEvents: 2, alreadyReported: 1 });
    expect(report?.alerting?.cutSource).toContain('latest Tag Manager publish');
    // It began before the publish: not laid at it.
    expect(group?.publish).toBeUndefined();
    // The blog's published version was read once (for its cut), and nothing more.
    const blog = tmRequests(w).filter((r) => r.path.includes(BLOG));
    expect(blog.map((r) => r.path)).toEqual([`/api/tag/v1/${BLOG}/versions/published`]);
    expect(tmRequests(w).filter((r) => r.path.endsWith('/versions/published'))).toHaveLength(2);
    // The release gate's confirmation.
    expect(report?.sites.find((s) => s.siteId === SHOP)?.tagManager?.afterPublish).toMatchObject({
      version: '42',
      minutesAgo: 22,
      eventsSince: 2,
    });
    expect(kit.summaryText()).toContain('Version 42 published 22 min ago: 2 broken events since');
  });

  it('with no event after the publish, says so: 0 broken events since', async () => {
    const w = await world({ brokenAgo: 45, versions: (now) => publishedAgo(now, 20) });
    const { kit, report } = await runWith(w, { since: 'tag-manager', 'slack-on-clean': 'true' });
    expect(report?.alerting?.newEvents).toBe(0);
    expect(kit.summaryText()).toContain('Version 42 published 20 min ago: 0 broken events since');
  });
});

describe('the "after the publish" line of a scheduled run', () => {
  it('appears when the publish is newer than where the run began counting, and not otherwise', async () => {
    const w = await world({ brokenAgo: 17, versions: (now) => publishedAgo(now, 20) });
    const before = new Date(w.now.getTime() - 30 * MINUTE).toISOString();
    const { kit } = await runWith(w, { since: before });
    expect(kit.summaryText()).toContain('Version 42 published 20 min ago: 3 broken events since');
    expect(slackText(w)).toContain('Version 42 published 20 min ago: 3 broken events since');

    const after = new Date(w.now.getTime() - 18 * MINUTE).toISOString();
    const second = await runWith(w, { since: after });
    expect(second.kit.summaryText()).not.toContain('published 20 min ago');
  });
});

describe('names typed in Tag Manager', () => {
  it('are inert text in Slack, the summary and the issue: no mention, link or Markdown from them', async () => {
    const name = '<!here> *now* [click](https://evil.example/x) @octocat #12';
    const w = await world({
      brokenAgo: 17,
      versions: (now) => [
        {
          major: 7,
          minor: 2,
          type: 'published',
          publishedAt: new Date(now.getTime() - 20 * MINUTE),
          publisher: 'p@example.com',
          changes: [{ changeType: 'add', resourceType: 'tag', name, after: { name, code: TAG_CODE } }],
        },
      ],
    });
    const { kit, report } = await runWith(w);
    expect(report?.groups[0]?.publish?.version).toBe('7.2');
    const slack = slackText(w);
    expect(slack).toContain('Tag Manager version 7.2');
    expect(slack).not.toContain('<!here>');
    expect(slack).toContain('&lt;!here&gt;');
    expect(slack).not.toMatch(/@octocat/);
    for (const markdown of [kit.summaryText(), w.github.issues[0]?.body ?? '']) {
      const html = renderGfm(markdown);
      expect(html).toContain('version 7.2');
      expect(html).not.toContain('href="https://evil');
      expect(html).not.toMatch(/<em>now<\/em>/);
      expect(html).not.toMatch(/@octocat/);
    }
  });
});

describe('paging', () => {
  it('reads every page of a long changelog and of the versions list, and blames the last publish before the break', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      changeType: 'edit' as const,
      resourceType: 'variable' as const,
      name: `Variable ${i + 1}`,
      before: { name: `Variable ${i + 1}` },
      after: { name: `Variable ${i + 1}`, value: i === 110 ? 'dimension12' : 'x' },
    }));
    const w = await world({
      brokenAgo: 17,
      versions: (now) => [
        ...Array.from({ length: 12 }, (_, i) => ({
          major: 10 + i,
          type: 'historic' as const,
          createdAt: new Date(now.getTime() - (50 - i) * MINUTE),
        })),
        {
          major: 42,
          type: 'historic',
          publishedAt: new Date(now.getTime() - 55 * MINUTE),
          publisher: 'a@example.com',
          changes: many.slice(0, 2),
        },
        { major: 43, type: 'published', publishedAt: new Date(now.getTime() - 20 * MINUTE), publisher: 'b@example.com', changes: many },
        { major: 41, type: 'historic', publishedAt: new Date(now.getTime() - 300 * MINUTE), publisher: 'c@example.com' },
      ],
    });
    const { kit, report } = await runWith(w, { 'lookup-window': '120' });
    expect(kit.failure()).toBeUndefined();
    const tm = report?.sites.find((s) => s.siteId === SHOP)?.tagManager;
    expect(tm?.publishes.map((p) => p.version)).toEqual(['42', '43']);
    expect(tm?.inForceBefore?.version).toBe('41');
    expect(tm?.publishes[1]?.changeCount).toBe(120);
    const blame = report?.groups[0]?.publish;
    expect(blame?.version).toBe('43');
    expect(blame?.suspects[0]?.change.name).toBe('Variable 111');
    expect(kit.summaryText()).toContain('and 115 more');
    // Version 43's 120 changes in six pages of 20, version 42's two in one; the list in two pages of 10.
    const offsets = (suffix: string) =>
      tmRequests(w)
        .filter((r) => r.path.endsWith(suffix))
        .map((r) => new URL(r.target, w.piwik.url).searchParams.get('page[offset]'));
    expect(offsets('/changelog').sort()).toEqual(['0', '0', '100', '20', '40', '60', '80']);
    expect(offsets('/versions')).toEqual(['0', '10']);
  });
});
