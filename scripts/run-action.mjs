// Runs the bundled action (dist/index.js) the way the GitHub runner does:
// inputs as INPUT_* environment variables, outputs and the job summary written
// to the files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, the report
// under RUNNER_TEMP. Used by the demo, the tests of the committed bundle and
// the benchmark (which adds its own node flags and reads the timings).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
/** Output kept per stream: enough for any log, bounded whatever a child prints. */
const MAX_CAPTURE = 4 * 1024 * 1024;

/**
 * @param {{ inputs: Record<string, string>, env?: Record<string, string>, node?: string[], nodeArgs?: string[], bundle?: string, timeoutMs?: number }} options
 * @returns {Promise<{ code: number | null, signal: string | null, timedOut: boolean, stdout: string, stderr: string, outputs: Record<string, string>, summary: string, wallMs: number, spawnAt: number, work: string }>}
 */
export async function runBundledAction({
  inputs,
  env = {},
  node = [process.execPath],
  nodeArgs = [],
  bundle = BUNDLE,
  timeoutMs = 300_000,
}) {
  const work = await mkdtemp(join(tmpdir(), 'piwik-action-run-'));
  const outputFile = join(work, 'output');
  const summaryFile = join(work, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const run = await runProcess({
    argv: [...node, ...nodeArgs, bundle],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      RUNNER_TEMP: work,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...inputEnv,
      ...env,
    },
    timeoutMs,
  });
  return { ...run, outputs: parseOutputFile(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8'), work };
}

/**
 * Runs one child to completion, or kills it after `timeoutMs` (a hung child
 * must not hang a demo or a benchmark). `spawnAt` is on the clock the
 * simulators stamp requests with (Date.now()); `wallMs` ends at the process's
 * exit, not when its pipes close.
 * @param {{ argv: string[], env: Record<string, string>, timeoutMs?: number }} options
 */
export async function runProcess({ argv, env, timeoutMs = 120_000 }) {
  const spawnAt = Date.now();
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    if (stdout.length < MAX_CAPTURE) stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    if (stderr.length < MAX_CAPTURE) stderr += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const closed = new Promise((resolve) => child.once('close', resolve));
  const { code, signal, wallMs } = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal, wallMs: performance.now() - started }));
  });
  clearTimeout(timer);
  await closed;
  return { code, signal, timedOut, stdout, stderr, wallMs, spawnAt };
}

/** Reads the runner's `name<<DELIMITER` … `DELIMITER` output file format. */
/**
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const [, name, delimiter] = match;
    /** @type {string[]} */
    const value = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    outputs[name] = value.join('\n');
  }
  return outputs;
}
