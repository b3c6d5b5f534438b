import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { GithubTarget } from '../github/target.js';
import type { Report } from '../report/report.js';
import { runInfo, runWithNetwork } from '../run.js';
import { reportJson, type Output } from './output.js';

export interface CliRun {
  readonly report: Report;
  /** Set when `--report FILE` could not be written (the run still finished). */
  readonly reportFileError?: string;
}

/** One run of the shared pipeline with the CLI's edges: logs to stderr, the report file, no job summary. */
export async function runScan(
  config: Config,
  env: NodeJS.ProcessEnv,
  github: GithubTarget | undefined,
  reportFile: string | undefined,
  out: Output,
): Promise<CliRun> {
  const file = reportFile ? new ReportFile(resolve(reportFile), out) : undefined;
  const report = await runWithNetwork(config, github, runInfo(env), {
    log: (message) => {
      out.log(message);
    },
    notice: (message) => {
      out.notice(message);
    },
    scrubber: out.secrets,
    onSecret: () => undefined,
    persist: async (r) => file?.write(r),
    showDryRun: (title, payload) => {
      out.log(`${title}:\n${payload}`);
    },
  });
  return { report, reportFileError: file?.error };
}

/** `--report FILE`: written after the scan and again after the deliveries, like the action's report. A failure is kept, not thrown, so the scan's result is still printed. */
class ReportFile {
  error?: string;

  constructor(
    private readonly path: string,
    private readonly out: Output,
  ) {}

  async write(report: Report): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, this.out.secrets.text(reportJson(report)), 'utf8');
      this.error = undefined;
    } catch (error) {
      this.error = `The report could not be written to ${this.path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
