import { ConfigError, parseConfig, type Config } from '../config.js';
import { VERSION } from '../version.js';
import { parseArgs, UsageError, type CliArgs } from './args.js';
import { inputReader, secretValues } from './env.js';
import { FLAG_NAMES } from './inputs.js';
import { reportFileProblem, secretsBeforeParsing } from './preflight.js';
import { EXIT, verdict } from './exit.js';
import type { GithubTarget } from '../github/target.js';
import { cliGithubTarget } from './github.js';
import { COMMAND, helpText } from './help.js';
import { Output, terminalSafeJson, type CliIo } from './output.js';
import { EventStore } from '../events/store.js';
import { reportChunks } from '../report/write.js';
import { tmpdir } from 'node:os';
import { runScan } from './run.js';
import { runMerge } from './merge.js';
import { MergeInputError } from '../merge/read.js';
import { renderText } from './text.js';
import { routeSecrets } from '../config/routes-parse.js';

/**
 * `piwik-broken-events`: the action's pipeline behind a command line. Flags
 * and PIWIK_* variables become one InputReader for parseConfig, so the CLI
 * validates exactly as the action does. Returns the exit code (see exit.ts);
 * never throws.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const out = new Output(io);
  try {
    const setup = prepare(argv, env, out);
    if (typeof setup === 'number') return setup;
    // Every matched event waits in the store (on disk in a burst) until the report is printed and written.
    const events = EventStore.create(tmpdir(), setup.config.siteIds);
    try {
      return await runAndPrint(setup, env, out, events);
    } finally {
      await events.dispose();
    }
  } catch (error) {
    // Reports that cannot be merged are bad input, found before anything was sent.
    if (error instanceof MergeInputError) {
      out.error(error.message);
      return EXIT.badInput;
    }
    // The pipeline reports scan and delivery failures in the report; anything thrown is unexpected.
    out.error(error instanceof Error ? error.message : String(error));
    return EXIT.failed;
  }
}

async function runAndPrint(setup: Setup, env: NodeJS.ProcessEnv, out: Output, events: EventStore): Promise<number> {
  const { mergeReports } = setup.args;
  const { report, reportFileError } = mergeReports
    ? await runMerge(setup.config, mergeReports, env, setup.args.reportFile, out)
    : await runScan(setup.config, env, setup.github, setup.args.reportFile, out, events);
  if (setup.args.json) {
    for await (const chunk of reportChunks(report)) out.result(terminalSafeJson(chunk));
  } else out.result(renderText(report));
  if (reportFileError) {
    out.error(reportFileError);
    return EXIT.failed;
  }
  // Each failure once for the person reading: the text report on stdout says it, so stderr does not repeat it. With
  // --json, stdout is for a program (a cron job's `> report.json`, `| jq`) and nobody reads it as text: the reasons
  // go to stderr, once, where the log or the cron mail shows them beside the exit code.
  const { code, reasons, inTextReport } = verdict(setup.config, report);
  if (setup.args.json || !inTextReport) for (const reason of reasons) out.error(reason);
  return code;
}

interface Setup {
  readonly args: CliArgs;
  readonly config: Config;
  readonly github?: GithubTarget;
}

/** Everything checked before the first request: the command line, every input, the GitHub settings. A number is an exit code. */
function prepare(argv: readonly string[], env: NodeJS.ProcessEnv, out: Output): Setup | number {
  try {
    // Masked before the arguments are parsed: a parse error may quote what it met.
    for (const secret of secretsBeforeParsing(argv, env)) out.secrets.add(secret);
    const args = parseArgs(argv);
    if (args.help) {
      out.result(helpText());
      return EXIT.ok;
    }
    if (args.version) {
      out.result(`${COMMAND} ${VERSION}\n`);
      return EXIT.ok;
    }
    const read = inputReader(args.inputs, env);
    // Masked before parseConfig can say anything about any input.
    for (const secret of secretValues(read)) out.secrets.add(secret);
    // Merging shards' reports reads no account: the Piwik PRO options are not needed then.
    const config = parseConfig(read, { names: FLAG_NAMES, scan: args.mergeReports === undefined });
    for (const secret of routeSecrets(config.routes)) out.secrets.add(secret);
    if (config.fetchLogs === 'all' && args.reportFile === undefined) {
      throw new UsageError(
        `${FLAG_NAMES.set('fetch-logs', 'all')} writes every raw request to a file beside the report: give --report FILE too.`,
      );
    }
    const reportProblem = reportFileProblem(args.reportFile);
    if (reportProblem) throw new UsageError(reportProblem);
    return { args, config, github: cliGithubTarget(config, env) };
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    out.error(`${error.message}\nRun '${COMMAND} --help' for every option.`);
    return EXIT.badInput;
  }
}

/** The real process streams. */
export function nodeIo(): CliIo {
  // `… | head` closes stdout early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
