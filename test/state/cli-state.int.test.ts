import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeSession } from '../../simulator/dataset.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import type { Report } from '../../src/report/report.js';
import { runCli } from '../cli/run-cli.js';

/**
 * The CLI's memory under cron: `--state-file` run after run over loopback, the
 * way a scheduler without workflow history runs it.
 */
vi.setConfig({ testTimeout: 90_000 });

const SITE = '2cc2d2e2-f2a2-4b22-8c22-d2e2f2a2b222';
const MINUTE = 60_000;
let sim: PiwikSimulator | undefined;
afterEach(async () => {
  await sim?.close();
});

const broken = (message: string, at: Date) =>
  makeSession({ appId: SITE, updatedAt: at, events: [{ type: 17, errorMessage: message, url: 'https://shop.example.com/' }] });

async function start(): Promise<{ sim: PiwikSimulator; now: Date }> {
  const now = new Date();
  const sessions = [
    broken('Invalid custom event value: twelve', new Date(now.getTime() - 5 * MINUTE)),
    broken('Missing required parameter: idsite', new Date(now.getTime() - 4 * MINUTE)),
    // Dated after the simulator's clock: served only once the clock passes it.
    broken('Invalid goal id: abc', new Date(now.getTime() + 2 * MINUTE)),
  ];
  sim = await startPiwikSimulator({ sites: { [SITE]: sessions }, now });
  return { sim, now };
}

async function scan(s: PiwikSimulator, stateFile: string) {
  const env = { PIWIK_INSTANCE_URL: s.url, PIWIK_SITE_ID: SITE, PIWIK_CLIENT_ID: s.clientId, PIWIK_CLIENT_SECRET: s.clientSecret };
  const result = await runCli(['--json', '--state-file', stateFile], env);
  return { ...result, report: JSON.parse(result.stdout) as Report };
}

const states = (report: Report) => report.groups.map((g) => [g.message, g.state, g.newCount]);

describe('piwik-broken-events --state-file', () => {
  it('reports each problem once across runs, and a new one when it appears', async () => {
    const { sim: s, now } = await start();
    const dir = await mkdtemp(join(tmpdir(), 'cli-state-'));
    const stateFile = join(dir, 'state.json');

    const first = await scan(s, stateFile);
    expect(first.code).toBe(0);
    expect(first.report.alerting?.since).toBe('auto');
    expect(first.stderr).toContain(`the state file ${stateFile} does not exist yet (a first run)`);
    expect(states(first.report).sort()).toEqual([
      ['Invalid custom event value: twelve', 'new', 1],
      ['Missing required parameter: idsite', 'new', 1],
    ]);

    const second = await scan(s, stateFile);
    expect(second.code).toBe(0);
    expect(second.report.alerting).toMatchObject({ newEvents: 0, alreadyReported: 2, alert: false });
    expect(second.report.groups.every((g) => g.state === 'ongoing' && g.newCount === 0)).toBe(true);

    s.setNow(new Date(now.getTime() + 3 * MINUTE));
    const third = await scan(s, stateFile);
    expect(third.code).toBe(0);
    expect(third.report.groups.filter((g) => (g.newCount ?? 0) > 0).map((g) => [g.message, g.state, g.newCount])).toEqual([
      ['Invalid goal id: abc', 'new', 1],
    ]);
    expect(third.report.alerting).toMatchObject({ newEvents: 1, alertingGroups: 1 });

    // Ids, counts and times only; written atomically, nothing left beside it.
    const saved = await readFile(stateFile, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ version: 1, sites: { [SITE]: { lastScan: third.report.window.to } } });
    expect(Object.keys((JSON.parse(saved) as { groups: Record<string, unknown> }).groups)).toHaveLength(3);
    expect(saved).not.toMatch(/Invalid|shop\.example|secret/i);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('warns about a corrupt state file, counts the whole window, and writes a good one', async () => {
    const { sim: s } = await start();
    const dir = await mkdtemp(join(tmpdir(), 'cli-state-'));
    const stateFile = join(dir, 'state.json');
    await writeFile(stateFile, '{"version": 1, "sites": {"a": 1}, "groups": {}}');

    const result = await scan(s, stateFile);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`The state file ${stateFile} was not used: its 'sites' or 'groups' are not what this tool writes.`);
    expect(result.report.groups.every((g) => g.state === 'new')).toBe(true);
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ version: 1 });
    expect(await readdir(dir)).toEqual(['state.json']);

    // Without a state file the CLI counts the whole window, as 'since window' says.
    const env = { PIWIK_INSTANCE_URL: s.url, PIWIK_SITE_ID: SITE, PIWIK_CLIENT_ID: s.clientId, PIWIK_CLIENT_SECRET: s.clientSecret };
    const plain = await runCli(['--json'], env);
    expect((JSON.parse(plain.stdout) as Report).alerting?.since).toBe('window');
  });
});
