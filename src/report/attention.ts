import { BROKEN_EVENT } from '../piwik/event-types.js';
import { plural } from '../text/plural.js';
import { shorten } from '../text/shorten.js';
import type { Group } from '../types.js';
import type { Report } from './report.js';
import { siteLabel, siteOf } from '../text/site-label.js';

/**
 * What a person must act on, decided once for the renderers that lead with
 * it (Slack, the job summary, the action's log): which groups alert and why,
 * which are known and still happening, which are silenced, and the headline
 * that names the change before the totals; and the event noun every renderer,
 * the CLI's text included, uses. Plain text out; each renderer escapes it.
 */

/** Why a group alerts: NEW, back after its issue was closed, grown past escalate-factor, or new events with `notify: always`. */
export type Change = 'new' | 'back' | 'growing' | 'recurring' | 'found';

export function changeOf(group: Group, notify: 'changes' | 'always' | undefined): Change | undefined {
  if (group.silenced || group.alert === false) return undefined;
  if (group.state === 'new') return 'new';
  if (group.state === 'regressed') return 'back';
  if (group.state === 'ongoing') return notify === 'always' ? 'recurring' : 'growing';
  // No alerting information (a report built without classification): every group counts.
  return 'found';
}

export interface Attention {
  /** Groups that alert in this run, in the report's order (largest first). */
  readonly alerting: readonly Group[];
  /** Known groups that do not alert: one line each at most. */
  readonly stillHappening: readonly Group[];
  readonly silenced: readonly Group[];
}

export function attentionOf(report: Report): Attention {
  const notify = report.alerting?.notify;
  return {
    alerting: report.groups.filter((g) => changeOf(g, notify) !== undefined),
    stillHappening: report.groups.filter((g) => !g.silenced && changeOf(g, notify) === undefined),
    silenced: report.groups.filter((g) => g.silenced),
  };
}

/** Alerting groups first, then the known ones, then the silenced: the order people read and act in. */
export function byAttention(report: Report): Group[] {
  const a = attentionOf(report);
  return [...a.alerting, ...a.stillHappening, ...a.silenced];
}

/**
 * Known groups that do not alert, in two lists: those with new events (still happening), and those without (known,
 * with no new events: not happening now, as far as this run knows). Each list's heading is a bold title and the rest,
 * worded here for every channel.
 */
export type KnownList = 'happening' | 'quiet';

const KNOWN_HEADINGS: Record<KnownList, { readonly title: string; readonly note: string }> = {
  happening: { title: 'Still happening', note: ' (known, no alert)' },
  quiet: { title: 'Known, no new events', note: '' },
};

export function knownLists(known: readonly Group[]): { readonly list: KnownList; readonly groups: readonly Group[] }[] {
  const lists = [
    { list: 'happening' as const, groups: known.filter((g) => g.newCount !== 0) },
    { list: 'quiet' as const, groups: known.filter((g) => g.newCount === 0) },
  ];
  return lists.filter((l) => l.groups.length > 0);
}

/** "Still happening" and " (known, no alert): 3 problems"; "Known, no new events" and ": 1 problem". */
export function knownHeading(list: KnownList, n: number): { readonly title: string; readonly rest: string } {
  const { title, note } = KNOWN_HEADINGS[list];
  return { title, rest: `${note}: ${n} ${plural(n, 'problem')}` };
}

/** "…and 2 more (5 events)": the groups of a known list past the shown ones; '' when there are none. */
export function knownMoreText(rest: readonly Group[]): string {
  if (rest.length === 0) return '';
  const events = rest.reduce((n, g) => n + g.count, 0);
  return `…and ${rest.length} more (${events} ${plural(events, 'event')})`;
}

const CHANGE_WORDS: Record<Change, (n: number) => string> = {
  new: (n) => `${n} new ${plural(n, 'problem')}`,
  back: (n) => `${n} ${plural(n, 'problem')} back`,
  growing: (n) => `${n} ${plural(n, 'problem')} growing`,
  recurring: (n) => `${n} ${plural(n, 'problem')} with new events`,
  found: (n) => `${n} ${plural(n, 'problem')}`,
};
const CHANGE_ORDER: readonly Change[] = ['new', 'back', 'growing', 'recurring', 'found'];

/** The lead of every headline, or undefined when nothing alerts: "1 new problem on ACME Shop", "2 new problems, 1 problem back on 2 sites". */
export function changeLead(report: Report): string | undefined {
  const notify = report.alerting?.notify;
  const alerting = attentionOf(report).alerting;
  if (alerting.length === 0) return undefined;
  const counts = CHANGE_ORDER.map((change) => [change, alerting.filter((g) => changeOf(g, notify) === change).length] as const);
  const words = counts.filter(([, n]) => n > 0).map(([change, n]) => CHANGE_WORDS[change](n));
  return `${words.join(', ')} ${where(report, alerting)}`;
}

/** "on ACME Shop" when the groups share a site, else "on 3 sites". */
function where(report: Report, groups: readonly Group[]): string {
  const ids = [...new Set(groups.map((g) => g.siteId))];
  const only = ids.length === 1 ? ids.at(0) : undefined;
  if (only !== undefined) return `on ${siteLabel(siteOf(report.sites, only))}`;
  return `on ${ids.length} sites`;
}

/** A group's name in a headline: its message, with the parameter the diagnosis blames when the message does not name it. */
export function problemName(group: Group, maxChars = 120): string {
  const message = shorten(collapseSpaces(group.message || group.normalizedMessage || '(no message)'), maxChars);
  const parameter = group.diagnosis?.findings.find((f) => f.severity === 'cause')?.parameter;
  return parameter && !message.includes(parameter) ? `${message} (${parameter})` : message;
}

/** "could not check 1 of 2 sites" when a site failed, "the check did not finish" for other errors, else undefined. */
export function failurePhrase(report: Report): string | undefined {
  if (report.status !== 'failed') return undefined;
  const { sitesFailed, sites } = report.totals;
  if (sitesFailed > 0) return `could not check ${sitesFailed} of ${sites} ${plural(sites, 'site')}`;
  return 'the check did not finish';
}

/** The window totals, said second: "10 broken events in 6 groups in the last 60 minutes". */
export function totalsLine(report: Report): string {
  const { events, groups } = report.totals;
  const minutes = report.window.minutes;
  return `${events} ${eventNoun(report, events)} in ${groups} ${plural(groups, 'group')} in the last ${minutes} ${plural(minutes, 'minute')}`;
}

export function eventNoun(report: Report, n: number): string {
  // Stryker disable next-line OptionalChaining: equivalent, the length test before it means [0] is always there.
  const broken = report.eventTypes.length === 1 && report.eventTypes[0]?.id === BROKEN_EVENT;
  return plural(n, broken ? 'broken event' : 'matching event');
}

/** Runs of white space (line breaks included) as one space: a message read inside a sentence. */
function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
