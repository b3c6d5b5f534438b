import { FIRST_IDS_KEPT } from '../../src/events/store.js';
import { eventTypeLabel } from '../../src/piwik/event-types.js';
import { buildReport, type Report } from '../../src/report/report.js';
import type { EventLines, Group, RawRequest, ReportedEvent, SiteResult } from '../../src/types.js';

/**
 * Small builders for test Reports: realistic defaults, any field overridable.
 * `makeReport` hands what it is given to production's `buildReport`, so the
 * totals, the status and the errors follow the one rule the action has.
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

/** The run every factory report belongs to. */
const RUN = {
  url: 'https://github.com/acme/shop/actions/runs/123456789',
  repository: 'acme/shop',
  runId: '123456789',
  workflow: 'Piwik PRO monitor',
} as const;

/**
 * A report, made by production's `buildReport` (totals, status, errors) from
 * the scan these overrides describe. Without `sites`, one site per distinct
 * site id of the groups (or SITE_A), with the groups' counts; without
 * `events`, each group's `count` events, spread from its first to its last
 * time. `errors` are the run's own (a failed login); a site's error is added
 * by buildReport. `status`, when given, replaces what buildReport derived:
 * only for a renderer's defence against a report production cannot make.
 */
export function makeReport(overrides: Partial<Report> = {}): Report {
  const groups = overrides.groups ?? [];
  const built = buildReport({
    scan: {
      window: overrides.window ?? WINDOW,
      eventTypes: (overrides.eventTypes ?? [{ id: 17 }]).map((t) => t.id),
      sites: overrides.sites ?? sitesOf(groups),
      groups,
      events: overrides.events ?? eventLinesOfGroups(groups),
      warnings: overrides.warnings ?? [],
      rawRequestsPath: overrides.rawRequestsPath,
    },
    instanceUrl: overrides.instanceUrl ?? 'https://example.piwik.pro',
    settings: overrides.settings ?? { redact: true, fetchLogs: true, fetchLogsMode: 'samples', maxSessions: 10_000 },
    run: overrides.run ?? RUN,
    version: overrides.tool?.version ?? '0.1.0',
    generatedAt: new Date(overrides.generatedAt ?? '2025-03-04T10:00:05.000Z'),
    errors: overrides.errors ?? [],
    alerting: overrides.alerting,
    deliveries: overrides.deliveries,
    watch: overrides.watch,
  });
  return overrides.status ? { ...built, status: overrides.status } : built;
}

/** One site per distinct site id of the groups (SITE_A without groups), with the groups' counts. */
function sitesOf(groups: readonly Group[]): SiteResult[] {
  const siteIds = [...new Set(groups.map((g) => g.siteId))];
  return (siteIds.length > 0 ? siteIds : [SITE_A]).map((siteId) => {
    const own = groups.filter((g) => g.siteId === siteId && !g.volume);
    return makeSite({
      siteId,
      eventCount: own.reduce((n, g) => n + g.count, 0),
      matchedSessions: own.reduce((n, g) => n + g.sessionCount, 0),
      logs: { fetched: own.length, unavailable: 0 },
    });
  });
}

/**
 * The groups' events as the scan records them, made as they are read (a group may count a billion): each group's
 * `count` events, in its `sessionCount` sessions, evenly from its first to its last time (none for SILENT or DROP),
 * with ids no other group's events have.
 */
function eventLinesOfGroups(groups: readonly Group[]): EventLines {
  function* events(): Generator<ReportedEvent> {
    for (const [n, group] of groups.entries()) if (!group.volume) for (let i = 0; i < group.count; i++) yield eventOf(group, n, i);
  }
  const firstIds: string[] = [];
  for (const event of events()) {
    if (firstIds.length === FIRST_IDS_KEPT) break;
    firstIds.push(event.eventId);
  }
  return {
    count: groups.reduce((n, g) => n + (g.volume ? 0 : g.count), 0),
    firstIds,
    forEach: (visit) => {
      for (const e of events()) visit(e.fingerprint, Date.parse(e.serverTime));
    },
    lines: async function* () {
      for (const e of events()) yield JSON.stringify(e);
    },
  };
}

/** The i-th event of the n-th group. */
function eventOf(group: Group, n: number, i: number): ReportedEvent {
  const [first, last] = [Date.parse(group.firstSeen), Date.parse(group.lastSeen)];
  const timed = Number.isFinite(first) && Number.isFinite(last) && group.count > 1;
  const id = (k: number) => String((n + 1) * 1_000_000_000_000 + k);
  return {
    siteId: group.siteId,
    eventId: id(i),
    sessionId: id(i % Math.max(1, group.sessionCount)),
    eventType: group.eventType,
    serverTime: timed
      ? new Date(first + Math.round(((last - first) * i) / (group.count - 1))).toISOString().replace('.000Z', 'Z')
      : group.lastSeen,
    fingerprint: group.fingerprint,
    logStatus: i < group.sampleRequests.length ? 'fetched' : 'skipped',
  };
}
