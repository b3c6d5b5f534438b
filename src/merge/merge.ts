import { eventLinesOf } from '../events/store.js';
import { runErrors, REPORT_SCHEMA_VERSION, type Delivery, type Report, type RunInfo } from '../report/report.js';
import type { AlertingSummary } from '../report/report.js';
import { combined } from '../routing/deliver.js';
import { channelDeliveries } from '../report/deliveries.js';
import type { Group, ReportedEvent, SiteResult } from '../types.js';

/**
 * Shards' reports made one (`--merge-reports`): every site once, every group
 * and event of those sites, the errors and warnings of all, the totals and
 * the alerting summary counted again. Nothing is asked of Piwik PRO: the
 * shards did the scanning, their issues are theirs. A site in two reports is
 * kept once and said; a shard missing from a set of K/N shards is a failure,
 * since its sites were not checked.
 */

/** A shard's report as read from its file: the report's fields, events as plain lines. */
export type StoredReport = Omit<Report, 'events'> & { readonly events: readonly ReportedEvent[] };

export interface MergeInput {
  /** Where it came from, for messages: the file's path. */
  readonly source: string;
  readonly report: StoredReport;
}

export function mergeReports(inputs: readonly MergeInput[], run: RunInfo, now: Date): Report {
  const first = inputs.at(0);
  if (!first) throw new Error('Nothing to merge: no report was given.');
  const sites: SiteResult[] = [];
  const owner = new Map<string, string>();
  const warnings: string[] = [];
  for (const { source, report } of inputs) {
    for (const site of report.sites) {
      const earlier = owner.get(site.siteId);
      if (earlier !== undefined) {
        warnings.push(`Site ${site.siteId} is in two reports (${earlier} and ${source}): counted once, as ${earlier} has it.`);
        continue;
      }
      owner.set(site.siteId, source);
      sites.push(site);
    }
  }
  const kept = (source: string, siteId: string) => owner.get(siteId) === source;
  const groups = inputs.flatMap(({ source, report }) => report.groups.filter((g) => kept(source, g.siteId)));
  const events = inputs.flatMap(({ source, report }) => report.events.filter((e) => kept(source, e.siteId)));
  // A shard's run-wide errors (a refused login) stay as they are; its per-site lines are said again for the merged sites.
  const runWide = unique(
    inputs.flatMap(({ report }) => {
      const perSite = new Set(runErrors(report.sites, []));
      return report.errors.filter((e) => !perSite.has(e));
    }),
  );
  const errors = runErrors(sites, [...runWide, ...missingShards(inputs)]);
  const eventCount = events.length;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: first.report.tool,
    generatedAt: now.toISOString(),
    status: errors.length > 0 || sites.some((s) => s.error) ? 'failed' : eventCount > 0 ? 'found' : 'clean',
    run,
    instanceUrl: first.report.instanceUrl,
    window: {
      minutes: Math.max(...inputs.map((i) => i.report.window.minutes)),
      from: earliest(inputs.map((i) => i.report.window.from)),
      to: latest(inputs.map((i) => i.report.window.to)),
    },
    eventTypes: uniqueBy(
      inputs.flatMap((i) => i.report.eventTypes),
      (t) => t.id,
    ),
    settings: { ...first.report.settings, sites: mergedSites(inputs, sites.length) },
    totals: {
      events: eventCount,
      sessions: sites.reduce((n, s) => n + s.matchedSessions, 0),
      groups: groups.length,
      sites: sites.length,
      sitesFailed: sites.filter((s) => s.error).length,
    },
    sites,
    groups: [...groups].sort((a, b) => b.count - a.count || (a.fingerprint < b.fingerprint ? -1 : 1)),
    events: eventLinesOf(events),
    warnings: unique([...inputs.flatMap((i) => i.report.warnings), ...warnings]),
    errors,
    ...alertingOf(inputs, groups, eventCount),
    deliveries: { ...channelDeliveries(), github: githubOf(inputs) },
  };
}

/** Shards K/N with one N: each K from 1 to N must be there, or its sites went unchecked. */
function missingShards(inputs: readonly MergeInput[]): string[] {
  const shards = inputs.map((i) => i.report.settings.sites?.shard).filter((s): s is string => s !== undefined);
  if (shards.length === 0) return [];
  const counts = new Set(shards.map((s) => s.split('/')[1]));
  if (counts.size > 1)
    return [`The reports come from different shardings (${[...counts].map((n) => `of ${n}`).join(', ')}): merge the shards of one run.`];
  const count = Number([...counts][0]);
  const have = new Set(shards.map((s) => Number(s.split('/')[0])));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !have.has(k));
  if (missing.length === 0) return [];
  return [
    `The report of ${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((k) => `${k}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${missing.length === 1 ? 'its' : 'their'} sites were not checked, or their job failed before writing a report.`,
  ];
}

function mergedSites(inputs: readonly MergeInput[], siteCount: number): Report['settings']['sites'] {
  const all = inputs.every((i) => i.report.settings.sites?.selection === 'all');
  return { selection: all ? 'all' : 'list', sitesBeforeShard: siteCount };
}

function alertingOf(inputs: readonly MergeInput[], groups: readonly Group[], events: number): { alerting?: AlertingSummary } {
  const summaries = inputs.flatMap((i) => (i.report.alerting ? [i.report.alerting] : []));
  const first = summaries.at(0);
  if (!first) return {};
  const newEvents = groups.reduce((n, g) => n + (g.newCount ?? 0), 0);
  const cuts = summaries.flatMap((s) => (s.cut ? [s.cut] : []));
  return {
    alerting: {
      ...first,
      ...(cuts.length === summaries.length ? { cut: earliest(cuts) } : { cut: undefined }),
      newEvents,
      silencedNewEvents: groups.reduce((n, g) => n + (g.silenced ? (g.newCount ?? 0) : 0), 0),
      alreadyReported: events - newEvents,
      alertingGroups: groups.filter((g) => g.alert).length,
      silencedGroups: groups.filter((g) => g.silenced).length,
      alert: summaries.some((s) => s.alert) && groups.some((g) => g.alert),
    },
  };
}

/** What the shards did to GitHub issues, as one delivery: each shard tracked its own groups. */
function githubOf(inputs: readonly MergeInput[]): Delivery {
  const parts = inputs
    .filter((i) => i.report.deliveries.github.status !== 'not-configured')
    .map((i) => ({ label: i.source, delivery: i.report.deliveries.github }));
  if (parts.length === 0) return { status: 'not-configured' };
  const urls = parts.flatMap((p) => p.delivery.urls ?? []);
  return { ...combined(parts), ...(urls.length > 0 ? { urls } : {}) };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}

const earliest = (times: readonly string[]): string => times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
const latest = (times: readonly string[]): string => times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
