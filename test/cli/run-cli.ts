import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What a test runs as the CLI. `main`: src/cli/main.ts's main(argv, env, io) in this process, what src/cli.ts calls
 * (no process start: most tests). `source`: src/cli.ts in a child process through the tsx loader, for the few tests
 * of what only a real process shows (exit codes, streams). `bundle`: the committed dist/cli/index.js, what users run
 * (test/dist.int.test.ts keeps one test on it; scripts/check-dist.mjs checks the bundle is fresh).
 */
export type CliTarget = 'main' | 'source' | 'bundle';

const COMMANDS: Record<Exclude<CliTarget, 'main'>, readonly string[]> = {
  source: ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), join(ROOT, 'src', 'cli.ts')],
  bundle: [join(ROOT, 'dist', 'cli', 'index.js')],
};

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI with ARGS and an environment of only PATH and HOME from this
 * one, so nothing of the developer's (a GITHUB_TOKEN, a PIWIK_* variable)
 * leaks into a test.
 */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, target: CliTarget = 'main'): Promise<CliResult> {
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  if (target === 'main') {
    let stdout = '';
    let stderr = '';
    const code = await main(args, fullEnv, {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { code, stdout, stderr };
  }
  const child = spawn(process.execPath, [...COMMANDS[target], ...args], {
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    }),
  );
}
