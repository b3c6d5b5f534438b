// Runs the bundled action (dist/index.js) the way the GitHub runner does:
// inputs as INPUT_* environment variables, outputs and the job summary written
// to the files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Used by the demo,
// the benchmark and the test that checks the committed bundle.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');

/**
 * @param {{ inputs: Record<string, string>, env?: Record<string, string>, node?: string[], bundle?: string }} options
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, outputs: Record<string, string>, summary: string, wallMs: number }>}
 */
export async function runBundledAction({ inputs, env = {}, node = [process.execPath], bundle = BUNDLE }) {
  const work = await mkdtemp(join(tmpdir(), 'piwik-action-run-'));
  const outputFile = join(work, 'output');
  const summaryFile = join(work, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]));
  const started = performance.now();
  const child = spawn(node[0], [...node.slice(1), bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      RUNNER_TEMP: work,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...inputEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  return { code, stdout, stderr, outputs: parseOutputFile(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8'), wallMs };
}

/** Reads the runner's `name<<DELIMITER` … `DELIMITER` output file format. */
export function parseOutputFile(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    outputs[name] = value.join('\n');
  }
  return outputs;
}
