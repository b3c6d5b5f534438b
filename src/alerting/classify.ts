import type { AlertConfig, SilenceRule } from '../config.js';
import type { EventLines } from '../events/store.js';
import type { Group, GroupState } from '../types.js';

/**
 * Alert on change, not on every run: each group gets a state (NEW, ONGOING,
 * REGRESSED), the count of its events after the `since` cut, an optional
 * silence, and whether it should notify in this run. Pure: the cut and what
 * earlier runs left behind (tracked issues) come in as data.
 */
export interface PriorKnowledge {
  /** Events at or before this instant were reported by an earlier run. Undefined: every event is new. */
  readonly cut?: string;
  /** What issue tracking knows of a fingerprint: whether its issue is open, and the count it last reported. */
  readonly tracked?: ReadonlyMap<string, { readonly open: boolean; readonly lastCount?: number }>;
  /** Today as YYYY-MM-DD (UTC), for silences with an end date. */
  readonly today: string;
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
  const newCounts = countNewEvents(events, prior.cut);
  const { active, notices } = activeSilences(config.ignore, prior.today);
  const classified = groups.map((group) => {
    const newCount = newCounts.get(group.fingerprint) ?? 0;
    const tracked = prior.tracked?.get(group.fingerprint);
    const state = stateOf(group, newCount, prior.cut, tracked);
    const silence = active.find((rule) => silences(rule, group));
    return {
      ...group,
      state,
      newCount,
      silenced: silence ? { rule: silence.text, until: silence.until } : undefined,
      alert: !silence && newCount > 0 && wantsAlert(config, state, group.count, tracked?.lastCount),
    };
  });
  const newEvents = classified.filter((g) => !g.silenced).reduce((n, g) => n + g.newCount, 0);
  // Below min-events the run still reports everything, but nothing alerts.
  const belowThreshold = newEvents < config.minEvents;
  const groupsOut = belowThreshold ? classified.map((g) => ({ ...g, alert: false })) : classified;
  return { groups: groupsOut, notices, newEvents, alert: groupsOut.some((g) => g.alert) };
}

/** The one rule for "new": an event strictly after the cut (the API's times are whole seconds); the time as text or in ms. */
export function isAfterCut(serverTime: string | number, cut: string): boolean {
  return (typeof serverTime === 'number' ? serverTime : Date.parse(serverTime)) > Date.parse(cut);
}

function countNewEvents(events: Pick<EventLines, 'forEach'>, cut: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  events.forEach((fingerprint, atMs) => {
    if (cut !== undefined && !isAfterCut(atMs, cut)) return;
    counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  });
  return counts;
}

function stateOf(group: Group, newCount: number, cut: string | undefined, tracked: { open: boolean } | undefined): GroupState {
  if (tracked) return tracked.open || newCount === 0 ? 'ongoing' : 'regressed';
  const seenBefore = cut !== undefined && Date.parse(group.firstSeen) <= Date.parse(cut);
  return seenBefore ? 'ongoing' : 'new';
}

function wantsAlert(config: AlertConfig, state: GroupState, count: number, lastCount: number | undefined): boolean {
  if (config.notify === 'always' || state !== 'ongoing') return true;
  return lastCount !== undefined && lastCount > 0 && count >= lastCount * config.escalateFactor;
}

function activeSilences(rules: readonly SilenceRule[], today: string): { active: SilenceRule[]; notices: string[] } {
  const active: SilenceRule[] = [];
  const notices: string[] = [];
  for (const rule of rules) {
    if (rule.until !== undefined && rule.until < today)
      notices.push(`The ignore rule '${rule.text}' expired on ${rule.until}; it silences nothing any more.`);
    else active.push(rule);
  }
  return { active, notices };
}

function silences(rule: SilenceRule, group: Group): boolean {
  if (rule.fingerprint !== undefined) return rule.fingerprint === group.fingerprint;
  const needle = (rule.contains ?? '').toLowerCase();
  return needle !== '' && (group.message.toLowerCase().includes(needle) || group.normalizedMessage.toLowerCase().includes(needle));
}
