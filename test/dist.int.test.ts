import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_SITE_IDS } from '../simulator/dataset.mjs';
import { runBundledAction } from '../scripts/run-action.mjs';
import { runCli } from './cli/run-cli.js';
import { closeServersAfterEach, piwikSimulator } from './support/action-harness.js';

/**
 * The bundles users run, run the way the runner and a scheduler run them. Whether dist/ is what a fresh build of
 * src/ produces is scripts/check-dist.mjs's question (CI's check-dist job and .ci/run): two ncc builds are too slow
 * for the unit suite.
 */
closeServersAfterEach();

const action = parse(readFileSync('action.yml', 'utf8')) as { outputs: Record<string, unknown> };

describe('dist/index.js run the way the runner runs it', () => {
  const { shop, blog } = DEMO_SITE_IDS;

  it('writes every output, the summary and the report from INPUT_* variables', async () => {
    const sim = await piwikSimulator(new Date());
    const result = await runBundledAction({
      inputs: { 'instance-url': sim.url, 'site-id': `${shop}\n${blog}`, 'client-id': 'test-client', 'client-secret': 'test-secret' },
    });
    expect(result.code).toBe(0);
    // Every output action.yml declares, and no other.
    expect(Object.keys(result.outputs).sort()).toEqual(Object.keys(action.outputs).sort());
    expect(result.outputs).toMatchObject({ status: 'found', found: 'true', 'event-count': '10', 'group-count': '6' });
    expect(result.summary).toContain('10 broken events in 6 groups');
    const report = JSON.parse(await readFile(result.outputs['report-path'], 'utf8'));
    expect(report.totals.events).toBe(10);
    // The secret is masked for the runner before anything else is written.
    expect(result.stdout.split('\n')[0]).toBe('::add-mask::test-secret');
    expect(result.stdout.indexOf('test-secret')).toBe(result.stdout.lastIndexOf('test-secret'));
  });

  it('exits 1 with the input named when an input is bad, before any request', async () => {
    const sim = await piwikSimulator(new Date());
    const result = await runBundledAction({
      inputs: { 'instance-url': sim.url, 'site-id': shop, 'client-id': 'c', 'client-secret': 's', 'lookup-window': 'abc' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::Invalid input: 'lookup-window' must be a whole number from 1 to 300 \(got 'abc'\)/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('dist/cli/index.js run the way a scheduler runs it', () => {
  // test/cli.int.test.ts runs the CLI from its source; this one test runs the bundle users install.
  const { shop, blog } = DEMO_SITE_IDS;

  it('scans from PIWIK_* variables, prints the JSON report, and exits 1 on events with --fail-on-events', async () => {
    const sim = await piwikSimulator(new Date());
    const env = {
      PIWIK_INSTANCE_URL: sim.url,
      PIWIK_SITE_ID: `${shop},${blog}`,
      PIWIK_CLIENT_ID: 'test-client',
      PIWIK_CLIENT_SECRET: 'test-secret',
    };
    const result = await runCli(['--json', '--fail-on-events'], env, 'bundle');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { status: string; totals: { events: number } };
    expect(report).toMatchObject({ status: 'found', totals: { events: 10 } });
    expect(result.stdout + result.stderr).not.toContain('test-secret');
  });
});
