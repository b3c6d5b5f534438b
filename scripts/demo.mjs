// npm run demo: the bundled action against the embedded Piwik PRO simulator,
// a Slack webhook sink, a Teams Workflows webhook sink and an SMTP server, all
// on loopback. No credentials, no network: the simulator serves a few broken
// events on two sites; the demo prints a short result (what the action said,
// the Slack message as a phone shows its text, the Teams card's text, the
// e-mail) and where the job summary and the JSON report are, to open in full.
// `npm run demo -- --verbose` prints the whole action log and job summary too.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoDataset, withSilentSite } from '../simulator/dataset.mjs';
import { withDrift } from '../simulator/demo-account.mjs';
import { startPiwikSimulator } from '../simulator/piwik.mjs';
import { startMailSink } from '../simulator/mail.mjs';
import { startSlackSink } from '../simulator/slack.mjs';
import { startTeamsSink } from '../simulator/teams.mjs';
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
const teams = await startTeamsSink();
const mail = await startMailSink();
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
      'teams-webhook-url': teams.url,
      'smtp-url': mail.url,
      'email-to': 'web-team@example.com',
      'email-from': 'Piwik PRO monitor <monitor@example.com>',
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
  section('Microsoft Teams card (text as shown)', teamsSummary(teams.messages[0]));
  section('E-mail (plain-text part)', mailSummary(mail.mails[0]));
  section(
    'Result',
    [
      `status ${report.status}: ${report.totals.events} events in ${report.totals.groups} groups on ${report.totals.sites} sites; exit code ${result.code} (${Math.round(result.wallMs)} ms)`,
      `Job summary: ${summaryPath} (${result.summary.split('\n').length} lines of Markdown; paste into a gist or open in a Markdown viewer)`,
      `JSON report: ${reportPath}`,
      `Slack: ${slack.messages.length}, Teams: ${teams.messages.length}, e-mail: ${mail.mails.length} ${mail.mails.length === 1 ? 'message' : 'messages'} delivered to the sinks; the simulator answered ${sim.requests.length} requests.`,
    ].join('\n'),
  );
  process.exitCode = result.code === 0 && report.status === 'found' ? 0 : 1;
} finally {
  await sim.close();
  await slack.close();
  await teams.close();
  await mail.close();
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

/**
 * The card's text as Teams lays it out: a line per RichTextBlock (its runs joined), a blank line before each
 * container, and the buttons last; with its size.
 * @param {unknown} message
 */
function teamsSummary(message) {
  if (!message) return '(nothing posted)';
  const content = /** @type {{ attachments: { content: { body: unknown[], actions?: { title: string, url: string }[] } }[] }} */ (message)
    .attachments[0]?.content;
  if (!content) return '(no card)';
  /** @type {string[]} */
  const lines = [];
  /** @param {any} element parsed JSON */
  const walk = (element) => {
    if (element.type === 'RichTextBlock') lines.push(element.inlines.map((/** @type {{ text: string }} */ r) => r.text).join(''));
    if (element.type === 'Container') {
      lines.push('');
      element.items.forEach(walk);
    }
  };
  content.body.forEach(walk);
  for (const action of content.actions ?? []) lines.push(`[${action.title}] → ${action.url}`);
  return `${lines.join('\n')}\n\n(Adaptive Card, ${JSON.stringify(message).length} bytes)`;
}

/**
 * The e-mail as a text-only client shows it.
 * @param {import('../simulator/types/channels.js').ReceivedMail | undefined} received
 */
function mailSummary(received) {
  if (!received) return '(nothing sent)';
  return `To: ${received.envelope.to.join(', ')}\nSubject: ${received.parsed.subject ?? ''}\nContent-Type: ${received.contentType}\n\n${(received.parsed.text ?? '').trimEnd()}`;
}
