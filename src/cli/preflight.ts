import { statSync } from 'node:fs';
import { CLI_INPUTS, envNames } from './inputs.js';

/**
 * What the CLI checks before it reads its arguments (the secrets to mask) and
 * before any request (where the report goes), so that neither a typo nor a
 * wrong path costs a scan, deliveries, or a secret printed back.
 */

/**
 * Every secret the command line or the environment holds, found without parsing the arguments: a parse error
 * (a stray argument, a flag given twice) may quote what it met, and that may be a secret.
 */
export function secretsBeforeParsing(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const input of CLI_INPUTS.filter((i) => i.secret)) {
    for (const variable of envNames(input.name)) {
      const value = env[variable]?.trim();
      if (value) found.push(value);
    }
    const flag = `--${input.name}`;
    argv.forEach((arg, i) => {
      if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1).trim());
      else if (arg === flag && i + 1 < argv.length) found.push(argv[i + 1].trim());
    });
  }
  return found.filter((value) => value !== '');
}

/** Why `--report FILE` cannot be written, or undefined: a folder. (A write that fails later still says so, exit code 3.) */
export function reportFileProblem(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (info?.isDirectory()) return `--report ${file} is a folder: give the path of a file, such as ${file.replace(/\/+$/, '')}/report.json.`;
  return undefined;
}
