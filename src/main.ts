import type * as actionsCore from '@actions/core';
import { volumeHeadline } from './volume/text.js';
import { SECRET_INPUTS } from './config/action-inputs.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { githubTarget } from './github/target.js';
import { actionLog, type ActionLog } from './safety/action-log.js';
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
import { urlPasswords } from './config/channels.js';
import { proxyFromEnv } from './http/proxy.js';
import { routeSecrets } from './config/routes-parse.js';
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
      // A URL's password (smtp-url) is a secret on its own too: a server may quote it alone.
      for (const secret of [value, ...urlPasswords(value)]) {
        core.setSecret(secret);
        scrubber.add(secret);
      }
    }
    const config = parseConfig((name) => core.getInput(name));
    // The routes' webhooks are secrets like the inputs they stand for: masked before anything else is said.
    for (const secret of routeSecrets(config.routes)) {
      core.setSecret(secret);
      scrubber.add(secret);
    }
    await runChecked(core, config, env, options, scrubber);
  } catch (error) {
    actionLog(core, scrubber).failed(failureMessage(error, core.isDebug()));
  }
}

async function runChecked(core: Toolkit, config: Config, env: NodeJS.ProcessEnv, options: RunOptions, scrubber: Scrubber): Promise<void> {
  const log = actionLog(core, scrubber);
  const reportPath = await reportLocation(env.RUNNER_TEMP);
  // The events' spool, if a burst needs one, lives beside the report until the report and the outputs are written.
  const events = EventStore.create(dirname(reportPath), config.siteIds);
  try {
    await runAndPublish(core, config, env, options, { reportPath, events, log, scrubber });
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
    readonly log: ActionLog;
    readonly scrubber: Scrubber;
  },
): Promise<void> {
  const { reportPath, events, log, scrubber } = run;
  const report = await runWithNetwork(
    config,
    githubTarget(config.github.token, env),
    runInfo(env),
    {
      log: log.info,
      notice: (message) => {
        log.notice(message);
      },
      onSecret: (secret) => {
        core.setSecret(secret);
      },
      scrubber,
      events,
      evidencePath: evidencePathFor(reportPath),
      // The event lines come back from disk as the report is written: the scrubber sees them there.
      persist: (r) => writeReport(reportPath, r, (chunk) => scrubber.text(chunk)),
      showDryRun: log.block,
    },
    { proxy: proxyFromEnv(env), ...options },
  );
  await publish(core, report, reportPath, log, scrubber);
  conclude(config, report, log);
}

async function publish(core: Toolkit, report: Report, reportPath: string, log: ActionLog, scrubber: Scrubber): Promise<void> {
  const outputs = stepOutputs(report, reportPath);
  for (const [name, value] of Object.entries(outputs.values)) core.setOutput(name, scrubber.text(value));
  if (outputs.eventIdsCut) {
    log.notice(
      `'event-ids' lists the first ${outputs.values['event-ids'].split(',').length} of ${report.events.count} event ids; the report at 'report-path' lists them all.`,
    );
  }
  // Warnings are for what still worked, degraded; failures are said once, by setFailed in conclude().
  for (const warning of report.warnings) log.warning(warning);
  // What alerts is a notice each (shown on the run's page); known and silenced groups are in the summary.
  for (const group of attentionOf(report).alerting.slice(0, 10)) {
    const site = siteLabel(siteOf(report.sites, group.siteId));
    log.notice(
      group.volume
        ? volumeHeadline(group.volume, site)
        : `${problemName(group)}: ${group.count} ${plural(group.count, 'event')} on ${site}${group.publish ? `; ${blameShort(group.publish)}` : ''}`,
      `Piwik PRO: ${changeTitle(group, report)}`,
    );
  }
  await core.summary.addRaw(scrubber.text(renderSummary(report)), true).write();
  log.info(`Report written to ${reportPath}`);
}

function changeTitle(group: Report['groups'][number], report: Report): string {
  const change = changeOf(group, report.alerting?.notify);
  return { new: 'new problem', back: 'problem back', growing: 'problem growing', recurring: 'new events', found: 'problem' }[
    change ?? 'found'
  ];
}

/** The exit status: a blind scan fails; so does a delivery that failed; fail-on-events fails on new events. */
function conclude(config: Config, report: Report, log: ActionLog): void {
  const { failures, eventsGate } = verdictOf(config, report);
  const problems = [...failures, ...(eventsGate ? [eventsGate] : [])];
  if (problems.length > 0) {
    log.failed(problems.join('\n'));
    return;
  }
  log.info(report.status === 'found' ? `${changeLead(report) ?? 'Nothing new'}; ${totalsLine(report)}.` : 'No matching events.');
}

/** Any thrown value, not only Error, becomes a message (scrubbed and made inert by the log); stacks only when RUNNER_DEBUG is on. */
function failureMessage(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && !(error instanceof ConfigError) && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `${message}${stack}`;
}
