import {
  attentionOf,
  changeOf,
  eventNoun,
  failurePhrase,
  knownHeading,
  knownLists,
  knownMoreText,
  totalsLine,
  type Change,
} from '../report/attention.js';
import type { Report } from '../report/report.js';
import { siteLabel } from '../text/site-label.js';
import { headlineText } from '../slack/message.js';
import { plural } from '../text/plural.js';
import { afterPublishLines } from '../tagmanager/wording.js';
import type { Group } from '../types.js';
import { volumeAllClearText } from '../volume/text.js';
import type { NoticeKind } from './channel.js';
import { ownUrl, plainText } from './text.js';
import { groupView, newCount, siteText, type GroupView } from './group-view.js';
import { volumeHeadlineText, volumeView, type VolumeView } from './volume-view.js';

export type { GroupView } from './group-view.js';
export type { VolumeView } from './volume-view.js';

/**
 * What a notice says, once, for the channels that are not Slack (Teams,
 * e-mail, the webhook's summary): plain text, every untrusted part already
 * one line, cleaned and cut; each renderer makes it inert for its medium
 * (escaped HTML, Adaptive Card text runs) and decides how much fits.
 */
export interface NoticeView {
  readonly kind: NoticeKind;
  /** With its emoji: "🆕 1 new problem on Example Store: Invalid custom event value (e_v)". */
  readonly headline: string;
  /** An e-mail subject: "[Piwik PRO] 2 new problems on Example Store". */
  readonly subject: string;
  /** The lines under the headline: totals, failures, the first warning. */
  readonly lines: readonly string[];
  /**
   * The alerting groups shown in full (at most VIEW_LIMITS.groups, in the report's order as in the Slack digest:
   * SILENT and DROP first, then the largest), each an event group or a volume group.
   */
  readonly alerting: readonly AlertView[];
  /** Alerting groups past those: counted, with a pointer to the run. */
  readonly alertingMore: { readonly groups: number; readonly events: number };
  /** Known groups that do not alert: those still happening, then those with no new events, each list under its heading. */
  readonly known: readonly KnownListView[];
  readonly silenced: { readonly groups: number; readonly events: number };
  readonly runUrl?: string;
  readonly tool: string;
}

export type AlertView = GroupView | VolumeView;

/** One line of a known list: an event group's message, counts and site, or a volume group's headline. */
export type KnownView =
  | { readonly kind: 'events'; readonly message: string; readonly counts: string; readonly site: string }
  | { readonly kind: 'volume'; readonly headline: string };

export interface KnownListView {
  /** Bold where the medium can: "Still happening". */
  readonly title: string;
  /** " (known, no alert): 3 problems". */
  readonly rest: string;
  readonly items: readonly KnownView[];
  /** The list's groups past the shown ones: "…and 2 more (5 events)", or ''. */
  readonly more: string;
}

const VIEW_LIMITS = {
  groups: 5,
  line: 500,
  known: 5,
  knownMessage: 120,
  notices: 3,
  /** A volume line of the all-clear: five site names and the reason, each cut already. */
  allClearLine: 1_000,
} as const;

const BADGES: Record<Change, readonly [string, string]> = {
  new: ['NEW', '🆕'],
  back: ['BACK', '🔴'],
  growing: ['GROWING', '📈'],
  recurring: ['AGAIN', '🔁'],
  found: ['FOUND', '⚠️'],
};

export function noticeView(kind: NoticeKind, report: Report): NoticeView {
  const attention = attentionOf(report);
  const silenced = attention.silenced;
  const shown = attention.alerting.slice(0, VIEW_LIMITS.groups);
  const hidden = attention.alerting.slice(shown.length);
  const base = {
    kind,
    alerting: [] as AlertView[],
    alertingMore: { groups: 0, events: 0 },
    known: [] as KnownListView[],
    silenced: { groups: 0, events: 0 },
    runUrl: ownUrl(report.run.url),
    tool: plainText(`${report.tool.name} ${report.tool.version}`, 100),
  };
  if (kind === 'failure') return { ...base, ...failureText(report) };
  if (kind === 'all-clear') return { ...base, ...allClearText(report) };
  return {
    ...base,
    headline: plainText(headlineText(report), VIEW_LIMITS.line),
    subject: subjectOf(report),
    lines: introLines(report),
    alerting: shown.map((g) => alertView(g, report)),
    alertingMore: { groups: hidden.length, events: hidden.reduce((n, g) => n + g.count, 0) },
    known: knownLists(attention.stillHappening).map(({ list, groups }) => {
      const shownKnown = groups.slice(0, VIEW_LIMITS.known);
      return {
        ...knownHeading(list, groups.length),
        items: shownKnown.map((g) => knownView(g, report)),
        more: knownMoreText(groups.slice(shownKnown.length)),
      };
    }),
    silenced: { groups: silenced.length, events: silenced.reduce((n, g) => n + g.count, 0) },
  };
}

