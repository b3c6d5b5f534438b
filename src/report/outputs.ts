import type { Report } from './report.js';

import { FIRST_IDS_KEPT } from '../events/store.js';
import { silentSites } from '../volume/groups.js';

/**
 * The step outputs. `event-ids` is capped at 1,000 ids (at most 21 KB: an id
 * has at most 20 digits): GitHub limits one output to 1 MB and a run's outputs
 * to 50 MB, and a workflow that needs every id reads the report at `report-path`.
 */
const MAX_OUTPUT_EVENT_IDS = FIRST_IDS_KEPT;

export interface StepOutputs {
  readonly values: Record<string, string>;
  /** Set when event-ids was cut, so the edge can say so. */
  readonly eventIdsCut: boolean;
}

export function stepOutputs(report: Report, reportPath: string): StepOutputs {
  const ids = report.events.firstIds.slice(0, MAX_OUTPUT_EVENT_IDS);
  const sent = (status: string) => String(status === 'sent');
  return {
    values: {
      status: report.status,
      found: String(report.totals.events > 0),
      'event-count': String(report.totals.events),
      'session-count': String(report.totals.sessions),
      'group-count': String(report.totals.groups),
      'event-ids': ids.join(','),
      'report-path': reportPath,
      'raw-requests-path': report.rawRequestsPath ?? '',
      'issue-urls': (report.deliveries.github.urls ?? []).join('\n'),
      'slack-sent': sent(report.deliveries.slack.status),
      'teams-sent': sent(report.deliveries.teams.status),
      'webhook-sent': sent(report.deliveries.webhook.status),
      'email-sent': sent(report.deliveries.email.status),
      'silent-sites': silentSites(report.groups).join(','),
    },
    eventIdsCut: report.events.count > ids.length,
  };
}
