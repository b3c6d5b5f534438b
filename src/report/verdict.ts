import { enoughNewEvents } from '../alerting/gate.js';
import type { Config } from '../config.js';
import { plural } from '../text/plural.js';
import { channelFailures } from './deliveries.js';
import type { Report } from './report.js';
import { volumeGateText } from '../volume/gate.js';

/**
 * What a finished run means for the caller's exit status, for the action and
 * the CLI alike: a blind scan or a failed delivery is a failure; new events
 * fail the run only with fail-on-events, and only from min-events up.
 */
export interface Verdict {
  /** Reasons the run failed: scan errors and failed deliveries. */
  readonly failures: readonly string[];
  /** Set when fail-on-events stops the run: why, in words. */
  readonly eventsGate?: string;
}

/** The gate's reason names fail-on-events as the edge spells it (`config.names`). */
export function verdictOf(config: Config, report: Report): Verdict {
  const { github } = report.deliveries;
  const failures = [
    ...report.errors,
    ...channelFailures(report.deliveries),
    ...(github.status === 'failed' ? [`GitHub issues could not be updated: ${github.detail ?? 'no detail'}`] : []),
  ];
  const newEvents = alertableNewEvents(report);
  const gated = config.failOnEvents && enoughNewEvents(newEvents, config.alerting.minEvents);
  const eventsGate = gated
    ? `${newEvents} new matching ${plural(newEvents, 'event')} found (${report.totals.events} in the window, ${report.totals.groups} ${plural(report.totals.groups, 'group')}), and ${config.names.of('fail-on-events')} is true.`
    : undefined;
  // A silence that starts (or a watch finds) closes the same gate: the release is green exactly when every hit is lost.
  const volumeGate = config.failOnEvents ? volumeGateText(report, config.names.of('fail-on-events')) : undefined;
  const gates = [eventsGate, volumeGate].filter((g): g is string => g !== undefined);
  return { failures, eventsGate: gates.length > 0 ? gates.join('\n') : undefined };
}

/** New events outside silenced groups: what alerts, and what fail-on-events counts. */
export function alertableNewEvents(report: Report): number {
  return report.alerting ? report.alerting.newEvents - report.alerting.silencedNewEvents : report.totals.events;
}
