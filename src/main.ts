import type * as actionsCore from '@actions/core';
import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig, type Config } from './config.js';
import { githubTarget } from './github/target.js';
import { inertLogText, wrapInStopCommands } from './safety/log-text.js';
import { stepOutputs } from './report/outputs.js';
import type { Report } from './report/report.js';
import { renderSummary } from './report/summary.js';
import { verdictOf } from './report/verdict.js';
import { reportLocation, writeReport } from './report/write.js';
import { runInfo, runWithNetwork, type RunOptions } from './run.js';

/**
 * The GitHub Actions edge: inputs in; outputs, job summary, report,
 * annotations and exit status out. The toolkit is passed in (not imported) so
 * tests can run the whole edge with a recording toolkit and no module mocks.
 */
export type Toolkit = Pick<
  typeof actionsCore,
  'getInput' | 'setOutput' | 'setSecret' | 'setFailed' | 'info' | 'warning' | 'notice' | 'debug' | 'isDebug' | 'summary'
>;

/** Inputs that are secrets: masked before anything else reads them. */
const SECRET_INPUTS = ['client-secret', 'slack-webhook-url', 'github-token'];

export async function run(core: Toolkit, env: NodeJS.ProcessEnv = process.env, options: RunOptions = {}): Promise<void> {
  try {
    for (const name of SECRET_INPUTS) {
      const value = core.getInput(name);
      if (value) core.setSecret(value);
    }
    const config = parseConfig((name) => core.getInput(name));
    await runChecked(core, config, env, options);
  } catch (error) {
    core.setFailed(failureMessage(error, core.isDebug()));
  }
}

async function runChecked(core: Toolkit, config: Config, env: NodeJS.ProcessEnv, options: RunOptions): Promise<void> {
  const log = (message: string) => {
    core.info(inertLogText(message));
  };
  const reportPath = await reportLocation(env.RUNNER_TEMP);
  const report = await runWithNetwork(
    config,
    githubTarget(config.github.token, env),
    runInfo(env),
    {
      log,
      notice: (message) => {
        core.notice(inertLogText(message));
      },
      onSecret: (secret) => {
        core.setSecret(secret);
      },
      persist: (r) => writeReport(reportPath, r),
      showDryRun: (title, payload) => {
        log(title);
        for (const line of wrapInStopCommands(payload, randomBytes(16).toString('hex'))) core.info(line);
      },
    },
    options,
  );
  await publish(core, report, reportPath);
  conclude(core, config, report);
}

async function publish(core: Toolkit, report: Report, reportPath: string): Promise<void> {
  const outputs = stepOutputs(report, reportPath);
  for (const [name, value] of Object.entries(outputs.values)) core.setOutput(name, value);
  if (outputs.eventIdsCut) {
    core.notice(
      `'event-ids' lists the first ${outputs.values['event-ids'].split(',').length} of ${report.events.length} event ids; the report at 'report-path' lists them all.`,
    );
  }
  for (const warning of report.warnings) core.warning(inertLogText(warning));
  for (const group of report.groups.slice(0, 10)) {
    const state = group.silenced ? 'SILENCED' : (group.state ?? 'new').toUpperCase();
    core.warning(
      inertLogText(
        `${state}: ${group.count} × ${group.message || '(no message)'} (site ${group.siteId}, fingerprint ${group.fingerprint})`,
      ),
      {
        title: inertLogText(`Piwik PRO ${group.eventTypeLabel}`),
      },
    );
  }
  await core.summary.addRaw(renderSummary(report), true).write();
  core.info(`Report written to ${reportPath}`);
}

/** The exit status: a blind scan fails; so does a delivery that failed; fail-on-events fails on new events. */
function conclude(core: Toolkit, config: Config, report: Report): void {
  const { failures, eventsGate } = verdictOf(config, report, "'fail-on-events'");
  const problems = [...failures, ...(eventsGate ? [eventsGate] : [])];
  if (problems.length > 0) {
    core.setFailed(inertLogText(problems.join('\n')));
    return;
  }
  core.info(
    report.status === 'found' ? `${report.totals.events} matching events found in ${report.totals.groups} groups.` : 'No matching events.',
  );
}

/** Any thrown value, not only Error, becomes a message; stacks only when RUNNER_DEBUG is on. */
export function failureMessage(error: unknown, debug: boolean): string {
  if (error instanceof ConfigError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return inertLogText(`${message}${stack}`);
}
