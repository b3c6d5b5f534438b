import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, demoDataset, makeSession } from '../../simulator/dataset.mjs';
import { DEMO_GOALS, DRIFT_MESSAGES, demoAccounts, withDrift } from '../../simulator/demo-account.mjs';
import type { PiwikSimulator } from '../../simulator/piwik.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, runAction } from '../support/action-harness.js';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';

/**
 * What the account knows, end to end through the action's edge: site names from the Apps API,
 * annotations in Analytics, and a run that goes on when those APIs refuse.
 */
const NOW = new Date('2026-11-30T12:00:00Z');
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

async function simulator(options: Parameters<typeof startPiwikSimulator>[0] = {}): Promise<PiwikSimulator> {
  const data = withDrift(demoDataset(NOW), NOW);
  return closeLater(await startPiwikSimulator({ sites: data.sites, accounts: data.accounts, now: NOW, ...options }));
}

const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42' };

describe('site names from the Apps API', () => {
  it('names every site in the report, reading each site once, while the scan runs', async () => {
    const sim = await simulator({ latencyMs: 30 });
    const { kit, report } = await runAction(piwikInputs(sim, [shop, blog]), env);

    expect(kit.failure()).toBeUndefined();
    expect(report?.sites.map((s) => [s.siteId, s.name])).toEqual([
      [shop, 'Example Store'],
      [blog, 'Example Blog'],
    ]);
    expect(kit.notices.map((n) => n.message).filter((n) => n.includes('Could not'))).toEqual([]);
    // The names from one read of the Apps API's list; each site with something to diagnose read once, for each account API.
    expect(sim.countBy('apps')).toBe(1);
    expect(sim.countBy('app')).toBe(2);
    expect(sim.countBy('customDimensions')).toBe(2);
    expect(sim.countBy('goals')).toBe(2);
    // Asked beside the Debugger API, not after it: the first account read goes out before the first raw request.
    // By arrival order, not by `at`: two requests in the same millisecond would tie.
    const first = (endpoint: string) => sim.requests.findIndex((r) => r.endpoint === endpoint);
    expect(first('app')).toBeLessThan(first('logs'));
    expect(first('customDimensions')).toBeLessThan(first('logs'));
  });

  it('falls back to UUIDs with one notice per refused API, and the run succeeds as before', async () => {
    const sim = await simulator({ forbidden: ['apps', 'app', 'customDimensions', 'goals'] });
    const { kit, report } = await runAction(piwikInputs(sim, [shop, blog]), env);

    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('found');
    expect(report?.sites.every((s) => s.name === undefined && s.complete)).toBe(true);
    const notices = kit.notices.map((n) => n.message).filter((n) => n.startsWith('Could not'));
    expect(notices).toHaveLength(4);
    expect(notices[0]).toBe(
      "Could not read the list of the account's sites from the Apps API; it was refused (HTTP 403): the API client needs at least view access to the sites. Instead, a site without a problem is shown by its UUID.",
    );
    expect(notices[1]).toBe(
      `Could not read the site's name and settings from the Apps API for 2 sites (${shop}, ${blog}); it was refused (HTTP 403): the API client needs at least view access to the site. Instead, the site is shown by its UUID, and the e-commerce and site-URL checks were skipped.`,
    );
    expect(notices[2]).toContain('dimensionN parameters were checked against the Tracking API only');
    expect(notices[3]).toContain('idgoal was checked against the Tracking API only');
  });

  it('goes on when an account API fails outright (500 on every retry, then a body that is not JSON:API)', async () => {
    const sim = await simulator({
      faults: {
        app: Array.from({ length: 5 }, () => ({ status: 500 })),
        goals: [{ raw: { status: 200, contentType: 'application/vnd.api+json', body: '<html>oops</html>' } }],
      },
    });
    const { kit, report } = await runAction(piwikInputs(sim, [shop]), env);

    expect(kit.failure()).toBeUndefined();
    // The name still comes from the Apps API's list; the site's own settings are what failed.
    expect(report?.sites[0]?.name).toBe('Example Store');
    const notices = kit.notices.map((n) => n.message).filter((n) => n.startsWith('Could not'));
    expect(notices).toEqual([
      expect.stringMatching(
        /^Could not read the site's name and settings .* it failed: Apps API \(\/api\/apps\/v2\/\{app_id\}\) answered HTTP 500/,
      ),
      expect.stringMatching(/^Could not read the site's goals .* it failed: .*not a JSON:API document/),
    ]);
  });
});

describe("diagnosis against the site's configuration", () => {
  const cause = (report: Awaited<ReturnType<typeof runAction>>['report'], message: string) =>
    report?.groups.find((g) => g.message === message)?.diagnosis;

  it('names a deleted dimension, an inactive one, a deleted goal and e-commerce on a site without it', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(piwikInputs(sim, [shop, blog]), env);
    expect(kit.failure()).toBeUndefined();

    expect(cause(report, DRIFT_MESSAGES.unknownDimension)?.summary).toBe(
      "`dimension12` = `spring-sale` is sent, but the site has no custom dimension with ID 12 (expected one of the site's custom dimensions: dimension1, dimension2 or dimension3)",
    );
    expect(cause(report, DRIFT_MESSAGES.inactiveDimension)?.summary).toBe(
      '`dimension2 (Newsletter source)` = `footer-form` is sent to a custom dimension that is inactive (expected an active custom dimension)',
    );
    expect(cause(report, DRIFT_MESSAGES.unknownGoal)?.summary).toBe(
      `\`idgoal\` = \`${DEMO_GOALS.deleted}\` names a goal the site does not have (expected one of the site's goals: "Newsletter sign-up" or "Contact form sent")`,
    );
    expect(cause(report, DRIFT_MESSAGES.ecommerceOff)?.summary).toMatch(
      /^`ec_products` = .* is e-commerce data, but e-commerce tracking is off for this site/,
    );
    // The demo's own groups keep their Tracking API diagnosis: the account adds, it does not replace.
    expect(cause(report, 'Invalid custom event value: twelve')?.summary).toMatch(/^`e_v` = `twelve` is not a number/);
    // A dimension the site has is shown with its name in the sample request.
    const sample = report?.groups.find((g) => g.message === DRIFT_MESSAGES.inactiveDimension)?.sampleRequests[0];
    expect(sample?.parameterNames).toEqual({ dimension3: 'Page type', dimension2: 'Newsletter source' });
    expect(kit.summaryText()).toContain('dimension3 (Page type) = landing');
  });

  it('falls back to the spec-only diagnosis, with a notice, when the account APIs answer 403', async () => {
    const sim = await simulator({ forbidden: ['app', 'customDimensions', 'goals'] });
    const { kit, report } = await runAction(piwikInputs(sim, [shop, blog]), env);
    expect(kit.failure()).toBeUndefined();
    expect(report?.status).toBe('found');
    for (const message of [DRIFT_MESSAGES.unknownDimension, DRIFT_MESSAGES.inactiveDimension]) {
      expect(cause(report, message)?.summary).toBe('no parameter violates the documented Tracking API');
    }
    expect(cause(report, 'Invalid custom event value: twelve')?.summary).toMatch(/^`e_v` = `twelve` is not a number/);
    expect(kit.notices.map((n) => n.message).filter((n) => n.startsWith('Could not'))).toHaveLength(3);
  });
});