function subjectOf(report: Report): string {
  const alerting = attentionOf(report).alerting;
  const lead =
    alerting.length > 0
      ? headlineText(report)
          .replace(/^\S+\s/, '')
          .replace(/:.*$/s, '')
      : totalsLine(report);
  return plainText(`[Piwik PRO] ${lead}`, 200);
}

function introLines(report: Report): string[] {
  const first = report.warnings.at(0);
  const more = report.warnings.length - 1;
  return [
    `${totalsLine(report)} on ${report.totals.sites} ${plural(report.totals.sites, 'site')}.`,
    ...report.errors.slice(0, VIEW_LIMITS.notices).map((e) => `❌ ${plainText(e, VIEW_LIMITS.line)}`),
    ...(first !== undefined ? [`⚠️ ${plainText(first, VIEW_LIMITS.line)}${more > 0 ? ` (+${more} more in the run summary)` : ''}`] : []),
    ...publishLines(report),
  ];
}

/** As the Slack digest's intro and all-clear: the confirmation after a Tag Manager publish, per site that has one. */
function publishLines(report: Report): string[] {
  return afterPublishLines(report.sites, (n) => eventNoun(report, n)).map((line) => plainText(line, VIEW_LIMITS.line));
}

function alertView(group: Group, report: Report): AlertView {
  const change = changeOf(group, report.alerting?.notify) ?? 'found';
  const [badge, emoji] = BADGES[change];
  if (group.volume) return volumeView(group, group.volume, report, { change, badge, emoji });
  return groupView(group, report, { change, badge, emoji });
}

/** As the Slack digest's line: a volume group by its headline; an event group's count with the new ones, when it has some. */
function knownView(group: Group, report: Report): KnownView {
  if (group.volume) return { kind: 'volume', headline: volumeHeadlineText(group, group.volume, report) };
  return {
    kind: 'events',
    message: plainText(group.message || '(no message)', VIEW_LIMITS.knownMessage),
    counts: `${group.count} ${plural(group.count, 'event')}${group.newCount === 0 ? '' : newCount(group)}`,
    site: siteText(group, report),
  };
}

function windowText(report: Report): string {
  return `${report.window.minutes} ${plural(report.window.minutes, 'minute')}`;
}

function failureText(report: Report): Pick<NoticeView, 'headline' | 'subject' | 'lines'> {
  const phrase = failurePhrase(report) ?? 'the check did not finish';
  const { totals } = report;
  const found =
    totals.events > 0
      ? [
          `Where it could look, it found ${totals.events} ${eventNoun(report, totals.events)} in ${totals.groups} ${plural(totals.groups, 'group')}: see the run.`,
        ]
      : [];
  const errors = report.errors.slice(0, 8).map((e) => `❌ ${plainText(e, VIEW_LIMITS.line)}`);
  const more = report.errors.length - errors.length;
  return {
    headline: `❌ Piwik PRO ${phrase}`,
    subject: `[Piwik PRO] The monitor ${phrase}`,
    lines: [
      `The monitor ${phrase} in the last ${windowText(report)}.`,
      ...found,
      ...(errors.length > 0 ? errors : ['No reason was recorded: see the run.']),
      ...(more > 0 ? [`…and ${more} more: see the run.`] : []),
    ],
  };
}

function allClearText(report: Report): Pick<NoticeView, 'headline' | 'subject' | 'lines'> {
  const { totals } = report;
  const sites = report.sites.slice(0, 5).map((s) => plainText(siteLabel(s), 60));
  const moreSites = report.sites.length - sites.length;
  const incomplete = report.sites.filter((s) => !s.complete && !s.error);
  const where = `${totals.sites} ${plural(totals.sites, 'site')}`;
  return {
    headline: `✅ Piwik PRO: no ${eventNoun(report, 2)}`,
    subject: `[Piwik PRO] No ${eventNoun(report, 2)} on ${where}`,
    lines: [
      `No ${eventNoun(report, 2)} on ${where} (${sites.join(', ')}${moreSites > 0 ? ` +${moreSites} more` : ''}) in the last ${windowText(report)}.`,
      ...(incomplete.length > 0
        ? [
            `⚠️ ${incomplete.length} of them ${incomplete.length === 1 ? 'was' : 'were'} not scanned completely: finding nothing there proves less.`,
          ]
        : []),
      ...publishLines(report),
      ...volumeAllClearText(report.sites).map((line) => plainText(line, VIEW_LIMITS.allClearLine)),
    ],
  };
}
