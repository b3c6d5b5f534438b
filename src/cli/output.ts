import { SecretScrubber } from './secrets.js';
import { terminalSafeLines } from './terminal.js';

/** Where the CLI writes: the process's streams in production, strings in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Every byte the CLI prints passes here: known secrets are masked first,
 * then stderr lines are made terminal-safe. stdout carries only the report
 * (already terminal-safe text, or JSON), so `--json | jq` always parses.
 */
export class Output {
  readonly secrets = new SecretScrubber();

  constructor(private readonly io: CliIo) {}

  result(text: string): void {
    this.io.stdout(this.secrets.scrub(text));
  }

  log(message: string): void {
    this.write(message, '');
  }

  notice(message: string): void {
    this.write(message, 'notice: ');
  }

  error(message: string): void {
    this.write(message, 'error: ');
  }

  private write(message: string, prefix: string): void {
    const lines = terminalSafeLines(this.secrets.scrub(message));
    this.io.stderr(`${prefix}${lines.join('\n')}\n`);
  }
}

// JSON.stringify escapes C0 controls but leaves C1 controls (0x9b is a one-byte CSI) and bidi overrides raw.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The report as JSON text: the same value, with nothing in it a terminal would act on. */
export function reportJson(report: unknown): string {
  const text = JSON.stringify(report, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}