describe('annotations in Piwik PRO (annotate: true)', () => {
  /** One site, two broken groups, nothing else: the figures below are exact. */
  async function twoGroups() {
    const badValue = { errorMessage: 'Invalid custom event value: x', customEvent: { category: 'Cart', action: 'Add', value: 'x' } };
    const longName = { errorMessage: 'Content name too long: 1500 characters', queryParams: { c_n: 'n'.repeat(1500) } };
    const session = (seed: string, minutesAgo: number, event: object) =>
      makeSession({
        appId: shop,
        seed,
        updatedAt: new Date(NOW.getTime() - minutesAgo * 60_000),
        events: [{ type: 17, url: 'https://shop.example.com/cart', ...event }],
      });
    const sessions = [session('a1', 3, badValue), session('a2', 6, badValue), session('b1', 9, longName)];
    return closeLater(await startPiwikSimulator({ sites: { [shop]: sessions }, accounts: { [shop]: demoAccounts()[shop] }, now: NOW }));
  }

  it('adds exactly one annotation per NEW group, and none on the next run over the same groups', async () => {
    const sim = await twoGroups();
    const inputs = { ...piwikInputs(sim, [shop]), annotate: 'true', since: 'window' };

    const first = await runAction(inputs, env);
    expect(first.kit.failure()).toBeUndefined();
    const annotations = sim.annotations(shop);
    expect(annotations).toHaveLength(2);
    // Dated in the site's zone (Europe/Warsaw: 13:00 on the 30th), public, short, and naming error and count.
    expect(annotations.map((a) => [a.date, a.visibility])).toEqual([
      ['2026-11-30', 'public'],
      ['2026-11-30', 'public'],
    ]);
    const byCount = annotations.map((a) => a.content).sort();
    expect(byCount[0]).toMatch(/^Broken events: Content name too long: … characters \(c_n\), 1 event · ref [0-9a-f]{16}$/);
    expect(byCount[1]).toMatch(/^Broken events: Invalid custom event value: … \(e_v\), 2 events · ref [0-9a-f]{16}$/);
    expect(annotations.every((a) => Array.from(a.content).length <= 150)).toBe(true);
    expect(first.report?.deliveries.annotations).toEqual({ status: 'sent', detail: 'annotations: 2 added' });
    expect(first.report?.groups.map((g) => g.annotation)).toEqual([
      { date: '2026-11-30', action: 'created' },
      { date: '2026-11-30', action: 'created' },
    ]);

    const second = await runAction(inputs, env);
    expect(second.kit.failure()).toBeUndefined();
    expect(sim.annotations(shop)).toHaveLength(2);
    expect(second.report?.deliveries.annotations).toEqual({ status: 'skipped', detail: 'annotations: 2 already there' });
    // One list per site and day, however many groups share it.
    expect(sim.requests.filter((r) => r.endpoint === 'annotations' && r.method === 'GET')).toHaveLength(2);
  });

  it('writes nothing in a dry run, and says what it would have written', async () => {
    const sim = await twoGroups();
    const { kit, report } = await runAction({ ...piwikInputs(sim, [shop]), annotate: 'true', since: 'window', 'dry-run': 'true' }, env);
    expect(sim.annotations(shop)).toEqual([]);
    expect(report?.deliveries.annotations).toEqual({ status: 'dry-run', detail: 'annotations: 2 would be added' });
    expect(kit.logs.filter((l) => l.startsWith('Dry run: would add an annotation'))).toHaveLength(2);
  });

  it('turns a refusal into one notice, and the run, its outputs and report go on', async () => {
    const sim = await twoGroups();
    sim.forbid(['annotations']);
    const { kit, report } = await runAction({ ...piwikInputs(sim, [shop]), annotate: 'true', since: 'window' }, env);
    expect(kit.failure()).toBeUndefined();
    expect(kit.outputs.status).toBe('found');
    expect(report?.deliveries.annotations?.status).toBe('failed');
    expect(kit.notices.map((n) => n.message).filter((n) => n.startsWith('Could not add annotations'))).toEqual([
      `Could not add annotations in Analytics for site ${shop}; it was refused (HTTP 403): the API client needs a permission on the site that allows adding public user annotations. Instead, no annotation was added; everything else was reported as usual.`,
    ]);
    // The first refusal stops the site's other writes: no point in asking again.
    expect(sim.requests.filter((r) => r.endpoint === 'annotations')).toHaveLength(1);
  });

  it('is off by default', async () => {
    const sim = await twoGroups();
    const { report } = await runAction({ ...piwikInputs(sim, [shop]), since: 'window' }, env);
    expect(sim.countBy('annotations')).toBe(0);
    expect(report?.deliveries.annotations).toBeUndefined();
  });
});
