import { beganText, suspectLines } from '../tagmanager/wording.js';
import { offendingLines } from '../render/raw-request.js';
import { keyParameter, pagePath } from '../render/where.js';
import { attentionOf, changeOf, eventNoun, failurePhrase, totalsLine, type Change } from '../report/attention.js';
import type { Report } from '../report/report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { shortTime } from '../text/time.js';
import { headlineText } from '../slack/message.js';
import { plural } from '../text/plural.js';
import type { Group } from '../types.js';
import type { NoticeKind } from './channel.js';
import { ownUrl, plainText } from './text.js';

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
  /** The alerting groups shown in full (at most VIEW_LIMITS.groups, largest first, as in the Slack digest). */
  readonly alerting: readonly GroupView[];
  /** Alerting groups past those: counted, with a pointer to the run. */
  readonly alertingMore: { readonly groups: number; readonly events: number };
  readonly known: readonly KnownView[];
  /** Known groups past the shown ones. */
  readonly knownMore: { readonly groups: number; readonly events: number };
  readonly silenced: { readonly groups: number; readonly events: number };
  readonly runUrl?: string;
  readonly tool: string;
}

export interface GroupView {
  readonly change: Change;
  /** "NEW", "BACK", "GROWING", "AGAIN", "FOUND". */
  readonly badge: string;
  readonly emoji: string;
  readonly message: string;
  readonly count: number;
  /** "12 events (5 new) in 7 sessions". */
  readonly counts: string;
  readonly site: string;
  /** "2025-03-04 09:02:11 UTC". */
  readonly since: string;
  readonly cause?: string;
  readonly fix?: string;
  /** The offending parameters as sent: "e_v = twelve"; without any, the raw request's key line. */
  readonly sent: readonly string[];
  /** Where it happened: the page as a path (redacted like every sample). */
  readonly page?: string;
  readonly issue?: { readonly label: string; readonly url: string };
  readonly fingerprint: string;
}

interface KnownView {
  readonly message: string;
  readonly counts: string;
  readonly site: string;
}

const VIEW_LIMITS = {
  groups: 5,
  message: 300,
  site: 80,
  diagnosis: 400,
  sent: 200,
  line: 500,
  known: 5,
  knownMessage: 120,
  notices: 3,
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
  const known = attention.stillHappening;
  const shownKnown = known.slice(0, VIEW_LIMITS.known);
  const rest = known.slice(shownKnown.length);
  const silenced = attention.silenced;
  const shown = attention.alerting.slice(0, VIEW_LIMITS.groups);
  const hidden = attention.alerting.slice(shown.length);
  const base = {
    kind,
    alerting: [] as GroupView[],
    alertingMore: { groups: 0, events: 0 },
    known: [] as KnownView[],
    knownMore: { groups: 0, events: 0 },
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
    alerting: shown.map((g) => groupView(g, report)),
    alertingMore: { groups: hidden.length, events: hidden.reduce((n, g) => n + g.count, 0) },
    known: shownKnown.map((g) => ({
      message: plainText(g.message || '(no message)', VIEW_LIMITS.knownMessage),
      counts: knownCounts(g),
      site: siteText(g, report),
    })),
    knownMore: { groups: rest.length, events: rest.reduce((n, g) => n + g.count, 0) },
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
  ];
}

function groupView(group: Group, report: Report): GroupView {
  const change = changeOf(group, report.alerting?.notify) ?? 'found';
  const [badge, emoji] = BADGES[change];
  const top = group.diagnosis?.findings.find((f) => f.severity === 'cause');
  const issueUrl = ownUrl(group.issue?.url);
  return {
    change,
    badge,
    emoji,
    message: plainText(group.message || '(no message)', VIEW_LIMITS.message),
    count: group.count,
    counts: `${group.count} ${plural(group.count, 'event')}${newCount(group)} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    site: siteText(group, report),
    since: `${shortTime(group.firstSeen)} UTC`,
    ...causeOf(group),
    ...(top ? { fix: plainText(capitalise(top.hint), VIEW_LIMITS.diagnosis) } : {}),
    sent: sentLines(group),
    ...pageOf(group),
    ...(group.issue && issueUrl
      ? { issue: { label: group.issue.number > 0 ? `Issue #${group.issue.number}` : 'New issue', url: issueUrl } }
      : {}),
    fingerprint: group.fingerprint,
  };
}

/**
 * The likely cause: a Tag Manager publish blamed with its evidence (the changed resource that sends the parameter
 * first, then when it began after which version), then the diagnosis's own summary.
 */
function causeOf(group: Group): { cause?: string } {
  const publish = group.publish
    ? [
        ...suspectLines(group.publish)
          .slice(0, 1)
          .map((l) => `${capitalise(l)}.`),
        beganText(group.publish),
      ]
    : [];
  const parts = [...publish, ...(group.diagnosis?.summary ? [group.diagnosis.summary] : [])];
  return parts.length === 0 ? {} : { cause: plainText(parts.join(' '), VIEW_LIMITS.diagnosis + (publish.length > 0 ? 420 : 0)) };
}

function pageOf(group: Group): { page?: string } {
  const path = pagePath(group);
  return path === undefined ? {} : { page: plainText(path, VIEW_LIMITS.sent) };
}

function sentLines(group: Group): string[] {
  const blamed = (group.diagnosis?.findings ?? []).filter((f) => f.severity === 'cause').map((f) => f.parameter);
  const key = blamed.length === 0 ? keyParameter(group) : undefined;
  const sample = key?.request ?? group.sampleRequests.at(0);
  const parameters = key ? [key.parameter] : blamed;
  if (!sample || parameters.length === 0) return [];
  return offendingLines(sample, parameters.slice(0, 2), 120).lines.map((l) => plainText(l, VIEW_LIMITS.sent));
}

function knownCounts(group: Group): string {
  return `${group.count} ${plural(group.count, 'event')}${group.newCount === 0 ? ', known, no new events' : newCount(group)}`;
}

function newCount(group: Group): string {
  return group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
}

function siteText(group: Group, report: Report): string {
  return plainText(siteLabel(siteOf(report.sites, group.siteId)), VIEW_LIMITS.site);
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
    ],
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
