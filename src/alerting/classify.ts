import type { AlertConfig, SilenceRule } from '../config.js';
import type { EventLines, Group, GroupState } from '../types.js';
import { classifyVolume } from './volume.js';

/**
 * Alert on change, not on every run: each group gets a state (NEW, ONGOING,
 * REGRESSED), the count of its events after its watermark, an optional
 * silence, and whether it should notify in this run. Pure: the cut and what
 * earlier runs left behind (tracked issues, the state file) come in as data.
 *
 * A group's watermark is the time its issue or the state file last reported
 * it, else its site's cut, else the run's cut (see watermarks below): an event
 * counts as new only when it is later, so a run that cannot read the Actions
 * API still does not report the same events twice.
 */
export interface PriorKnowledge {
  /** Events at or before this instant were reported by an earlier run. Undefined: every event is new. */
  readonly cut?: string;
  /** Per site: the end of its last successful scan (the state file), or its latest Tag Manager publish (`since: tag-manager`). */
  readonly siteCuts?: ReadonlyMap<string, string>;
  /** What earlier runs know of a fingerprint (its issue, or the state file). */
  readonly tracked?: ReadonlyMap<string, GroupKnowledge>;
  /** Today as YYYY-MM-DD (UTC), for silences with an end date. */
  readonly today: string;
  /** The run's start (ISO): a last report after it was edited or forged, and is ignored. */
  readonly now: string;
}

export interface GroupKnowledge {
  /** False when the problem was resolved (issue closed, or gone from a complete scan): it is back if it has new events. */
  readonly open: boolean;
  /** The group's count when it was last reported, for escalation. */
  readonly lastCount?: number;
  /** Events at or before this instant were already reported for this group. */
  readonly lastReportedAt?: string;
}

export interface Classification {
  readonly groups: Group[];
  /** Expired silences and the like: said once in the log. */
  readonly notices: string[];
  /** Events after the cut in groups that are not silenced. */
  readonly newEvents: number;
  /** Whether this run should notify at all (Slack). */
  readonly alert: boolean;
}

export function classifyGroups(
  groups: readonly Group[],
  events: Pick<EventLines, 'forEach'>,
  config: AlertConfig,
  prior: PriorKnowledge,
): Classification {
  const future = futureReports(groups, prior);
  const marks = watermarks(groups, future.tracked, prior, config.since.kind);
  const newCounts = countNewEvents(events, marks);
  const { active, notices } = activeSilences(config.ignore, prior.today);
  const classified = groups.map((group) => {
    const newCount = newCounts.get(group.fingerprint) ?? 0;
    const tracked = prior.tracked?.get(group.fingerprint);
    const silence = silenceOf(active, group);
    const silenced = silence ? { rule: silence.text, until: silence.until } : undefined;
    // A silence or a drop has no events to count: src/alerting/volume.ts.
    if (group.volume) return classifyVolume(group, tracked, config.notify, silenced);
    const state = stateOf(group, newCount, marks.get(group.fingerprint), tracked);
    return {
      ...group,
      state,
      newCount,
      silenced,
      alert: !silence && newCount > 0 && wantsAlert(config, state, group.count, tracked?.lastCount),
    };
  });
  const newEvents = classified.filter((g) => !g.silenced && !g.volume).reduce((n, g) => n + (g.newCount ?? 0), 0);
  // Below min-events the run still reports everything, but no event group alerts.
  const belowThreshold = newEvents < config.minEvents;
  const groupsOut = belowThreshold ? classified.map((g) => (g.volume ? g : { ...g, alert: false })) : classified;
  return { groups: groupsOut, notices: [...future.notices, ...notices], newEvents, alert: groupsOut.some((g) => g.alert) };
}

/**
 * A last report after the run's start cannot be one: an issue's hidden `last-report` edited to 9999 would
 * silence its group for ever. It is ignored (the group counts from the run's cut), with a notice.
 */
function futureReports(
  groups: readonly Group[],
  prior: PriorKnowledge,
): { tracked: ReadonlyMap<string, GroupKnowledge>; notices: string[] } {
  const now = Date.parse(prior.now);
  const tracked = new Map(prior.tracked);
  const notices: string[] = [];
  for (const group of groups) {
    const known = tracked.get(group.fingerprint);
    if (!known?.lastReportedAt || !(Date.parse(known.lastReportedAt) > now)) continue;
    const { lastReportedAt, ...rest } = known;
    tracked.set(group.fingerprint, rest);
    notices.push(
      `The last report recorded for group ${group.fingerprint} (on its issue or in the state file) is in the future (${lastReportedAt}); it was ignored, and the group's events count from the run's cut.`,
    );
  }
  return { tracked, notices };
}

