// npm run demo:cli: the bundled CLI (dist/cli/index.js) against the embedded
// Piwik PRO simulator on loopback, the way a cron job would run it: inputs
// from PIWIK_* variables, the report as text on stdout, logs on stderr.
// No credentials, no network. `npm run demo:cli -- --json` (or any other flag)
// passes the flags on to the CLI.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoDataset } from '../simulator/dataset.mjs';
import { withDrift } from '../simulator/demo-account.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'index.js');

// The demo's sessions plus a few that only the account's configuration explains, and that configuration.
const now = new Date();
const dataset = withDrift(demoDataset(now), now);
const sim = await startPiwikSimulator({ sites: dataset.sites, accounts: dataset.accounts });
try {
  // The banner goes to stderr: with --json, stdout is only the JSON report.
  console.error(`Piwik PRO simulator on ${sim.url} serving sites ${dataset.siteIds.join(', ')}`);
  const args = process.argv.slice(2);
  console.error(
    `\n$ PIWIK_INSTANCE_URL=… PIWIK_SITE_ID=… PIWIK_CLIENT_ID=… PIWIK_CLIENT_SECRET=… ${['piwik-broken-events', ...args].join(' ')}\n`,
  );
  const code = await runCli(args, {
    PIWIK_INSTANCE_URL: sim.url,
    PIWIK_SITE_ID: dataset.siteIds.join(','),
    PIWIK_CLIENT_ID: sim.clientId,
    PIWIK_CLIENT_SECRET: sim.clientSecret,
  });
  console.error(`\nThe CLI exited with code ${code}; the simulator answered ${sim.requests.length} requests.`);
  process.exitCode = code;
} finally {
  await sim.close();
}

/**
 * Runs the bundle with only PATH and HOME from this environment, so no PIWIK_* of the caller's leaks in.
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @returns {Promise<number>}
 */
function runCli(args, env) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}
