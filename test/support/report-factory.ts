import { eventLinesOf } from '../../src/events/store.js';
import { eventTypeLabel } from '../../src/piwik/event-types.js';
import { REPORT_SCHEMA_VERSION, runErrors, TOOL_NAME, type Report } from '../../src/report/report.js';
import type { Group, RawRequest, SiteResult } from '../../src/types.js';
import { channelDeliveries } from '../../src/report/deliveries.js';

/**
 * Small builders for test Reports: realistic defaults, any field overridable.
 * `makeReport` derives what a real report derives (totals, status, sites)
 * from the groups and sites it is given, unless those are overridden too.
 */

export const SITE_A = '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
export const SITE_B = '7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070';
export const WINDOW = { minutes: 60, from: '2025-03-04T09:00:00.000Z', to: '2025-03-04T10:00:00.000Z' } as const;

let counter = 0;
/** 16 hex characters, different on every call (fingerprints are stable in real runs, unique here). */
function nextFingerprint(): string {
  counter += 1;
  return counter.toString(16).padStart(16, '0');
}

export function makeRawRequest(overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    id: '3f1c2d4e-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
    time: '2025-03-04T09:41:07Z',
    method: 'GET',
    scheme: 'https',
    host: 'example.piwik.pro',
    headers: [['referer', 'https://shop.example/checkout']],
    queryParams: {
      idsite: SITE_A,
      rec: '1',
      action_name: 'Checkout',
      url: 'https://shop.example/checkout?step=2',
      e_c: 'checkout',
      e_a: 'submit',
      idgoal: 'abc',
    },
    ...overrides,
  };
}

export function makeGroup(overrides: Partial<Group> = {}): Group {
  const message = overrides.message ?? "Invalid value for parameter 'idgoal': expected an integer";
  const eventType = overrides.eventType ?? 5;
  return {
    fingerprint: nextFingerprint(),
    siteId: SITE_A,
    eventType,
    eventTypeLabel: eventTypeLabel(eventType),
    message,
    normalizedMessage: message.toLowerCase(),
    count: 12,
    sessionCount: 7,
    firstSeen: '2025-03-04T09:02:11Z',
    lastSeen: '2025-03-04T09:58:40Z',
    sampleUrls: ['https://shop.example/checkout?step=2', 'https://shop.example/cart'],
    sampleRequests: [makeRawRequest()],
    sampleContext: { customEventCategory: 'checkout', customEventAction: 'submit', title: 'Checkout' },
    diagnosis: {
      summary: "idgoal = 'abc' is not an integer: the tag sends a goal name where Piwik PRO expects the goal's numeric id",
      findings: [
        {
          parameter: 'idgoal',
          value: 'abc',
          problem: 'is not an integer',
          expected: 'an integer',
          hint: 'Send the numeric goal id.',
          severity: 'cause',
        },
      ],
    },
    ...overrides,
  };
}

export function makeSite(overrides: Partial<SiteResult> = {}): SiteResult {
  return {
    siteId: SITE_A,
    sessionsScanned: 1200,
    matchedSessions: 0,
    eventCount: 0,
    complete: true,
    capped: false,
    malformedLines: 0,
    logs: { fetched: 0, unavailable: 0 },
    ...overrides,
  };
}

/**
 * A report. Without `sites`, one site per distinct site id of the groups
 * (or SITE_A), with the groups' counts; without `totals`/`status`, both
 * derived as buildReport would.
 */
export function makeReport(overrides: Partial<Report> = {}): Report {
  const groups = overrides.groups ?? [];
  const siteIds = [...new Set(groups.map((g) => g.siteId))];
  const sites =
    overrides.sites ??
    (siteIds.length > 0 ? siteIds : [SITE_A]).map((siteId) => {
      const own = groups.filter((g) => g.siteId === siteId);
      const events = own.reduce((n, g) => n + g.count, 0);
      return makeSite({
        siteId,
        eventCount: events,
        matchedSessions: own.reduce((n, g) => n + g.sessionCount, 0),
        logs: { fetched: own.length, unavailable: 0 },
      });
    });
  const errors = overrides.errors ?? runErrors(sites, []);
  const events = sites.reduce((n, s) => n + s.eventCount, 0);
  const totals = overrides.totals ?? {
    events,
    sessions: sites.reduce((n, s) => n + s.matchedSessions, 0),
    groups: groups.length,
    sites: sites.length,
    sitesFailed: sites.filter((s) => s.error).length,
  };
  const status = overrides.status ?? (errors.length > 0 ? 'failed' : events > 0 ? 'found' : 'clean');
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: '0.1.0' },
    generatedAt: '2025-03-04T10:00:05.000Z',
    run: {
      url: 'https://github.com/acme/shop/actions/runs/123456789',
      repository: 'acme/shop',
      runId: '123456789',
      workflow: 'Piwik PRO monitor',
    },
    instanceUrl: 'https://example.piwik.pro',
    window: WINDOW,
    eventTypes: [{ id: 17, label: eventTypeLabel(17) }],
    settings: { redact: true, fetchLogs: true, fetchLogsMode: 'samples', maxSessions: 10_000 },
    events: eventLinesOf([]),
    warnings: [],
    deliveries: { ...channelDeliveries(), github: { status: 'not-configured' } },
    ...overrides,
    groups,
    sites,
    errors,
    totals,
    status,
  };
}
