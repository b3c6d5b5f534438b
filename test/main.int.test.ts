import { insideDetails, renderGfm, tablesIn } from './support/gfm.js';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, makeSession, scaleDataset } from '../simulator/dataset.mjs';
import type { PiwikSimulator } from '../simulator/piwik.mjs';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction as runEdge } from './support/action-harness.js';
import { siteLabel } from '../src/text/site-label.js';

const NOW = new Date();
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

const simulator = (options: Parameters<typeof piwikSimulator>[1] = {}) => piwikSimulator(NOW, options);

function runAction(sim: PiwikSimulator, inputs: Record<string, string> = {}) {
  return runEdge(
    { ...piwikInputs(sim, [shop, blog]), ...inputs },
    { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42' },
  );
}

describe('the action end to end against the Piwik PRO simulator', () => {
  it('finds every broken event of the demo, groups them, and writes outputs, summary and report', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(sim);

    expect(kit.failure()).toBeUndefined();
    expect(kit.outputs).toMatchObject({
      status: 'found',
      found: 'true',
      'event-count': '10',
      'session-count': '9',
      'group-count': '6',
      'slack-sent': 'false',
    });
    // 2^53 + 1 survives as an exact decimal: it never passed through a JS number.
    expect(kit.outputs['event-ids']?.split(',')).toContain('9007199254740993');
    expect(kit.outputs['event-ids']?.split(',')).toHaveLength(10);

    expect(report?.schemaVersion).toBe(1);
    expect(report?.groups.map((g) => [g.siteId, g.count])).toEqual(
      expect.arrayContaining([
        [shop, 3],
        [shop, 2],
        [blog, 2],
      ]),
    );
    const ecProducts = report?.groups.find((g) => g.normalizedMessage === 'Invalid ec_products: cannot parse JSON for order <n>');
    expect(ecProducts).toMatchObject({ count: 3, siteId: shop, eventTypeLabel: 'Broken event' });
    expect(ecProducts?.sampleRequests.length).toBeGreaterThan(0);
    expect(report?.events.every((e) => e.logStatus === 'fetched')).toBe(true);

    const summary = kit.summaryText();
    // The change first, the totals second.
    expect(summary).toMatch(/^## 🆕 Piwik PRO: 6 new problems on 2 sites\n\n10 broken events in 6 groups in the last 60 minutes · /);
    expect(summary).toContain('### Sites');
    expect(summary).toContain('### What to fix');
    expect(summary).toContain('<details>');
    // Each demo group's diagnosis names the parameter that broke it, and a reader sees it without opening anything.
    const html = renderGfm(summary);
    for (const parameter of ['ec_products', 'e_v', 'idsite', 'c_n', 'ec_items']) {
      const cause = `<strong>Likely cause:</strong> <code>${parameter}</code>`;
      expect(html).toContain(cause);
      expect(insideDetails(html, cause)).toBe(false);
    }
    // The groups table has its headers and a row per group, each with its likely cause.
    const groupsTable = tablesIn(html)[0];
    expect(groupsTable?.headers).toEqual(['#', 'State', 'Problem', 'Where', 'Events', 'Likely cause']);
    expect(groupsTable?.rows).toBe(6);
    expect(report?.groups.every((g) => g.diagnosis?.findings[0]?.severity === 'cause')).toBe(true);
    // One token for the run, one debugger query per site, and the logs batched into one request per site.
    expect(sim.countBy('token')).toBe(1);
    expect(sim.countBy('debugger')).toBe(2);
    expect(sim.countBy('logs')).toBe(2);
  });

  it('keeps personal data and secrets out of everything it writes', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(sim);
    const written = `${kit.everything()}\n${JSON.stringify(report)}`;
    for (const personal of ['anna.kowalska', 'jan.nowak', 'maria.rossi', '%40example']) expect(written).not.toContain(personal);
    expect(written).not.toContain('test-secret');
    const token = kit.secrets.find((s) => s !== 'test-secret');
    expect(token).toBeDefined();
    expect(written).not.toContain(token);
    expect(kit.secrets).toContain('test-secret');
  });

  it('shows personal data only when redact is off', async () => {
    const sim = await simulator();
    const { report } = await runAction(sim, { redact: 'false' });
    expect(JSON.stringify(report)).toContain('anna.kowalska');
  });

  it('fails the step with fail-on-events only after writing everything', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(sim, { 'fail-on-events': 'true' });
    expect(kit.failure()).toMatch(/10 new matching events found \(10 in the window, 6 groups\), and 'fail-on-events' is true/);
    expect(kit.outputs.found).toBe('true');
    expect(report?.status).toBe('found');
    expect(kit.summaryText()).toContain('10 broken events');
  });

  it('reports a clean run without failing', async () => {
    const sim = await simulator({ sites: { [shop]: [makeSession({ appId: shop, updatedAt: NOW, events: [{ type: 1 }] })] } });
    const { kit, report } = await runAction(sim, { 'site-id': shop, 'fail-on-events': 'true' });
    expect(kit.failure()).toBeUndefined();
    expect(kit.outputs).toMatchObject({ status: 'clean', found: 'false', 'event-count': '0', 'event-ids': '' });
    expect(report?.status).toBe('clean');
    expect(kit.summaryText()).toMatch(/^## ✅ Piwik PRO: no broken events/);
  });

  it('rejects bad input before any request, naming the input', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(sim, { 'lookup-window': '301', 'site-id': 'not-a-uuid' });
    expect(kit.failure()).toMatch(/'lookup-window' must be a whole number from 1 to 300/);
    expect(kit.failure()).toMatch(/'site-id' must hold site\/app UUIDs/);
    expect(sim.requests).toHaveLength(0);
    expect(report).toBeUndefined();
  });

  it('says the credentials were rejected, never the secret', async () => {
    const sim = await simulator();
    const { kit, report } = await runAction(sim, { 'client-secret': 'wrong-secret-value' });
    expect(kit.failure()).toMatch(/rejected the API credentials.*'client-id' and 'client-secret'/);
    expect(kit.everything()).not.toContain('wrong-secret-value');
    expect(kit.outputs.status).toBe('failed');
    expect(report?.status).toBe('failed');
    // One login, asked for once: the pipeline's early request is the scan's too.
    expect(sim.countBy('token')).toBe(1);
    expect(sim.countBy('debugger')).toBe(0);
  });

  it('reports a site without access as failed, and still reports the others', async () => {
    const sim = await simulator();
    const unknown = '11111111-2222-4333-8444-555555555555';
    const { kit, report } = await runAction(sim, { 'site-id': `${shop} ${unknown}` });
    expect(kit.failure()).toMatch(new RegExp(`Could not check site ${unknown}: no access \\(HTTP 404\\)`));
    // One failure, one error: not a warning as well, and one CAUTION box in the summary.
    expect(kit.warnings.map((w) => w.message).join('\n')).not.toContain(unknown);
    expect(kit.summaryText().split('[!CAUTION]')).toHaveLength(2);
    expect(kit.summaryText()).not.toContain('[!WARNING]');
    expect(report?.status).toBe('failed');
    expect(report?.totals.events).toBe(7);
    expect(report?.sites.find((s) => s.siteId === unknown)).toMatchObject({ complete: false });
  });

  it('reads every page, and warns when max-sessions cut the scan', async () => {
    // Every session holds a broken event, so the event_type filter keeps all 1200: three pages.
    const sites = scaleDataset({ sites: 1, sessions: 1200, brokenEvents: 1200, groups: 3, now: NOW }).sites;
    const siteId = Object.keys(sites)[0];
    const sim = await simulator({ sites });
    const all = await runAction(sim, { 'site-id': siteId, 'max-sessions': '5000' });
    expect(all.report?.totals.events).toBe(1200);
    expect(all.report?.totals.groups).toBe(3);
    expect(all.report?.sites[0]).toMatchObject({ complete: true, capped: false });
    const offsets = sim.requests.filter((r) => r.endpoint === 'debugger').map((r) => r.query.offset);
    expect(offsets).toEqual(['0', '500', '1000']);

    const capped = await runAction(sim, { 'site-id': siteId, 'max-sessions': '100' });
    expect(capped.report?.sites[0]).toMatchObject({ capped: true, complete: false, sessionsScanned: 100 });
    // The warning names the site as people know it (its name, or the short id), and the inputs as the workflow spells them.
    const label = siteLabel({ siteId, name: capped.report?.sites[0]?.name });
    expect(capped.kit.warnings.map((w) => w.message)).toContain(
      `Site ${label}: stopped after 100 sessions; older sessions in the window were not scanned. Raise 'max-sessions' or shorten 'lookup-window'.`,
    );
    expect(capped.kit.warnings.map((w) => w.message).join('\n')).not.toContain(siteId);
  });

  it('renews an expired token once and carries on', async () => {
    const sim = await simulator({ faults: { debugger: [{ expireToken: true }] } });
    const { kit, report } = await runAction(sim);
    expect(kit.failure()).toBeUndefined();
    expect(report?.totals.events).toBe(10);
    expect(sim.countBy('token')).toBe(2);
  });

  it('falls back to the older /log endpoint when /logs is missing', async () => {
    const sim = await simulator({ logsEndpoint: 'legacy-only' });
    const { kit, report } = await runAction(sim);
    expect(report?.events.every((e) => e.logStatus === 'fetched')).toBe(true);
    expect(sim.countBy('legacyLog')).toBeGreaterThan(0);
    expect(kit.warnings.map((w) => w.message).join('\n')).toMatch(/older \/log endpoint/);
  });

  it('still reports events whose raw request cannot be had', async () => {
    const failing = Array.from({ length: 20 }, () => ({ status: 500 }));
    const sim = await simulator({ faults: { logs: failing } });
    const { kit, report } = await runAction(sim, { 'site-id': shop });
    expect(report?.totals.events).toBe(7);
    expect(report?.events.every((e) => e.logStatus === 'unavailable')).toBe(true);
    expect(report?.status).toBe('found');
    expect(kit.warnings.map((w) => w.message).join('\n')).toMatch(/raw request of 7 events could not be had/);
  });
});
