import { runErrors, type Report } from '../report/report.js';
import { siteLabel } from '../text/site-label.js';
import type { EventLines, Group, ReportedEvent, SiteResult } from '../types.js';
import { ruleForGroup, ruleForSite } from './match.js';
import { destinationFor } from './settings.js';
import type { Destination, DestinationKey, RouteRule, Routing } from '../config/routes.js';

/**
 * The report split per destination, before anything is rendered: each
 * destination gets a report holding only its problems (the groups its rules
 * take) and its sites (those it owns, for their failure notices and
 * all-clears, and those of its groups), with totals, errors, warnings and the
 * alerting summary recomputed for them. Any channel renders its part with
 * the renderers it has, none of which needs to know about routes.
 */
export interface RoutedReport {
  /** The destination's settings: the route's keys over the defaults (see settings.ts). */
  readonly destination: Destination;
  /** Who it is, in our words, for delivery details: "the defaults", "route 'Shop' (line 3)". Never a URL. */
  readonly label: string;
  readonly report: Report;
}

/**
 * `keys` are the keys that make a destination (Slack: the webhook URL and the
 * mention; every channel's, for all of them); one of them must be set for the
 * destination to have anywhere to send to. Without rules, the one destination is the
 * defaults and its report the whole one.
 */
export function reportsByDestination(
  report: Report,
  routing: Routing,
  defaults: Destination,
  keys: readonly DestinationKey[],
): RoutedReport[] {
  // A destination with none of the keys has nowhere to send to.
  const reachable = (destination: Destination) => keys.some((k) => destination[k] !== undefined);
  if (routing.rules.length === 0) return reachable(defaults) ? [{ destination: defaults, label: DEFAULTS, report }] : [];
  const buckets = new Map<string, Bucket>();
  const bucketOf = (rule: RouteRule | undefined): Bucket | undefined => {
    const destination = destinationFor(defaults, rule);
    if (!reachable(destination)) return undefined;
    const key = JSON.stringify(keys.map((k) => destination[k] ?? null));
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { destination, rules: new Set(), sites: new Set(), groups: [] }));
    bucket.rules.add(rule ? rule.label : DEFAULTS);
    return bucket;
  };
  for (const site of report.sites) bucketOf(ruleForSite(routing, site))?.sites.add(site.siteId);
  const sitesById = new Map(report.sites.map((s) => [s.siteId, s]));
  for (const group of report.groups) {
    const bucket = bucketOf(ruleForGroup(routing, group, sitesById.get(group.siteId)));
    if (!bucket) continue;
    bucket.groups.push(group);
    bucket.sites.add(group.siteId);
  }
  return [...buckets.values()]
    .filter((b) => b.sites.size > 0 || b.groups.length > 0)
    .map((b) => ({ destination: b.destination, label: labelOf(b.rules), report: narrowReport(report, b.sites, b.groups) }));
}

const DEFAULTS = 'the defaults';

interface Bucket {
  readonly destination: Destination;
  readonly rules: Set<string>;
  readonly sites: Set<string>;
  readonly groups: Group[];
}

function labelOf(rules: ReadonlySet<string>): string {
  const named = [...rules].map((r) => (r === DEFAULTS ? r : `route ${r}`));
  return named.join(' and ');
}

/** The report as one destination sees it: its sites and groups only, everything counted again for them. */
function narrowReport(report: Report, siteIds: ReadonlySet<string>, groups: readonly Group[]): Report {
  const sites = report.sites.filter((s) => siteIds.has(s.siteId));
  const perSite = new Set(runErrors(report.sites, []));
  const runWide = report.errors.filter((e) => !perSite.has(e));
  const errors = runErrors(sites, runWide);
  const fingerprints = new Set(groups.map((g) => g.fingerprint));
  const events = groups.reduce((n, g) => n + g.count, 0);
  const newEvents = groups.reduce((n, g) => n + (g.newCount ?? 0), 0);
  const alertingGroups = groups.filter((g) => g.alert).length;
  return {
    ...report,
    status: errors.length > 0 || sites.some((s) => s.error) ? 'failed' : events > 0 ? 'found' : 'clean',
    totals: {
      events,
      sessions: groups.reduce((n, g) => n + g.sessionCount, 0),
      groups: groups.length,
      sites: sites.length,
      sitesFailed: sites.filter((s) => s.error).length,
    },
    sites,
    groups,
    events: eventsOf(report.events, fingerprints),
    warnings: report.warnings.filter((w) => aboutSites(w, report.sites, siteIds)),
    errors,
    ...(report.alerting
      ? {
          alerting: {
            ...report.alerting,
            newEvents,
            silencedNewEvents: groups.reduce((n, g) => n + (g.silenced ? (g.newCount ?? 0) : 0), 0),
            alreadyReported: events - newEvents,
            alertingGroups,
            silencedGroups: groups.filter((g) => g.silenced).length,
            alert: report.alerting.alert && alertingGroups > 0,
          },
        }
      : {}),
  };
}

/** A warning that names a site ("Site ACME Shop: …") belongs to that site's destination; the others to every one. */
function aboutSites(warning: string, sites: readonly SiteResult[], own: ReadonlySet<string>): boolean {
  const named = sites.find((s) => warning.startsWith(`Site ${siteLabel(s)}:`));
  return named === undefined || own.has(named.siteId);
}

/** The events of the given groups only. */
function eventsOf(events: EventLines, fingerprints: ReadonlySet<string>): EventLines {
  let count = 0;
  events.forEach((fingerprint) => {
    if (fingerprints.has(fingerprint)) count += 1;
  });
  return {
    count,
    // Ids of the kept events only are not known without reading the lines back: none are claimed.
    firstIds: [],
    forEach: (visit) => {
      events.forEach((fingerprint, atMs) => {
        if (fingerprints.has(fingerprint)) visit(fingerprint, atMs);
      });
    },
    lines: async function* () {
      for await (const line of events.lines()) if (fingerprints.has((JSON.parse(line) as ReportedEvent).fingerprint)) yield line;
    },
  };
}
