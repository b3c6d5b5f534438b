import { fingerprint } from '../analysis/fingerprint.js';
import type { Group, ScanResult, SiteResult } from '../types.js';
import type { Judgement } from './judge.js';
import { VOLUME_LABELS, volumeMessage } from './text.js';
import type { VolumeKind, VolumeProblem } from './types.js';

/**
 * SILENT and DROP as groups, so that they flow through what error groups go
 * through: the states (NEW, ONGOING, resolved), the issue sync, the digest's
 * order, the annotations, the outputs. A volume group carries `volume` (the
 * problem) and a kind code where an error group has its event type; it has no
 * events (`count` 0), and its fingerprint is stable per site and kind.
 */

/** Codes in the event type's place (issue markers, fingerprints): outside the Debugger's 1–21. */
const VOLUME_TYPE_CODES: Readonly<Record<VolumeKind, number>> = { silent: 1001, drop: 1002 };

export function isVolumeTypeCode(code: number | undefined): boolean {
  return code === VOLUME_TYPE_CODES.silent || code === VOLUME_TYPE_CODES.drop;
}

export function volumeFingerprint(siteId: string, kind: VolumeKind): string {
  return fingerprint(siteId, VOLUME_TYPE_CODES[kind], `volume:${kind}`);
}

function volumeGroup(siteId: string, problem: VolumeProblem, at: string): Group {
  const firstSeen = problem.kind === 'silent' ? problem.quietSince : new Date(Date.parse(at) - problem.spanMinutes * 60_000).toISOString();
  return {
    fingerprint: volumeFingerprint(siteId, problem.kind),
    siteId,
    eventType: VOLUME_TYPE_CODES[problem.kind],
    eventTypeLabel: VOLUME_LABELS[problem.kind],
    message: volumeMessage(problem),
    normalizedMessage:
      problem.kind === 'silent'
        ? `no page view or event for ${problem.spanMinutes}+ minutes`
        : `page views far below last week's at the same time`,
    count: 0,
    sessionCount: 0,
    firstSeen,
    lastSeen: at,
    sampleUrls: [],
    sampleRequests: [],
    sampleContext: {},
    volume: problem,
  };
}

/**
 * The scan with the volume added: each checked site's verdict on it (`volume`), and the
 * SILENT and DROP groups first, where every renderer reads what to act on first.
 */
export function withVolume(scan: ScanResult, judgements: ReadonlyMap<string, Judgement>): ScanResult {
  if (judgements.size === 0) return scan;
  const sites: SiteResult[] = scan.sites.map((site) => {
    const judged = judgements.get(site.siteId);
    return judged ? { ...site, volume: judged.volume } : site;
  });
  const groups = [...judgements.entries()].flatMap(([siteId, { volume, problem }]) =>
    problem ? [volumeGroup(siteId, problem, volume.at)] : [],
  );
  return { ...scan, sites, groups: [...groups, ...scan.groups] };
}

/** Sites with a SILENT problem in this run, for the `silent-sites` output. */
export function silentSites(groups: readonly Group[]): string[] {
  return [...new Set(groups.filter((g) => g.volume?.kind === 'silent').map((g) => g.siteId))];
}

/** Event groups only: what the event counts and totals are about. */
export function eventGroups<G extends Pick<Group, 'volume'>>(groups: readonly G[]): G[] {
  return groups.filter((g) => !g.volume);
}

/**
 * For a fingerprint of a SILENT or DROP problem: whether this run's volume check of its site can
 * settle it (checked, not refused); undefined for any other fingerprint.
 */
export function volumeSettled(sites: readonly SiteResult[], siteId: string, fingerprintOf: string): boolean | undefined {
  const kinds: VolumeKind[] = ['silent', 'drop'];
  if (!kinds.some((kind) => volumeFingerprint(siteId, kind) === fingerprintOf)) return undefined;
  const status = sites.find((s) => s.siteId === siteId)?.volume?.status;
  return status !== undefined && status !== 'not-checked';
}

/** Whether this run's volume check of the issue's site proves the problem gone: checked, and not found. */
export function volumeIssueResolved(
  report: { readonly sites: readonly SiteResult[]; readonly groups: readonly Group[] },
  issue: { readonly siteId: string; readonly fingerprint: string },
): boolean {
  const site = report.sites.find((s) => s.siteId.toLowerCase() === issue.siteId.toLowerCase());
  const status = site?.volume?.status;
  if (status === undefined || status === 'not-checked') return false;
  return !report.groups.some((g) => g.fingerprint === issue.fingerprint);
}
