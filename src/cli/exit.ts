import type { Config } from '../config.js';
import type { Report } from '../report/report.js';
import { verdictOf } from '../report/verdict.js';

/** The CLI's exit codes: what a scheduler or a shell script branches on. `--help` prints this table. */
export const EXIT = {
  ok: 0,
  eventsFound: 1,
  badInput: 2,
  failed: 3,
} as const;

export const EXIT_CODES: readonly { readonly code: number; readonly meaning: string }[] = [
  { code: EXIT.ok, meaning: 'Clean, or matching events found without --fail-on-events (or fewer new events than --min-events).' },
  { code: EXIT.eventsFound, meaning: 'New matching events found and --fail-on-events is true.' },
  {
    code: EXIT.badInput,
    meaning: 'Bad input (an unknown flag, an invalid value, a missing required option or GitHub setting); nothing was requested.',
  },
  {
    code: EXIT.failed,
    meaning:
      'The scan failed (report status failed: an API error, a site it could not read, the time budget spent), a Slack or GitHub delivery failed, or the report file could not be written. Wins over 1.',
  },
];

export interface CliVerdict {
  readonly code: number;
  /** Why the code is not 0, in words. */
  readonly reasons: readonly string[];
  /**
   * Whether the text report already says every reason (a scan error, a failed
   * delivery): then printing them on stderr too would show each failure twice
   * to whoever reads both streams (a terminal, a cron mail).
   */
  readonly inTextReport: boolean;
}

/** The exit code, from the verdict the action uses too (src/report/verdict.ts). */
export function verdict(config: Config, report: Report): CliVerdict {
  const { failures, eventsGate } = verdictOf(config, report);
  if (report.status === 'failed' || failures.length > 0)
    return { code: EXIT.failed, reasons: failures.length > 0 ? [...failures] : ['The scan failed.'], inTextReport: true };
  if (eventsGate) return { code: EXIT.eventsFound, reasons: [eventsGate], inTextReport: false };
  return { code: EXIT.ok, reasons: [], inTextReport: true };
}
