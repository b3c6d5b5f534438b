import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { EventStore } from '../events/store.js';
import type { GithubTarget } from '../github/target.js';
import type { Report } from '../report/report.js';
import { evidencePathFor, writeReport } from '../report/write.js';
import { proxyFromEnv } from '../http/proxy.js';
import { runInfo, runWithNetwork } from '../run.js';
import { terminalSafeJson, type Output } from './output.js';

export interface CliRun {
  readonly report: Report;
  /** Set when `--report FILE` could not be written (the run still finished). */
  readonly reportFileError?: string;
}

/**
 * One run of the shared pipeline with the CLI's edges: logs to stderr, the
 * report file, no job summary. With --fetch-logs all, the raw requests go
 * beside --report FILE (main.ts refuses the mode without it).
 */
export async function runScan(
  config: Config,
  env: NodeJS.ProcessEnv,
  github: GithubTarget | undefined,
  reportFile: string | undefined,
  out: Output,
  events: EventStore,
): Promise<CliRun> {
  const file = reportFile ? new ReportFile(resolve(reportFile), out) : undefined;
  if (file) await mkdir(dirname(file.path), { recursive: true }).catch(() => undefined);
  const report = await runWithNetwork(
    config,
    github,
    runInfo(env),
    {
      log: (message) => {
        out.log(message);
      },
      notice: (message) => {
        out.notice(message);
      },
      scrubber: out.secrets,
      onSecret: () => undefined,
      events,
      evidencePath: file && evidencePathFor(file.path),
      persist: async (r) => file?.write(r),
      showDryRun: (title, payload) => {
        out.log(`${title}:\n${payload}`);
      },
    },
    { proxy: proxyFromEnv(env) },
  );
  return { report, reportFileError: file?.error };
}

/** `--report FILE`: written once the deliveries are done, like the action's report. A failure is kept, not thrown, so the scan's result is still printed. */
class ReportFile {
  error?: string;

  constructor(
    readonly path: string,
    private readonly out: Output,
  ) {}

  async write(report: Report): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeReport(this.path, report, (chunk) => this.out.secrets.text(terminalSafeJson(chunk)));
      this.error = undefined;
    } catch (error) {
      this.error = `The report could not be written to ${this.path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
