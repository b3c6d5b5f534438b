import type * as actionsCore from '@actions/core';
import { ConfigError, parseConfig, type Config } from './config.js';
import { Deadline, DEFAULT_HTTP_POLICY, HttpClient, type HttpPolicy } from './http.js';
import { inertLogText } from './log-safety.js';
import { stepOutputs } from './report/outputs.js';
import { buildReport, emptyScan, type Report, type RunInfo } from './report/report.js';
import { renderSummary } from './report/summary.js';
import { reportLocation, writeReport } from './report/write.js';
import { scan } from './scan.js';
import type { ScanResult } from './types.js';
import { VERSION } from './version.js';

/**
 * The GitHub Actions edge: inputs in; outputs, job summary, report and exit
 * status out. The toolkit is passed in (not imported) so tests can run the
 * whole edge with a recording toolkit and no module mocks.
 */
export type Toolkit = Pick<
  typeof actionsCore,
  'getInput' | 'setOutput' | 'setSecret' | 'setFailed' | 'info' | 'warning' | 'notice' | 'debug' | 'isDebug' | 'summary'
>;

/** Inputs that are secrets: masked before anything else reads them. */
const SECRET_INPUTS = ['client-secret', 'slack-webhook-url', 'github-token'];

/** What tests and the CLI may change about how the run talks to the network. */
export interface RunOptions {
  readonly httpPolicy?: HttpPolicy;
}

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
  const deadline = new Deadline(config.timeoutSeconds * 1000);
  const http = new HttpClient(options.httpPolicy ?? DEFAULT_HTTP_POLICY, deadline, (r) =>
    core.info(`${r.what}: ${r.reason}; retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)} s`),
  );
  const started = new Date();
  try {
    const { result, error } = await scanSafely(core, config, http, started);
    const report = buildReport({
      scan: result,
      instanceUrl: config.instanceUrl,
      settings: { redact: config.redact, fetchLogs: config.fetchLogs, maxSessions: config.maxSessions, pageUrl: config.pageUrl },
      run: runInfo(env),
      version: VERSION,
      generatedAt: new Date(),
      errors: error ? [error] : [],
    });
    const reportPath = await reportLocation(env.RUNNER_TEMP);
    // Written before anything that can fail late, so nothing found is lost.
    await writeReport(reportPath, report);
    await publish(core, report, reportPath);
    conclude(core, config, report);
  } finally {
    deadline.dispose();
    await http.close();
  }
}

async function scanSafely(core: Toolkit, config: Config, http: HttpClient, started: Date): Promise<{ result: ScanResult; error?: string }> {
  try {
    const result = await scan(config, { http, now: () => started, onSecret: (s) => core.setSecret(s), log: (m) => core.info(inertLogText(m)) });
    return { result };
  } catch (error) {
    const message = failureMessage(error, core.isDebug());
    const window = { minutes: config.lookupWindow, from: new Date(started.getTime() - config.lookupWindow * 60_000).toISOString(), to: started.toISOString() };
    return { result: emptyScan(window, config.eventTypes, config.siteIds, message), error: message };
  }
}

async function publish(core: Toolkit, report: Report, reportPath: string): Promise<void> {
  const outputs = stepOutputs(report, reportPath);
  for (const [name, value] of Object.entries(outputs.values)) core.setOutput(name, value);
  if (outputs.eventIdsCut) core.notice(`'event-ids' lists the first ${outputs.values['event-ids']?.split(',').length} of ${report.events.length} event ids; the report at 'report-path' lists them all.`);
  for (const warning of report.warnings) core.warning(inertLogText(warning));
  for (const group of report.groups.slice(0, 10)) {
    core.warning(inertLogText(`${group.count} × ${group.message || '(no message)'} (site ${group.siteId}, fingerprint ${group.fingerprint})`), {
      title: inertLogText(`Piwik PRO ${group.eventTypeLabel}`),
    });
  }
  await core.summary.addRaw(renderSummary(report), true).write();
  core.info(`Report written to ${reportPath}`);
}

function conclude(core: Toolkit, config: Config, report: Report): void {
  if (report.status === 'failed') {
    core.setFailed(inertLogText(report.errors.join('\n')));
  } else if (config.failOnEvents && report.status === 'found') {
    core.setFailed(`${report.totals.events} matching events found in ${report.totals.groups} groups, and 'fail-on-events' is true.`);
  } else {
    core.info(report.status === 'found' ? `${report.totals.events} matching events found in ${report.totals.groups} groups.` : 'No matching events.');
  }
}

export function runInfo(env: NodeJS.ProcessEnv): RunInfo {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const url = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return { url, repository: env.GITHUB_REPOSITORY, runId: env.GITHUB_RUN_ID, workflow: env.GITHUB_WORKFLOW };
}

/** Any thrown value, not only Error, becomes a message; stacks only when RUNNER_DEBUG is on. */
export function failureMessage(error: unknown, debug: boolean): string {
  if (error instanceof ConfigError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return inertLogText(`${message}${stack}`);
}
