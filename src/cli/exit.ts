import type { Config } from '../config.js';
import type { Report } from '../report/report.js';

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
  { code: EXIT.badInput, meaning: 'Bad input (an unknown flag, an invalid value, a missing required input or GitHub setting); nothing was requested.' },
  {
    code: EXIT.failed,
    meaning:
      'The scan failed (report status failed: an API error, a site it could not read, the time budget spent), a Slack or GitHub delivery failed, or the report file could not be written. Wins over 1.',
  },
];

/**
 * The exit code, mirroring the action's verdict (src/main.ts): a blind scan or
 * a failed delivery fails; new events fail only with fail-on-events. The
 * reasons go to stderr, since the report on stdout may be JSON.
 */
export function verdict(config: Config, report: Report): { code: number; reasons: string[] } {
  const { slack, github } = report.deliveries;
  const failures = [
    ...report.errors,
    ...(slack.status === 'failed' ? [`The Slack message could not be delivered: ${slack.detail ?? 'no detail'}`] : []),
    ...(github.status === 'failed' ? [`GitHub issues could not be updated: ${github.detail ?? 'no detail'}`] : []),
  ];
  if (report.status === 'failed' || failures.length > 0) return { code: EXIT.failed, reasons: failures.length > 0 ? failures : ['The scan failed.'] };
  const newEvents = report.alerting?.newEvents ?? report.totals.events;
  if (config.failOnEvents && newEvents > 0 && newEvents >= config.alerting.minEvents) {
    return { code: EXIT.eventsFound, reasons: [`${newEvents} new matching events found (${report.totals.events} in the window, ${report.totals.groups} groups), and --fail-on-events is true.`] };
  }
  return { code: EXIT.ok, reasons: [] };
}
