import type { SectionBlock } from '@slack/types';
import { formatRawRequest } from '../render/raw-request.js';
import { plural } from '../report/summary.js';
import type { Group, GroupState } from '../types.js';
import { section, timeText } from './blocks.js';
import { DIGEST_LIMITS } from './limits.js';
import { codeBlock, codeSpan, escapeMrkdwn, inert, link } from './mrkdwn.js';

/** One group's section of the Slack digest. */

const STATE_BADGES: Record<GroupState, string> = {
  new: '🆕 *NEW*',
  ongoing: '🔁 *ONGOING*',
  regressed: '🔴 *REGRESSED*',
};

/** One group: badges and counts, the message, times, diagnosis, tag, sample URLs, issue, raw request. */
export function groupSection(group: Group, multiSite: boolean): SectionBlock {
  const badges = [group.state ? STATE_BADGES[group.state] : '', silenceBadge(group)].filter((b) => b !== '').join(' ');
  const newCount = group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
  const title = [
    `${badges ? `${badges} · ` : ''}*${inert(group.eventTypeLabel || 'Unknown event type', 60)}*`,
    `*${group.count} ${plural(group.count, 'event')}*${newCount} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    ...(multiSite ? [`site ${codeSpan(group.siteId, 60)}`] : []),
  ].join(' · ');

  const message = group.message ? codeSpan(group.message, DIGEST_LIMITS.message) : '_(no message)_';
  const times = `First seen ${timeText(group.firstSeen)} · last seen ${timeText(group.lastSeen)} UTC · fingerprint ${codeSpan(group.fingerprint, 40)}`;
  const diagnosis = group.diagnosis?.summary ? `🔎 ${inert(group.diagnosis.summary, DIGEST_LIMITS.diagnosis)}` : '';
  const tag = tagLine(group);
  const urls = group.sampleUrls.slice(0, DIGEST_LIMITS.sampleUrls).map((u) => codeSpan(u, DIGEST_LIMITS.sampleUrl));
  const urlLine = urls.length > 0 ? `${plural(urls.length, 'Page')}: ${urls.join(' · ')}` : '';
  const issue = issueLine(group);
  const sample = group.sampleRequests.at(0);
  const raw = sample ? codeBlock(formatRawRequest(sample, 120), DIGEST_LIMITS.sample) : '_No raw request available._';

  return section([title, message, times, diagnosis, tag, urlLine, issue, raw], { verbatim: true });
}

function silenceBadge(group: Group): string {
  if (group.silenced) {
    const until = group.silenced.until ? ` until ${timeText(group.silenced.until)}` : '';
    return `🔕 silenced by ${codeSpan(group.silenced.rule, 100)}${until}`;
  }
  return group.alert === false ? '🔕 no alert' : '';
}

function tagLine(group: Group): string {
  const c = group.sampleContext;
  const parts: Array<[string, string | undefined]> = [
    ['category', c.customEventCategory],
    ['action', c.customEventAction],
    ['name', c.customEventName],
    ['goal', c.goalId],
    ['page title', c.title],
  ];
  const shown = parts.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k} ${codeSpan(v ?? '', DIGEST_LIMITS.tagValue)}`);
  return shown.length > 0 ? `Tag: ${shown.join(' · ')}` : '';
}

function issueLine(group: Group): string {
  if (!group.issue) return '';
  const label = `#${group.issue.number}`;
  const target = link(group.issue.url, label, DIGEST_LIMITS.issueUrl) ?? escapeMrkdwn(label);
  return `Issue ${target} (${inert(group.issue.action, 20)})`;
}
