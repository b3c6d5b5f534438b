import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS } from '../../simulator/dataset.mjs';
import { startGitHubSink } from '../../simulator/github.mjs';
import type { PiwikSimulator } from '../../simulator/piwik.mjs';
import { runCli } from '../cli/run-cli.js';
import { renderGfm, tagsIn } from '../support/gfm.js';
import { steppingClock } from '../support/clock.js';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/** Issue 28, item 8: the smaller findings of the third review, one loopback case each. */
const NOW = new Date();
const { shop } = DEMO_SITE_IDS;
closeServersAfterEach();

const GITHUB_TOKEN = 'ghs_small_items_token_0123456789abcdefg';
/** What the runner would execute: a line starting with `::`, or `##[` anywhere. */
const commandsIn = (lines: readonly string[]) => lines.filter((line) => /^\s*::/.test(line) || line.includes('##['));
const cliEnv = (sim: PiwikSimulator) => ({
  PIWIK_INSTANCE_URL: sim.url,
  PIWIK_SITE_ID: shop,
  PIWIK_CLIENT_ID: sim.clientId,
  PIWIK_CLIENT_SECRET: sim.clientSecret,
});

async function withGitHub(inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const github = closeLater(await startGitHubSink({ owner: 'acme', repo: 'site' }));
  const run = (sim: PiwikSimulator, more: Record<string, string> = {}, options: Parameters<typeof runAction>[2] = {}) =>
    runAction(
      { ...piwikInputs(sim, [shop]), 'github-token': GITHUB_TOKEN, 'create-issue': 'true', ...inputs, ...more },
      { GITHUB_REPOSITORY: 'acme/site', GITHUB_API_URL: github.url, ...env },
      options,
    );
  return { github, run };
}

describe('inert text', () => {
  it("makes every log line inert: a site name '##[set-output …]' from the Apps API never reaches the log live", async () => {
    const name = '##[set-output name=status;]clean';
    const sim = await piwikSimulator(NOW, { accounts: { [shop]: { app: { name } } } });
    const { kit, report } = await runAction(piwikInputs(sim, [shop]));
    expect(report?.sites[0]?.name).toBe(name);
    expect(kit.logs.join('\n')).toContain('##\u200b[set-output');
    expect(commandsIn(kit.logs)).toEqual([]);
  });

  it("escapes the Actions API's error text in the summary", async () => {
    const { github, run } = await withGitHub({ 'create-issue': 'false' }, { GITHUB_RUN_ID: '7' });
    github.faults.push({
      method: 'GET',
      path: /\/actions\/runs\/7$/,
      status: 400,
      body: { message: '<img src=x onerror=alert(1)> **bold** <details open>' },
    });
    const { kit } = await run(await piwikSimulator(NOW));
    const html = renderGfm(kit.summaryText());
    expect(kit.summaryText()).toContain('the Actions API could not be read');
    expect([...tagsIn(html)]).not.toContain('img');
    expect(html).not.toContain('<strong>bold');
  });
});

describe('the watch', () => {
  const START = Math.floor(Date.now() / 1000) * 1000;

  it('stops polling a site the API refuses (403), and reports it', async () => {
    const clock = steppingClock(START);
    const sim = await piwikSimulator(new Date(START), { sites: { [shop]: [] }, now: clock.ms, faults: { debugger: [{ status: 403 }] } });
    const { kit, report } = await runAction(
      { ...piwikInputs(sim, [shop]), 'watch-minutes': '5', 'watch-interval': '10' },
      { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '7' },
      { clock },
    );
    expect(sim.countBy('debugger')).toBe(1);
    expect(kit.logs.join('\n')).toMatch(/refused by the API \(HTTP 403\): it is not polled again/);
    expect(report?.status).toBe('failed');
    expect(kit.failure()).toMatch(/no access \(HTTP 403\)/);
  });

  it('closes no issue with close-resolved after a watch shorter than lookup-window, and says why', async () => {
    const { github, run } = await withGitHub({ since: 'window' });
    await run(await piwikSimulator(NOW));
    const open = github.issues.filter((i) => i.state === 'open').length;
    expect(open).toBeGreaterThan(0);
    // A watch over a quiet minute: none of the groups is seen again.
    const clock = steppingClock(START);
    const quiet = await piwikSimulator(new Date(START), { sites: { [shop]: [] }, now: clock.ms });
    const { kit } = await run(quiet, { since: 'auto', 'watch-minutes': '1', 'watch-interval': '30', 'close-resolved': 'true' }, { clock });
    expect(github.issues.filter((i) => i.state === 'open')).toHaveLength(open);
    expect(kit.notices.map((n) => n.message).join('\n')).toMatch(
      /'close-resolved': no issue was closed, because the watch scanned 1 minute/,
    );
  });
});

