import { CLI_INPUTS, findInput, type CliInput } from './inputs.js';

/** What the command line asked for: input values by action.yml name, and the CLI's own options. */
export interface CliArgs {
  /** Only the inputs given as flags; the environment fills in the rest later. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly json: boolean;
  readonly reportFile?: string;
  /** `--merge-reports FILE…|DIR`: merge shards' reports instead of scanning. */
  readonly mergeReports?: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
}

/** A command line the CLI cannot run (exit code 2). The message never repeats a value: it may be a secret. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface Flag {
  readonly name: string;
  /** The text after `=`, when the flag was written `--name=value`. */
  readonly inline?: string;
}

/** Parses `--name value`, `--name=value`, `--bool`, `--no-bool`; list inputs may repeat. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const inputs = new Map<string, string>();
  const state: OwnOptions = { json: false, help: false, version: false, reportFile: undefined, mergeReports: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      state.help = true;
      continue;
    }
    const flag = splitFlag(arg);
    const next = () => argv[++i];
    const peek = () => argv[i + 1];
    if (
      parseOwnOption(flag, state, next, () => {
        const files: string[] = [];
        while (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) files.push(argv[++i] ?? '');
        return files;
      })
    )
      continue;
    const { name, value } = inputFlag(flag, next, peek);
    setInput(inputs, name, value);
  }
  return { inputs, ...state };
}

function splitFlag(arg: string): Flag {
  if (!arg.startsWith('--') || arg === '--') {
    throw new UsageError(`Unexpected argument '${arg.slice(0, 40)}': every option is a --flag (see --help).`);
  }
  const eq = arg.indexOf('=');
  return eq === -1 ? { name: arg.slice(2) } : { name: arg.slice(2, eq), inline: arg.slice(eq + 1) };
}

interface OwnOptions {
  json: boolean;
  help: boolean;
  version: boolean;
  reportFile: string | undefined;
  mergeReports: string[] | undefined;
}

/** The CLI's own options (not action inputs). Returns false for anything else. */
function parseOwnOption(flag: Flag, state: OwnOptions, next: () => string | undefined, rest: () => string[]): boolean {
  switch (flag.name) {
    case 'help':
    case 'version':
    case 'json':
      if (flag.inline !== undefined) throw new UsageError(`--${flag.name} takes no value.`);
      state[flag.name] = true;
      return true;
    case 'report': {
      const file = flag.inline ?? next();
      if (file === undefined || file === '' || file.startsWith('--')) throw new UsageError('--report needs a file name: --report FILE.');
      state.reportFile = file;
      return true;
    }
    case 'merge-reports': {
      const files = [...(flag.inline !== undefined ? [flag.inline] : []), ...rest()].filter((f) => f !== '');
      if (files.length === 0)
        throw new UsageError("--merge-reports needs the shards' reports: --merge-reports FILE… or a folder holding them.");
      state.mergeReports = [...(state.mergeReports ?? []), ...files];
      return true;
    }
    default:
      return false;
  }
}

/** An action input given as a flag: its name and the value it stands for. */
function inputFlag(flag: Flag, next: () => string | undefined, peek: () => string | undefined): { name: string; value: string } {
  const negatable = (input: CliInput | undefined) => input?.kind === 'boolean' || input?.negatable === true;
  const negated = flag.name.startsWith('no-') && negatable(findInput(flag.name.slice(3)));
  const input = findInput(negated ? flag.name.slice(3) : flag.name);
  if (!input) {
    const near = nearestFlag(flag.name);
    throw new UsageError(`Unknown option --${flag.name.slice(0, 40)}${near ? `: did you mean --${near}?` : ' (see --help for the list).'}`);
  }
  if (negated) {
    if (flag.inline !== undefined) throw new UsageError(`--${flag.name} takes no value.`);
    return { name: input.name, value: 'false' };
  }
  if (input.kind === 'boolean') return { name: input.name, value: booleanValue(flag, next, peek) };
  const value = flag.inline ?? next();
  // A missing value would otherwise swallow the next flag as the value.
  if (value === undefined || (flag.inline === undefined && value.startsWith('--'))) {
    throw new UsageError(`--${input.name} needs a value: --${input.name} ${input.placeholder}.`);
  }
  return { name: input.name, value };
}

/** `--flag`, `--flag=false`, or `--flag true` as in the action's `flag: true`. Other values go to parseConfig, which names them. */
function booleanValue(flag: Flag, next: () => string | undefined, peek: () => string | undefined): string {
  if (flag.inline !== undefined) return flag.inline;
  const following = peek()?.toLowerCase();
  if (following === 'true' || following === 'false') return next() ?? '';
  return 'true';
}

function setInput(inputs: Map<string, string>, name: string, value: string): void {
  const previous = inputs.get(name);
  if (previous === undefined) {
    inputs.set(name, value);
    return;
  }
  if (findInput(name)?.kind !== 'list') throw new UsageError(`--${name} was given more than once.`);
  // Every list input accepts newline-separated items (ignore takes one rule a line).
  inputs.set(name, `${previous}\n${value}`);
}

const OWN_FLAGS = ['help', 'version', 'json', 'report', 'merge-reports'];

/** The known flag closest to a mistyped one (at most a third of its letters off), for "did you mean". */
function nearestFlag(name: string): string | undefined {
  const known = [...CLI_INPUTS.map((i) => i.name), ...OWN_FLAGS];
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name.slice(0, 60), flag);
    if (!best || distance < best.distance) best = { flag, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.flag.length / 3)) ? best.flag : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
