import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, demoDataset, makeSession } from '../../simulator/dataset.mjs';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * Issue 28, item 1: one hostile hit fails its own event at most. A `_cvar` nested thousands deep (anyone can
 * send it to a public tracking endpoint) must leave the other site's problem reported and the run green.
 */
const NOW = new Date();
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

/** 12 KB of JSON array nested 6,000 deep: parses, but blows any recursive walk (String() of it, JSON.stringify…). */
const DEEP = `${'['.repeat(6000)}${']'.repeat(6000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;

function hostileShop(queryParams: Record<string, string>) {
  const session = makeSession({
    appId: shop,
    updatedAt: new Date(NOW.getTime() - 60_000),
    events: [{ type: 17, errorMessage: 'Invalid custom variables', url: 'https://shop.example.com/deep', queryParams }],
  });
  return piwikSimulator(NOW, { sites: { [shop]: [session], [blog]: demoDataset(NOW).sites[blog] } });
}

describe('containment: a hostile hit fails its own event at most', () => {
  it.each<{ case: string; queryParams: Record<string, string> }>([
    { case: '_cvar whose value is an array 6,000 deep', queryParams: { _cvar: `[["plan",${DEEP}]]` } },
    { case: 'e_cvar whose value is an object 3,000 deep', queryParams: { e_cvar: `{"1":["plan",${DEEP_OBJECT}]}` } },
    { case: '_cvar that is itself 6,000 deep', queryParams: { _cvar: DEEP } },
    { case: 'ec_products 6,000 deep', queryParams: { ec_products: `[["sku","n",${DEEP}]]` } },
    { case: 'other JSON parameters 6,000 deep', queryParams: { dimension3: DEEP, search_cats: `[${DEEP}]` } },
  ])('$case: the other site is reported and the run is green', async ({ queryParams }) => {
    for (const fetchLogs of ['samples', 'all']) {
      const sim = await hostileShop(queryParams);
      const { kit, report } = await runAction({ ...piwikInputs(sim, [shop, blog]), 'fetch-logs': fetchLogs });
      expect(kit.failure(), fetchLogs).toBeUndefined();
      expect(report?.status).toBe('found');
      expect(report?.sites.every((s) => s.error === undefined)).toBe(true);
      expect(report?.groups.some((g) => g.siteId === blog)).toBe(true);
      expect(report?.groups.some((g) => g.siteId === shop)).toBe(true);
      expect(Number(kit.outputs['event-count'])).toBeGreaterThan(1);
    }
  });

  it('keeps the raw request whose Logs API answer nests a parameter 6,000 deep, with that value as a placeholder', async () => {
    const logUuid = '0b5e0f2a-6a3c-4d1e-9f00-6000deep0001'.replace('deep', 'dee0');
    const session = makeSession({
      appId: shop,
      updatedAt: new Date(NOW.getTime() - 60_000),
      events: [{ type: 17, errorMessage: 'Invalid ec_products', url: 'https://shop.example.com/deep', logUuid }],
    });
    const line = `{"id":"${logUuid}","time":"2026-01-01T00:00:00","query_params":{"idsite":"${shop}","ec_products":${DEEP}}}`;
    const sim = await piwikSimulator(NOW, { sites: { [shop]: [session] }, faults: { logs: [{ raw: { body: `${line}\n` } }] } });
    const { kit, report } = await runAction(piwikInputs(sim, [shop]));
    expect(kit.failure()).toBeUndefined();
    const sample = report?.groups[0]?.sampleRequests[0];
    expect(sample?.queryParams.ec_products).toBe('[nested too deep or too large to show]');
    expect(report?.sites[0]?.logs).toMatchObject({ fetched: 1, unavailable: 0 });
  });

  it('says in the diagnosis that a JSON parameter is nested too deep, instead of walking it', async () => {
    const sim = await hostileShop({ ec_products: `[["sku","n",${DEEP}]]` });
    const { report } = await runAction(piwikInputs(sim, [shop]));
    const findings = report?.groups[0]?.diagnosis?.findings ?? [];
    expect(findings.map((f) => f.problem).join('\n')).toMatch(/nested deeper than 32 levels/);
  });
});
