// npm run demo: the bundled action against the embedded Piwik PRO simulator
// and a Slack webhook sink, both on loopback. No credentials, no network: the
// simulator serves a few broken events on two sites; the demo prints a short
// result (what the action said, the Slack message as a phone shows its text)
// and where the job summary and the JSON report are, to open in full.
// `npm run demo -- --verbose` prints the whole action log and job summary too.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoDataset, withSilentSite } from '../simulator/dataset.mjs';
import { withDrift } from '../simulator/demo-account.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';
import { startSlackSink } from '../simulator/slack.mjs';
import { runBundledAction } from './run-action.mjs';
import { slackText } from './doc-examples.mjs';

/** @import { Message } from './doc-examples.mjs' */

const verbose = process.argv.includes('--verbose');
// The demo's sessions plus a few that only the account's configuration explains, and that configuration;
// page views on every site, and a third site whose tracking stopped 45 minutes ago.
const now = new Date();
const dataset = withSilentSite(withDrift(demoDataset(now), now), now);
const sim = await startPiwikSimulator({ sites: dataset.sites, accounts: dataset.accounts });
const slack = await startSlackSink();
try {
  console.log(`Piwik PRO simulator on ${sim.url} serving sites ${dataset.siteIds.join(', ')}`);
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
      'slack-webhook-url': slack.url,
    },
    env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'example/demo', GITHUB_RUN_ID: '1' },
  });
  const report = JSON.parse(await readFile(result.outputs['report-path'], 'utf8'));
  // The runner's files stay in the run's temporary folder after the demo, to open in full.
  const summaryPath = join(result.work, 'summary.md');
  const reportPath = result.outputs['report-path'];
  if (verbose) {
    section('Action log', result.stdout.trimEnd());
    section('Job summary (Markdown)', result.summary.trimEnd());
  } else {
    section('What the action said', annotations(result.stdout).join('\n') || '(no annotations)');
  }
  section('Slack message (text as shown)', slackSummary(/** @type {Message | undefined} */ (slack.messages[0])));
  section(
    'Result',
    [
      `status ${report.status}: ${report.totals.events} events in ${report.totals.groups} groups on ${report.totals.sites} sites; exit code ${result.code} (${Math.round(result.wallMs)} ms)`,
      `Job summary: ${summaryPath} (${result.summary.split('\n').length} lines of Markdown; paste into a gist or open in a Markdown viewer)`,
      `JSON report: ${reportPath}`,
      `Slack: ${slack.messages.length} ${slack.messages.length === 1 ? 'message' : 'messages'} posted to the sink; the simulator answered ${sim.requests.length} requests.`,
    ].join('\n'),
  );
  process.exitCode = result.code === 0 && report.status === 'found' ? 0 : 1;
} finally {
  await sim.close();
  await slack.close();
}

/**
 * @param {string} title
 * @param {string} body
 */
function section(title, body) {
  console.log(`\n===== ${title} =====\n${body}`);
}

/**
 * The ::error:: / ::warning:: / ::notice:: lines: what a workflow run shows as annotations.
 * @param {string} stdout
 */
function annotations(stdout) {
  return stdout
    .split('\n')
    .filter((line) => /^::(error|warning|notice)\b/.test(line))
    .map((line) => line.replace(/^::(\w+)[^:]*::/, (/** @type {string} */ _, /** @type {string} */ kind) => `${kind}: `));
}

/**
 * The message's text as Slack lays it out (the docs' examples use the same), with its size.
 * @param {Message | undefined} message
 */
function slackSummary(message) {
  if (!message) return '(nothing posted)';
  const text = slackText(message);
  return `notification: ${message.text}\n\n${text}\n\n(${text.split('\n').length} lines, ${text.length} characters of text)`;
}
