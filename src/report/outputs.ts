import type { Report } from './report.js';

/**
 * The step outputs. `event-ids` is capped: GitHub limits one output to 1 MB,
 * and a workflow that needs every id reads the report at `report-path`.
 */
export const MAX_OUTPUT_EVENT_IDS = 1000;

export interface StepOutputs {
  readonly values: Record<string, string>;
  /** Set when event-ids was cut, so the edge can say so. */
  readonly eventIdsCut: boolean;
}

export function stepOutputs(report: Report, reportPath: string): StepOutputs {
  const ids = report.events.map((e) => e.eventId);
  const slack = report.deliveries.slack.status;
  return {
    values: {
      status: report.status,
      found: String(report.totals.events > 0),
      'event-count': String(report.totals.events),
      'session-count': String(report.totals.sessions),
      'group-count': String(report.totals.groups),
      'event-ids': ids.slice(0, MAX_OUTPUT_EVENT_IDS).join(','),
      'report-path': reportPath,
      'issue-urls': (report.deliveries.github.urls ?? []).join('\n'),
      'slack-sent': String(slack === 'sent'),
    },
    eventIdsCut: ids.length > MAX_OUTPUT_EVENT_IDS,
  };
}
