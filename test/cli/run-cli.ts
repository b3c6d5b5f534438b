import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What a test runs as the CLI. `source`: src/cli.ts, the entry the bundle is built from, through the tsx loader, so
 * a change in src/cli/ is tested as soon as it is saved. `bundle`: the committed dist/cli/index.js, what users run
 * (test/dist.int.test.ts keeps one test on it; a stale bundle fails its fresh-build check).
 */
export type CliTarget = 'source' | 'bundle';

const COMMANDS: Record<CliTarget, readonly string[]> = {
  source: ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), join(ROOT, 'src', 'cli.ts')],
  bundle: [join(ROOT, 'dist', 'cli', 'index.js')],
};

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI with ARGS as a child process with only PATH and HOME from this
 * environment, so nothing of the developer's (a GITHUB_TOKEN, a PIWIK_*
 * variable) leaks into a test.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
  target: CliTarget = 'source',
): Promise<CliResult> {
  const child = spawn(process.execPath, [...COMMANDS[target], ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
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
