import { offendingLines } from '../render/raw-request.js';
import { keyParameter, pagePath } from '../render/where.js';
import type { Change } from '../report/attention.js';
import type { Report } from '../report/report.js';
import { beganText, suspectLines } from '../tagmanager/wording.js';
import { plural } from '../text/plural.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { shortTime } from '../text/time.js';
import type { Group } from '../types.js';
import { ownUrl, plainText } from './text.js';

/**
 * An alerting group of broken (or matching) events in the channels that are
 * not Slack, as the Slack digest shows it: badge, message, counts, site,
 * since, the likely cause and its fix, the page, the offending parameters as
 * sent, the issue. Plain text, cleaned and cut; each renderer makes it inert.
 */
export interface GroupView {
  readonly kind: 'events';
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

/** Why a group alerts, as a badge: "NEW" with "🆕". */
export interface Badge {
  readonly change: Change;
  readonly badge: string;
  readonly emoji: string;
}

const LIMITS = { message: 300, site: 80, diagnosis: 400, publish: 420, sent: 200 } as const;

export function groupView(group: Group, report: Report, badge: Badge): GroupView {
  const top = group.diagnosis?.findings.find((f) => f.severity === 'cause');
  return {
    kind: 'events',
    ...badge,
    message: plainText(group.message || '(no message)', LIMITS.message),
    count: group.count,
    counts: `${group.count} ${plural(group.count, 'event')}${newCount(group)} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    site: siteText(group, report),
    since: `${shortTime(group.firstSeen)} UTC`,
    ...causeOf(group),
    ...(top ? { fix: plainText(capitalise(top.hint), LIMITS.diagnosis) } : {}),
    sent: sentLines(group),
    ...pageOf(group),
    ...issueOf(group),
    fingerprint: group.fingerprint,
  };
}

/** The group's issue as our own link: "Issue #12", or "New issue" in a dry run. */
export function issueOf(group: Group): { issue?: { label: string; url: string } } {
  const url = ownUrl(group.issue?.url);
  if (!group.issue || !url) return {};
  return { issue: { label: group.issue.number > 0 ? `Issue #${group.issue.number}` : 'New issue', url } };
}

/** " (5 new)" when only some of the group's events are new. */
export function newCount(group: Group): string {
  return group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
}

export function siteText(group: Group, report: Report): string {
  return plainText(siteLabel(siteOf(report.sites, group.siteId)), LIMITS.site);
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
  return parts.length === 0 ? {} : { cause: plainText(parts.join(' '), LIMITS.diagnosis + (publish.length > 0 ? LIMITS.publish : 0)) };
}

function pageOf(group: Group): { page?: string } {
  const path = pagePath(group);
  return path === undefined ? {} : { page: plainText(path, LIMITS.sent) };
}

function sentLines(group: Group): string[] {
  const blamed = (group.diagnosis?.findings ?? []).filter((f) => f.severity === 'cause').map((f) => f.parameter);
  const key = blamed.length === 0 ? keyParameter(group) : undefined;
  const sample = key?.request ?? group.sampleRequests.at(0);
  const parameters = key ? [key.parameter] : blamed;
  if (!sample || parameters.length === 0) return [];
  return offendingLines(sample, parameters.slice(0, 2), 120).lines.map((l) => plainText(l, LIMITS.sent));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