describe('memory that cannot be right', () => {
  it("ignores an issue's last-report after now, with a notice, instead of silencing its group for ever", async () => {
    const { github, run } = await withGitHub();
    const first = await run(await piwikSimulator(NOW));
    const count = first.report?.groups[0]?.count ?? 0;
    for (const issue of github.issues) issue.body = (issue.body ?? '').replace(/last-report=[^ ]+/, 'last-report=9999-12-31T00:00:00Z');
    const { kit, report } = await run(await piwikSimulator(NOW));
    expect(kit.notices.map((n) => n.message).join('\n')).toMatch(/is in the future \(9999-12-31T00:00:00Z\); it was ignored/);
    expect(report?.groups[0]?.newCount).toBe(count);
  });
});

describe('bad input, before any request', () => {
  it.each<{ case: string; inputs: Record<string, string>; failure: RegExp }>([
    {
      case: 'a since in the future',
      inputs: { since: '2999-01-01T00:00:00Z' },
      failure: /'since' is in the future \(2999-01-01T00:00:00\.000Z\)/,
    },
    {
      case: 'an invalid date (February 31st)',
      inputs: { since: '2026-02-31T10:00:00Z' },
      failure: /'since' must be .* \(got '2026-02-31T10:00:00Z'\)/,
    },
    { case: 'an hour 24', inputs: { since: '2026-02-01T24:00:00Z' }, failure: /'since' must be/ },
    {
      case: 'a state file in a missing folder',
      inputs: { 'state-file': '/nonexistent-folder-28/state.json' },
      failure: /is in a folder that does not exist/,
    },
  ])('refuses $case', async ({ inputs, failure }) => {
    const sim = await piwikSimulator(NOW);
    const { kit } = await runAction({ ...piwikInputs(sim, [shop]), ...inputs });
    expect(kit.failure()).toMatch(failure);
    expect(sim.requests).toEqual([]);
  });

  it('quotes an out-of-range number clipped, not 100 KB of it', async () => {
    const sim = await piwikSimulator(NOW);
    const { kit } = await runAction({ ...piwikInputs(sim, [shop]), 'lookup-window': '9'.repeat(100_000) });
    expect(kit.failure()).toMatch(/'lookup-window' must be a whole number from 1 to 300/);
    expect(kit.failure()?.length).toBeLessThan(400);
  });

  it('refuses --report pointing at a folder before any request', async () => {
    const sim = await piwikSimulator(NOW);
    const dir = await mkdtemp(join(tmpdir(), 'report-folder-'));
    const result = await runCli(['--report', dir], cliEnv(sim));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--report ${dir} is a folder`);
    expect(sim.requests).toEqual([]);
  });

  it('masks a secret given as a stray argument, though the arguments did not parse', async () => {
    const sim = await piwikSimulator(NOW);
    const secret = 'pasted-secret-0123456789abcdef';
    const result = await runCli(['--client-secret', secret, secret], cliEnv(sim));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unexpected argument/);
    expect(result.stderr).not.toContain(secret.slice(0, 20));
  });
});
