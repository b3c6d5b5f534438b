import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.js';
import { Deadline, DEFAULT_HTTP_POLICY, HttpClient } from '../http/client.js';
import { proxyFromEnv } from '../http/proxy.js';
import { mergeReports } from '../merge/merge.js';
import { readReports } from '../merge/read.js';
import { renderSummary } from '../report/summary.js';
import { writeReport } from '../report/write.js';
import { deliverRouted } from '../routing/deliver.js';
import { runInfo } from '../run.js';
import type { Output } from './output.js';
import { terminalSafeJson } from './output.js';
import type { CliRun } from './run.js';

/**
 * `--merge-reports`: the shards' reports made one, then delivered as one run
 * would be: a message per Slack destination (routes apply), the job summary
 * (GITHUB_STEP_SUMMARY, when the runner sets it), the report file. No Piwik
 * PRO request; the shards' issues stay as the shards left them.
 */
export async function runMerge(
  config: Config,
  files: readonly string[],
  env: NodeJS.ProcessEnv,
  reportFile: string | undefined,
  out: Output,
): Promise<CliRun> {
  const inputs = await readReports(files);
  out.log(`Merging ${inputs.length} ${inputs.length === 1 ? 'report' : 'reports'}: ${inputs.map((i) => i.source).join(', ')}`);
  const merged = mergeReports(inputs, runInfo(env), new Date());
  const deadline = new Deadline(config.timeoutSeconds * 1000);
  const http = new HttpClient(
    DEFAULT_HTTP_POLICY,
    deadline,
    (r) => {
      out.log(`${r.what}: ${r.reason}; retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)} s`);
    },
    proxyFromEnv(env),
  );
  let channels;
  try {
    channels = await deliverRouted(config.routes, config.channels.destination, merged, {
      onClean: config.channels.onClean,
      onFailure: config.channels.onFailure,
      minEvents: config.alerting.minEvents,
      names: config.names,
      http,
      scrubber: out.secrets,
      dryRun: config.dryRun,
      showDryRun: (title, payload) => {
        out.log(`${title}:\n${payload}`);
      },
      now: () => new Date(),
    });
  } finally {
    deadline.dispose();
    await http.close();
  }
  const report = { ...merged, deliveries: { ...merged.deliveries, ...channels } };
  const errors: string[] = [];
  if (reportFile) {
    const path = resolve(reportFile);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeReport(path, report, (chunk) => out.secrets.text(terminalSafeJson(chunk)));
    } catch (error) {
      errors.push(`The report could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      await appendFile(env.GITHUB_STEP_SUMMARY, `${out.secrets.text(renderSummary(report))}\n`);
    } catch (error) {
      errors.push(`The job summary could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { report, reportFileError: errors.length > 0 ? errors.join('\n') : undefined };
}
