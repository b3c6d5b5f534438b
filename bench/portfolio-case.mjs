// 7. Whole portfolios (issue 27): 600 sites, a broken event on every tenth, a
// 50 ms round trip. The bundle under test scans them with `site-id: all`; a
// "before" bundle (--before-bundle, e.g. a build of an earlier commit) scans
// the same 600 UUIDs listed by hand, as users had to. Printed side by side:
// Piwik PRO requests by kind and wall time, against the issue's targets:
//   requests ≤ sites + 4 × (sites with problems) + list pages + 5,
//   wall time ≤ half of the before run's (the issue's own measurement, 17.8 s,
//   when no before bundle is given).
import { portfolioDataset } from '../simulator/dataset.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';
import { BUNDLE, describeFailure, runAction } from './measure.mjs';

/** What the issue measured on the main of its day, for when no before bundle is run. */
export const ISSUE_BEFORE = Object.freeze({ wallMs: 17_800, requests: 2_461 });

const SITES = 600;
const PROBLEM_EVERY = 10;
/** The Apps API's page, as the client asks for it (src/account/json-api.ts). */
const LIST_PAGE = 1000;

export async function portfolioCase({ delayMs = 50, bundle = BUNDLE, beforeBundle, nodeArgs = [] }) {
  const now = new Date();
  const data = portfolioDataset({ sites: SITES, problemEvery: PROBLEM_EVERY, now, seed: 'bench-portfolio' });
  const problemSites = data.withProblems.length;
  const listPages = Math.ceil(SITES / LIST_PAGE);
  const after = await oneRun({ data, now, delayMs, bundle, nodeArgs, siteId: 'all' });
  const before = beforeBundle
    ? await oneRun({ data, now, delayMs, bundle: beforeBundle, nodeArgs, siteId: data.siteIds.join(',') })
    : undefined;
  const reference = before ?? { ...ISSUE_BEFORE, source: 'the issue (main, 2026-12)' };
  const requestBudget = SITES + 4 * problemSites + listPages + 5;
  return {
    dataset: { sites: SITES, problemSites, sessionsPerSite: 1 },
    delayMs,
    before: reference,
    after,
    target: {
      requests: requestBudget,
      requestsFormula: `${SITES} + 4 × ${problemSites} + ${listPages} + 5`,
      wallMs: reference.wallMs / 2,
      pass: after.exitCode === 0 && after.sitesScanned === SITES && after.requests <= requestBudget && after.wallMs <= reference.wallMs / 2,
    },
  };
}

async function oneRun({ data, now, delayMs, bundle, nodeArgs, siteId }) {
  const sim = await startPiwikSimulator({ sites: data.sites, accounts: data.accounts, now, latencyMs: delayMs });
  try {
    const inputs = {
      'instance-url': sim.url,
      'site-id': siteId,
      'client-id': sim.clientId,
      'client-secret': sim.clientSecret,
      since: 'window',
      'timeout-seconds': '300',
    };
    const run = await runAction({ inputs, usage: true, bundle, nodeArgs, timeoutMs: 300_000 });
    const byKind = {};
    for (const r of sim.requests) byKind[r.endpoint] = (byKind[r.endpoint] ?? 0) + 1;
    const debuggerSites = sim.requests.filter((r) => r.endpoint === 'debugger').map((r) => r.query.app_id);
    return {
      bundle,
      siteId: siteId === 'all' ? 'all' : `${data.siteIds.length} UUIDs`,
      exitCode: run.code,
      failure: run.code === 0 ? undefined : describeFailure(run),
      wallMs: Math.round(run.wallMs),
      requests: sim.requests.length,
      byKind,
      sitesScanned: new Set(debuggerSites).size,
      sitesScannedTwice: debuggerSites.length - new Set(debuggerSites).size,
      events: Number(run.outputs['event-count'] ?? NaN),
      groups: Number(run.outputs['group-count'] ?? NaN),
    };
  } finally {
    await sim.close();
  }
}