/** The one rule for "new": an event strictly after the cut (the API's times are whole seconds); the time as text or in ms. */
export function isAfterCut(serverTime: string | number, cut: string | number): boolean {
  const at = typeof serverTime === 'number' ? serverTime : Date.parse(serverTime);
  return at > (typeof cut === 'number' ? cut : Date.parse(cut));
}

/**
 * Per fingerprint, the instant (ms) at or before which its events were already reported; absent: all are new.
 * Only `since: auto` looks at what earlier runs reported: `window` and an instant are the user's explicit word.
 * A group an earlier run reported has its own watermark, its newest reported event (src/alerting/watermark.ts),
 * which alone decides: a run's cut or a site's would hide the group's late events. A group never reported
 * before is new after its site's cut (the state file's last scan, or `tag-manager`'s latest publish), else
 * after the run's cut; src/alerting/cut.ts gives one or the other, never both.
 */
function watermarks(
  groups: readonly Group[],
  tracked: ReadonlyMap<string, GroupKnowledge>,
  prior: Pick<PriorKnowledge, 'cut' | 'siteCuts'>,
  since: AlertConfig['since']['kind'],
): Map<string, number> {
  const marks = new Map<string, number>();
  for (const group of groups) {
    const own = since === 'auto' ? tracked.get(group.fingerprint)?.lastReportedAt : undefined;
    // No cut, or one that is no time (NaN): every event of the group is new.
    const mark = new Date(own ?? prior.siteCuts?.get(group.siteId) ?? prior.cut ?? NaN).getTime();
    if (!Number.isNaN(mark)) marks.set(group.fingerprint, mark);
  }
  return marks;
}

function countNewEvents(events: Pick<EventLines, 'forEach'>, marks: ReadonlyMap<string, number>): Map<string, number> {
  const counts = new Map<string, number>();
  events.forEach((fingerprint, atMs) => {
    const mark = marks.get(fingerprint);
    if (mark !== undefined && !isAfterCut(atMs, mark)) return;
    counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  });
  return counts;
}

function stateOf(group: Group, newCount: number, mark: number | undefined, tracked: GroupKnowledge | undefined): GroupState {
  if (tracked) return tracked.open || newCount === 0 ? 'ongoing' : 'regressed';
  // No mark (NaN): never seen before.
  const seenBefore = Date.parse(group.firstSeen) <= (mark ?? NaN);
  return seenBefore ? 'ongoing' : 'new';
}

function wantsAlert(config: AlertConfig, state: GroupState, count: number, lastCount: number | undefined): boolean {
  if (config.notify === 'always' || state !== 'ongoing') return true;
  // Escalation needs a count to grow from: none known, or none at all, never escalates.
  const last = lastCount ?? 0;
  return last > 0 && count >= last * config.escalateFactor;
}

/**
 * The fingerprints the `ignore` rules silence today among these groups: what a watch leaves out when it decides
 * whether new events have come, as the gate after it does (fail-on-events counts no silenced group).
 */
export function silencedFingerprints(groups: readonly Group[], rules: readonly SilenceRule[], today: string): Set<string> {
  const { active } = activeSilences(rules, today);
  return new Set(groups.filter((group) => silenceOf(active, group)).map((group) => group.fingerprint));
}

function silenceOf(active: readonly SilenceRule[], group: Group): SilenceRule | undefined {
  return active.find((rule) => silences(rule, group));
}

function activeSilences(rules: readonly SilenceRule[], today: string): { active: SilenceRule[]; notices: string[] } {
  // A rule without an end never expires; one ending today still silences today.
  const expired = (rule: SilenceRule): boolean => (rule.until ?? today) < today;
  return {
    active: rules.filter((rule) => !expired(rule)),
    notices: rules.filter(expired).map((rule) => `The ignore rule '${rule.text}' expired on ${rule.until}; it silences nothing any more.`),
  };
}

/** A text rule matches the message as the API gave it or as normalised (what the digest shows), in any case; never empty (the parser refuses that). */
function silences(rule: SilenceRule, group: Group): boolean {
  if ('fingerprint' in rule) return rule.fingerprint === group.fingerprint;
  const needle = rule.contains.toLowerCase();
  return group.message.toLowerCase().includes(needle) || group.normalizedMessage.toLowerCase().includes(needle);
}
