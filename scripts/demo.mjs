// npm run demo: the bundled action against the embedded Piwik PRO simulator on
// loopback. No credentials, no network: the simulator serves a few broken
// events on two sites, and the demo prints what a workflow run would show.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { demoDataset } from '../simulator/dataset.mjs';
import { withDrift } from '../simulator/demo-account.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';
import { runBundledAction } from './run-action.mjs';

// The demo's sessions plus a few that only the account's configuration explains, and that configuration.
const now = new Date();
const dataset = withDrift(demoDataset(now), now);
const sim = await startPiwikSimulator({ sites: dataset.sites, accounts: dataset.accounts });
try {
  console.log(`Piwik PRO simulator on ${sim.url} serving sites ${dataset.siteIds.join(', ')}\n`);
  // `npm run demo -- --node24` runs the bundle on Node 24 (the action's runtime), fetched with npx.
  // npx runs through a shell, which drops INPUT_* names with dashes: ask it for the binary and run that directly.
  const node = process.argv.includes('--node24')
    ? [execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8' }).trim()]
    : [process.execPath];
  const result = await runBundledAction({
    node,
    inputs: {
      'instance-url': sim.url,
      'site-id': dataset.siteIds.join(','),
      'client-id': 'test-client',
      'client-secret': 'test-secret',
      'lookup-window': '60',
    },
    env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'example/demo', GITHUB_RUN_ID: '1' },
  });
  section('Action log', result.stdout.trimEnd());
  section(
    'Step outputs',
    Object.entries(result.outputs)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
  );
  section('Job summary (Markdown)', result.summary.trimEnd());
  const report = JSON.parse(await readFile(result.outputs['report-path'], 'utf8'));
  section(
    'JSON report',
    `${result.outputs['report-path']}\nstatus ${report.status}: ${report.totals.events} events, ${report.totals.groups} groups, ${report.totals.sites} sites`,
  );
  console.log(
    `\nThe action exited with code ${result.code} (${Math.round(result.wallMs)} ms); the simulator answered ${sim.requests.length} requests.`,
  );
  process.exitCode = result.code === 0 && report.status === 'found' ? 0 : 1;
} finally {
  await sim.close();
}

function section(title, body) {
  console.log(`\n===== ${title} =====\n${body}`);
}
