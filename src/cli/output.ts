import { escapeUnsafe } from '../safety/controls.js';
import { Scrubber } from '../safety/secrets.js';
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
  readonly secrets = new Scrubber();

  constructor(private readonly io: CliIo) {}

  result(text: string): void {
    this.io.stdout(this.secrets.text(text));
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
    const lines = terminalSafeLines(this.secrets.text(message));
    this.io.stderr(`${prefix}${lines.join('\n')}\n`);
  }
}

/**
 * JSON text (a whole document, or a chunk of one as the report is streamed) with nothing in it a terminal would act on; the value
 * is the same. JSON.stringify escapes C0 controls but leaves C1 controls (0x9b is a one-byte CSI) and bidi overrides raw.
 */
export function terminalSafeJson(json: string): string {
  return escapeUnsafe(json, { keepNewlines: true, json: true });
}
