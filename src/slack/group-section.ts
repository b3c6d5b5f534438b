import type { SectionBlock } from '@slack/types';
import { offendingLines } from '../render/raw-request.js';
import { keyParameter, pagePath } from '../render/where.js';
import { changeOf, type Change } from '../report/attention.js';
import type { Report } from '../report/report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { plural } from '../text/plural.js';
import type { Group } from '../types.js';
import { section, timeText } from './blocks.js';
import { DIGEST_LIMITS } from './limits.js';
import { codeSpan, escapeMrkdwn, inert, inertKeepingCode, link } from './mrkdwn.js';
import { publishSlackLines } from './tagmanager.js';
import { volumeKnownLine, volumeSection } from './volume.js';

/**
 * The digest's groups: a compact block for each group that alerts (what
 * broke, how often and where, the likely cause and its fix, the offending
 * parameter as it was sent, the issue), and one line for each known group
 * that does not. The whole raw request stays in the issue, the summary and
 * the report.
 */

const CHANGE_BADGES: Record<Change, string> = {
  new: '🆕 *NEW*',
  back: '🔴 *BACK*',
  growing: '📈 *GROWING*',
  recurring: '🔁 *AGAIN*',
  found: '⚠️',
};

/** One alerting group, in four or five lines. */
export function alertSection(group: Group, report: Report): SectionBlock {
  const change = changeOf(group, report.alerting?.notify) ?? 'found';
  if (group.volume) return volumeSection(group, group.volume, report, CHANGE_BADGES[change], issueLink(group), report.run.url);
  const message = group.message ? codeSpan(group.message, DIGEST_LIMITS.message) : '_(no message)_';
  const title = `${CHANGE_BADGES[change]} ${message}`;
  const counts = [
    `*${group.count} ${plural(group.count, 'event')}*${newCount(group)} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    inert(siteLabel(siteOf(report.sites, group.siteId)), 60),
    `since ${timeText(group.firstSeen)} UTC`,
    issueLink(group),
  ].filter((p) => p !== '');
  const top = group.diagnosis?.findings.find((f) => f.severity === 'cause');
  const cause = group.diagnosis?.summary ? `🔎 ${inertKeepingCode(group.diagnosis.summary, DIGEST_LIMITS.diagnosis)}` : '';
  const fix = top ? `🔧 ${inertKeepingCode(capitalise(top.hint), DIGEST_LIMITS.diagnosis)}` : '';
  return section([title, counts.join(' · '), pageLine(group), ...publishSlackLines(group), cause, fix, sentLine(group)], {
    verbatim: true,
  });
}

/** Where it happened: the page as a path (redacted like every sample). */
function pageLine(group: Group): string {
  const path = pagePath(group);
  return path === undefined ? '' : `📍 ${codeSpan(path, DIGEST_LIMITS.pagePath)}`;
}

/**
 * The offending parameters' lines of the raw request, as sent: what the fix is about, not the whole request. When the
 * diagnosis names none, the line the error is most likely about (src/render/where.ts), so there is always a place to look.
 */
function sentLine(group: Group): string {
  const blamed = (group.diagnosis?.findings ?? []).filter((f) => f.severity === 'cause').map((f) => f.parameter);
  const key = blamed.length === 0 ? keyParameter(group) : undefined;
  const sample = key?.request ?? group.sampleRequests.at(0);
  const parameters = key ? [key.parameter] : blamed;
  if (!sample || parameters.length === 0) return '';
  const { lines, shortened } = offendingLines(sample, parameters.slice(0, DIGEST_LIMITS.offendingLines), DIGEST_LIMITS.offendingValue);
  const spans = lines.map((l) => codeSpan(l, DIGEST_LIMITS.offendingValue + 40));
  // A cut value (or a line cut for its long name) says so: the issue and the summary have the request as sent.
  const cut = shortened > 0 || spans.some((span, i) => span !== codeSpan(lines[i] ?? '', Infinity)) ? ' (shortened)' : '';
  return `Sent: ${spans.join(' · ')}${cut}`;
}

/** One line of a known group's list: the message, the count (and the new ones, in the list of groups still happening), where. */
export function knownLine(group: Group, report: Report): string {
  if (group.volume) return volumeKnownLine(group, group.volume, report);
  const message = group.message ? codeSpan(group.message, DIGEST_LIMITS.knownMessage) : '_(no message)_';
  const fresh = group.newCount === 0 ? '' : newCount(group);
  return `• ${message} · ${group.count} ${plural(group.count, 'event')}${fresh} · ${inert(siteLabel(siteOf(report.sites, group.siteId)), 40)}`;
}

function newCount(group: Group): string {
  return group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
}

function issueLink(group: Group): string {
  if (!group.issue) return '';
  const label = group.issue.number > 0 ? `issue #${group.issue.number}` : 'new issue';
  return link(group.issue.url, label, DIGEST_LIMITS.issueUrl) ?? escapeMrkdwn(label);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
