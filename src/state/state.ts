import type { GroupKnowledge } from '../alerting/classify.js';
import { reportedUntil, siteCutOf } from '../alerting/watermark.js';
import type { Report } from '../report/report.js';
import { volumeSettled } from '../volume/groups.js';

/**
 * What a run remembers for the next one when there is no workflow history to
 * ask (the CLI under cron, or a runner that keeps its workspace): per site the
 * end of its last successful scan, per fingerprint the last reported count and
 * time. Ids, counts and times only: no secret and no personal data is ever in it.
 */
export const STATE_VERSION = 1;

/** Resolved groups are forgotten after this long, so the file stays small. */
const FORGET_AFTER_MS = 30 * 24 * 60 * 60_000;

export interface RunState {
  readonly version: typeof STATE_VERSION;
  /** Per site id: the end (ISO) of its last successful scan. */
  readonly sites: Readonly<Record<string, { readonly lastScan: string }>>;
  /** Per fingerprint: what was last reported of the group. */
  readonly groups: Readonly<Record<string, RememberedGroup>>;
}

export interface RememberedGroup {
  readonly siteId: string;
  readonly lastCount: number;
  /** Events up to this instant (ISO) were reported. */
  readonly lastReportedAt: string;
  /** Set when a complete scan of its site no longer found it: back with new events, it is REGRESSED. */
  readonly resolvedAt?: string;
}

export const EMPTY_STATE: RunState = { version: STATE_VERSION, sites: {}, groups: {} };

/** The per-site cuts and per-group knowledge that classification reads from a state. */
export function stateKnowledge(state: RunState): { siteCuts: Map<string, string>; groups: Map<string, GroupKnowledge> } {
  const siteCuts = new Map(Object.entries(state.sites).map(([siteId, site]) => [siteId, siteCutOf(site.lastScan)]));
  const groups = new Map<string, GroupKnowledge>();
  for (const [fingerprint, group] of Object.entries(state.groups)) {
    groups.set(fingerprint, { open: group.resolvedAt === undefined, lastCount: group.lastCount, lastReportedAt: group.lastReportedAt });
  }
  return { siteCuts, groups };
}

/**
 * The state after a successful run: every site scanned without error gets the end of this window,
 * every group found is remembered with its count, and groups of a completely scanned site that
 * this scan no longer found are marked resolved (and forgotten a month later).
 */
export function nextState(previous: RunState, report: Pick<Report, 'window' | 'sites' | 'groups'>): RunState {
  const to = report.window.to;
  const sites: Record<string, { lastScan: string }> = { ...previous.sites };
  // The later scan wins: a concurrent run that scanned the site after this one keeps its cut.
  for (const site of report.sites) {
    const known = Object.hasOwn(sites, site.siteId) ? Date.parse(sites[site.siteId].lastScan) : NaN;
    if (site.error === undefined && !(known > Date.parse(to))) sites[site.siteId] = { lastScan: to };
  }
  const complete = new Set(report.sites.filter((s) => s.complete).map((s) => s.siteId));
  const found = new Set(report.groups.map((g) => g.fingerprint));
  const groups: Record<string, RememberedGroup> = {};
  for (const [fingerprint, group] of Object.entries(previous.groups)) {
    if (found.has(fingerprint)) continue;
    // A silence or a drop is gone when the site's volume was checked, whatever the scan of its events (src/volume/).
    const settled = volumeSettled(report.sites, group.siteId, fingerprint) ?? complete.has(group.siteId);
    if (!settled || group.resolvedAt !== undefined) {
      if (group.resolvedAt === undefined || Date.parse(to) - Date.parse(group.resolvedAt) < FORGET_AFTER_MS) groups[fingerprint] = group;
      continue;
    }
    groups[fingerprint] = { ...group, resolvedAt: to };
  }
  for (const group of report.groups) {
    groups[group.fingerprint] = { siteId: group.siteId, lastCount: group.count, lastReportedAt: reportedUntil(to, group.lastSeen) };
  }
  return { version: STATE_VERSION, sites, groups };
}
