import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, makeRawLine, makeSession } from '../../simulator/dataset.mjs';
import { startGitHubSink } from '../../simulator/github.mjs';
import type { PiwikSimulator } from '../../simulator/piwik.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * Issue 28, item 2: a scan is complete only when the answers were the API's. A 200 whose body is not a
 * session (a maintenance page in JSON) must never read as "no broken events", nor close an issue.
 */
const NOW = new Date();
const { shop } = DEMO_SITE_IDS;
closeServersAfterEach();

async function withIssues() {
  const github = closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' }));
  const run = (sim: PiwikSimulator) =>
    runAction(
      {
        ...piwikInputs(sim, [shop]),
        'github-token': 'ghs_answers_token_0123456789abcdefghij',
        'create-issue': 'true',
        'close-resolved': 'true',
        since: 'window',
      },
      { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: github.url },
    );
  return { github, run };
}

describe('answers that are not sessions', () => {
  it.each([
    { case: 'a maintenance object', body: '{"status":"maintenance"}\n' },
    { case: 'an error object', body: '{"errors":[{"status":"503","title":"Service Unavailable"}]}\n' },
    { case: 'sessions without events', body: '{"session_id_str":"12","app_id":"x"}\n' },
  ])('$case answered with 200 fails the site as a non-answer, never clean, and closes no issue', async ({ body }) => {
    const { github, run } = await withIssues();
    const first = await run(await piwikSimulator(NOW));
    const open = github.issues.filter((i) => i.state === 'open').length;
    expect(first.report?.groups.length).toBeGreaterThan(0);
    expect(open).toBe(first.report?.groups.length);

    const sim = await piwikSimulator(NOW, { faults: { debugger: [{ raw: { status: 200, body } }] } });
    const { kit, report } = await run(sim);
    expect(report?.status).toBe('failed');
    expect(report?.sites[0]?.complete).toBe(false);
    expect(kit.summaryText()).not.toMatch(/no broken events/);
    expect(kit.failure()).toMatch(/1 line that is not a session .* it was not taken as "no sessions"/);
    expect(github.issues.filter((i) => i.state === 'open')).toHaveLength(open);
  });

  it('a line of another shape among sessions makes the site incomplete, with a warning, and closes no issue', async () => {
    const { github, run } = await withIssues();
    await run(await piwikSimulator(NOW));
    const open = github.issues.filter((i) => i.state === 'open').map((i) => i.number);
    const at = new Date(NOW.getTime() - 60_000);
    const quiet = makeSession({
      appId: shop,
      updatedAt: at,
      events: [{ type: 17, errorMessage: 'Another problem', url: 'https://shop.example.com/' }],
    });
    const junk = makeRawLine({ appId: shop, updatedAt: at, text: '{"status":"maintenance"}' });
    const { kit, report } = await run(await piwikSimulator(NOW, { sites: { [shop]: [quiet, junk] } }));
    expect(report?.sites[0]).toMatchObject({ complete: false, sessionsScanned: 1 });
    expect(kit.warnings.map((w) => w.message).join('\n')).toMatch(/1 line that is not a session/);
    // The earlier problems are not in this answer, but it was not all the API's: none is closed.
    expect(github.issues.filter((i) => open.includes(i.number)).every((i) => i.state === 'open')).toBe(true);
  });

  it('still takes an empty answer as no sessions', async () => {
    const sim = await piwikSimulator(NOW, { faults: { debugger: [{ raw: { status: 200, body: '' } }] } });
    const { report } = await runAction(piwikInputs(sim, [shop]));
    expect(report?.status).toBe('clean');
    expect(report?.sites[0]?.complete).toBe(true);
  });
});
