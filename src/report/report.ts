import { eventTypeLabel } from '../piwik/event-types.js';
import type { FetchLogs } from '../config.js';
import type { EventLines, Group, ScanResult, ScanWindow, SiteResult } from '../types.js';
import { siteLabel } from '../text/site-label.js';
import type { WatchSummary } from '../watch/types.js';
import type { PortfolioSettings } from '../sites/resolve.js';
import { channelDeliveries, type ChannelDeliveries, type Delivery } from './deliveries.js';

export type { Delivery } from './deliveries.js';
import { eventGroups } from '../volume/groups.js';

/**
 * The JSON report: everything a run found and did, versioned so that scripts
 * reading it can rely on its shape. The README documents every field; a new
 * field is a minor change, a renamed or removed one bumps schemaVersion.
 */
export const REPORT_SCHEMA_VERSION = 1;

type RunStatus = 'clean' | 'found' | 'failed';

export interface RunInfo {
  readonly url?: string;
  readonly repository?: string;
  readonly runId?: string;
  readonly workflow?: string;
}

/** How this run decided what is new (the `since` cut) and whether it alerted. */
export interface AlertingSummary {
  readonly since: 'auto' | 'window' | 'instant' | 'tag-manager';
  /** Events at or before this instant were already reported; absent when every event counts as new. */
  readonly cut?: string;
  /** Where the cut came from, in words ("the previous successful run", "the 'since' input", …), or why there is none. */
  readonly cutSource: string;
  readonly notify: 'changes' | 'always';
  readonly newEvents: number;
  /** Of `newEvents`, those in silenced groups: they are reported, but neither alert nor fail the run. */
  readonly silencedNewEvents: number;
  readonly alreadyReported: number;
  readonly alertingGroups: number;
  readonly silencedGroups: number;
  /** Whether this run notified (Slack) about events. */
  readonly alert: boolean;
}

export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly generatedAt: string;
  readonly status: RunStatus;
  readonly run: RunInfo;
  readonly instanceUrl: string;
  readonly window: ScanWindow;
  readonly eventTypes: readonly { readonly id: number; readonly label: string }[];
  readonly settings: {
    readonly redact: boolean;
    /** False only with fetch-logs none (kept for scripts that read it as a switch); `fetchLogsMode` says which. */
    readonly fetchLogs: boolean;
    readonly fetchLogsMode: FetchLogs;
    readonly maxSessions: number;
    readonly pageUrl?: string;
    /** Which sites the run covered: all or a list, and its shard (src/sites/resolve.ts). */
    readonly sites?: PortfolioSettings;
  };
  readonly totals: {
    readonly events: number;
    readonly sessions: number;
    readonly groups: number;
    readonly sites: number;
    readonly sitesFailed: number;
  };
  readonly sites: readonly SiteResult[];
  readonly groups: readonly Group[];
  /** Every matched event, read from disk when the report is written (src/report/write.ts streams them). */
  readonly events: EventLines;
  /** With fetch-logs all: where every raw request was written (the `raw-requests-path` output). */
  readonly rawRequestsPath?: string;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  readonly alerting?: AlertingSummary;
  /** Every channel (src/report/deliveries.ts), GitHub issues, and `annotations` only when the `annotate` input is on. */
  readonly deliveries: ChannelDeliveries & { readonly github: Delivery; readonly annotations?: Delivery };
  /** Present when the run watched (watch-minutes above 0): how long, how many polls, and how it ended. */
  readonly watch?: WatchSummary;
}

export const TOOL_NAME = 'piwik-pro-broken-event-checker';

export interface ReportInput {
  readonly scan: ScanResult;
  readonly instanceUrl: string;
  readonly settings: Report['settings'];
  readonly run: RunInfo;
  readonly version: string;
  readonly generatedAt: Date;
  readonly errors?: readonly string[];
  readonly alerting?: AlertingSummary;
  readonly deliveries?: Partial<Report['deliveries']>;
  readonly watch?: WatchSummary;
}

export function buildReport(input: ReportInput): Report {
  const { scan } = input;
  const errors = runErrors(scan.sites, input.errors ?? []);
  const events = scan.sites.reduce((n, s) => n + s.eventCount, 0);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: input.version },
    generatedAt: input.generatedAt.toISOString(),
    status: runStatus(scan, errors),
    run: input.run,
    instanceUrl: input.instanceUrl,
    window: scan.window,
    eventTypes: scan.eventTypes.map((id) => ({ id, label: eventTypeLabel(id) })),
    settings: input.settings,
    totals: {
      events,
      sessions: scan.sites.reduce((n, s) => n + s.matchedSessions, 0),
      // Error groups: SILENT and DROP (src/volume/) have no events, and are counted where they are named.
      groups: eventGroups(scan.groups).length,
      sites: scan.sites.length,
      sitesFailed: scan.sites.filter((s) => s.error).length,
    },
    sites: scan.sites,
    groups: scan.groups,
    events: scan.events,
    rawRequestsPath: scan.rawRequestsPath,
    warnings: scan.warnings,
    errors,
    alerting: input.alerting,
    deliveries: {
      ...channelDeliveries(input.deliveries),
      github: input.deliveries?.github ?? { status: 'not-configured' },
      ...(input.deliveries?.annotations ? { annotations: input.deliveries.annotations } : {}),
    },
    ...(input.watch ? { watch: input.watch } : {}),
  };
}

/**
 * Each failure once, naming its sites: "Could not check site ACME Shop
 * (3f6c…-…): no access (HTTP 404). …". A reason the whole run had (bad
 * credentials) is said once as it is, not again for every site.
 */
export function runErrors(sites: readonly SiteResult[], runWide: readonly string[]): string[] {
  const bySite = new Map<string, SiteResult[]>();
  for (const site of sites) {
    if (!site.error || runWide.includes(site.error)) continue;
    bySite.set(site.error, [...(bySite.get(site.error) ?? []), site]);
  }
  const lines = [...bySite.entries()].map(([reason, failed]) => {
    const shown = failed.slice(0, 5).map((s) => siteLabel(s, { exact: true }));
    const more = failed.length > shown.length ? ` and ${failed.length - shown.length} more` : '';
    return `Could not check ${failed.length === 1 ? 'site' : 'sites'} ${shown.join(', ')}${more}: ${reason}`;
  });
  return [...new Set([...runWide, ...lines])];
}

/** A scan that could not look at every site is `failed` even when it found events elsewhere: a blind spot must be loud. */
function runStatus(scan: ScanResult, errors: readonly string[]): RunStatus {
  if (errors.length > 0 || scan.sites.some((s) => s.error)) return 'failed';
  return scan.events.count > 0 || scan.groups.some((g) => g.volume) ? 'found' : 'clean';
}
