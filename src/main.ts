import type * as actionsCore from '@actions/core';
import { randomBytes } from 'node:crypto';
import { SECRET_INPUTS } from './config/action-inputs.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { githubTarget } from './github/target.js';
import { inertLogText, wrapInStopCommands } from './safety/log-text.js';
import { stepOutputs } from './report/outputs.js';
import type { Report } from './report/report.js';
import { attentionOf, changeLead, changeOf, problemName, totalsLine } from './report/attention.js';
import { siteLabel, siteOf } from './text/site-label.js';
import { renderSummary } from './report/summary.js';
import { verdictOf } from './report/verdict.js';
import { evidencePathFor, reportLocation, writeReport } from './report/write.js';
import { EventStore } from './events/store.js';
import { dirname } from 'node:path';
import { runInfo, runWithNetwork, type RunOptions } from './run.js';
import { Scrubber } from './safety/secrets.js';
import { proxyFromEnv } from './http/proxy.js';
import { plural } from './text/plural.js';
import { blameShort } from './tagmanager/wording.js';

/**
 * The GitHub Actions edge: inputs in; outputs, job summary, report,
 * annotations and exit status out. The toolkit is passed in (not imported) so
 * tests can run the whole edge with a recording toolkit and no module mocks.
 */
export type Toolkit = Pick<
  typeof actionsCore,
  'getInput' | 'setOutput' | 'setSecret' | 'setFailed' | 'info' | 'warning' | 'notice' | 'debug' | 'isDebug' | 'summary'
>;

export async function run(core: Toolkit, env: NodeJS.ProcessEnv = process.env, options: RunOptions = {}): Promise<void> {
  // One scrubber for everything this run writes: the log, annotations, outputs, the summary, the report, Slack, issues.
  const scrubber = new Scrubber();
  try {
    // Secrets are masked before anything else reads them.
    for (const name of SECRET_INPUTS) {
      const value = core.getInput(name);
      if (!value) continue;
      core.setSecret(value);
      scrubber.add(value);
    }
    const config = parseConfig((name) => core.getInput(name));
    await runChecked(core, config, env, options, scrubber);
  } catch (error) {
    core.setFailed(failureMessage(error, core.isDebug(), scrubber));
  }
}

async function runChecked(core: Toolkit, config: Config, env: NodeJS.ProcessEnv, options: RunOptions, scrubber: Scrubber): Promise<void> {
  const safe = (message: string) => inertLogText(scrubber.text(message));
  const log = (message: string) => {
    core.info(safe(message));
  };
  const reportPath = await reportLocation(env.RUNNER_TEMP);
  // The events' spool, if a burst needs one, lives beside the report until the report and the outputs are written.
  const events = EventStore.create(dirname(reportPath), config.siteIds);
  try {
    await runAndPublish(core, config, env, options, { reportPath, events, log, safe, scrubber });
  } finally {
    await events.dispose();
  }
}

async function runAndPublish(
  core: Toolkit,
  config: Config,
  env: NodeJS.ProcessEnv,
  options: RunOptions,
  run: {
    readonly reportPath: string;
    readonly events: EventStore;
    readonly log: (message: string) => void;
    readonly safe: (message: string) => string;
    readonly scrubber: Scrubber;
  },
): Promise<void> {
  const { reportPath, events, log, safe, scrubber } = run;
  const report = await runWithNetwork(
    config,
    githubTarget(config.github.token, env),
    runInfo(env),
    {
      log,
      notice: (message) => {
        core.notice(safe(message));
      },
      onSecret: (secret) => {
        core.setSecret(secret);
      },
      scrubber,
      events,
      evidencePath: evidencePathFor(reportPath),
      // The event lines come back from disk as the report is written: the scrubber sees them there.
      persist: (r) => writeReport(reportPath, r, (chunk) => scrubber.text(chunk)),
      showDryRun: (title, payload) => {
        log(title);
        for (const line of wrapInStopCommands(scrubber.text(payload), randomBytes(16).toString('hex'))) core.info(line);
      },
    },
    { proxy: proxyFromEnv(env), ...options },
  );
  await publish(core, report, reportPath, safe, scrubber);
  conclude(core, config, report, safe);
}

async function publish(
  core: Toolkit,
  report: Report,
  reportPath: string,
  safe: (text: string) => string,
  scrubber: Scrubber,
): Promise<void> {
  const outputs = stepOutputs(report, reportPath);
  for (const [name, value] of Object.entries(outputs.values)) core.setOutput(name, scrubber.text(value));
  if (outputs.eventIdsCut) {
    core.notice(
      `'event-ids' lists the first ${outputs.values['event-ids'].split(',').length} of ${report.events.count} event ids; the report at 'report-path' lists them all.`,
    );
  }
  // Warnings are for what still worked, degraded; failures are said once, by setFailed in conclude().
  for (const warning of report.warnings) core.warning(safe(warning));
  // What alerts is a notice each (shown on the run's page); known and silenced groups are in the summary.
  for (const group of attentionOf(report).alerting.slice(0, 10)) {
    const site = siteLabel(siteOf(report.sites, group.siteId));
    const publish = group.publish ? `; ${blameShort(group.publish)}` : '';
    core.notice(safe(`${problemName(group)}: ${group.count} ${plural(group.count, 'event')} on ${site}${publish}`), {
      title: safe(`Piwik PRO: ${changeTitle(group, report)}`),
    });
  }
  await core.summary.addRaw(scrubber.text(renderSummary(report)), true).write();
  core.info(`Report written to ${reportPath}`);
}

function changeTitle(group: Report['groups'][number], report: Report): string {
  const change = changeOf(group, report.alerting?.notify);
  return { new: 'new problem', back: 'problem back', growing: 'problem growing', recurring: 'new events', found: 'problem' }[
    change ?? 'found'
  ];
}

/** The exit status: a blind scan fails; so does a delivery that failed; fail-on-events fails on new events. */
function conclude(core: Toolkit, config: Config, report: Report, safe: (text: string) => string): void {
  const { failures, eventsGate } = verdictOf(config, report);
  const problems = [...failures, ...(eventsGate ? [eventsGate] : [])];
  if (problems.length > 0) {
    core.setFailed(safe(problems.join('\n')));
    return;
  }
  core.info(report.status === 'found' ? `${changeLead(report) ?? 'Nothing new'}; ${totalsLine(report)}.` : 'No matching events.');
}

/** Any thrown value, not only Error, becomes a message (scrubbed, inert); stacks only when RUNNER_DEBUG is on. */
function failureMessage(error: unknown, debug: boolean, scrubber: Scrubber): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && !(error instanceof ConfigError) && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return inertLogText(scrubber.text(`${message}${stack}`));
}
