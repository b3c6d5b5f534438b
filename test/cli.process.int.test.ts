import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_SITE_IDS, demoDataset } from '../simulator/dataset.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../simulator/piwik.mjs';
import { CLI_INPUTS } from '../src/cli/inputs.js';
import { runCli } from './cli/run-cli.js';

/**
 * What only a real process shows: src/cli.ts started through tsx, its exit
 * status as a scheduler sees it and its streams. Every other CLI test calls
 * main() in-process (test/cli.int.test.ts). Mutation runs leave this file
 * out: a child process neither reports coverage nor sees Stryker's mutant.
 */
// A real process loads the TypeScript through tsx and every dependency unbundled: seconds a start on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const SECRET = 'cli-process-secret-Zq8';
let sim: PiwikSimulator;

beforeAll(async () => {
  const now = new Date();
  sim = await startPiwikSimulator({ sites: demoDataset(now).sites, clientSecret: SECRET, now });
});
afterAll(async () => {
  await sim.close();
});

describe('piwik-broken-events as a process', () => {
  it('exits 1 when --fail-on-events finds events, the report on stdout and the reason once on stderr', async () => {
    const { shop, blog } = DEMO_SITE_IDS;
    const env = {
      PIWIK_INSTANCE_URL: sim.url,
      PIWIK_SITE_ID: `${shop},${blog}`,
      PIWIK_CLIENT_ID: sim.clientId,
      PIWIK_CLIENT_SECRET: SECRET,
    };
    const failing = await runCli(['--fail-on-events'], env, 'source');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^FOUND {2}10 broken events/);
    expect(failing.stderr.match(/^error: /gm)).toHaveLength(1);
    expect(`${failing.stdout}${failing.stderr}`).not.toContain(SECRET);
  });

  it('exits 0 with --help, listing every input flag and the exit codes; --version prints the version', async () => {
    const help = await runCli(['--help'], {}, 'source');
    expect(help.code).toBe(0);
    for (const input of CLI_INPUTS) expect(help.stdout).toContain(`--${input.name}`);
    expect(help.stdout).toMatch(/^Exit codes:$/m);
    const version = await runCli(['--version'], {}, 'source');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^piwik-broken-events \d+\.\d+\.\d+\n$/);
  });
});
