import { codeBlock, codeSpan, escapeHtml, inline } from '../render/markdown.js';
import { diagnosisMarkdown, likelyCauseCell } from '../render/diagnosis.js';
import { rawRequestText } from '../render/raw-request.js';
import { clip } from '../text/clip.js';
import { shortTime } from '../text/time.js';
import { INPUT_NAMES, type OptionNames } from '../text/option-names.js';
import type { Group } from '../types.js';
import { byAttention, changeLead, changeOf, failurePhrase, problemName, totalsLine, attentionOf, eventNoun } from './attention.js';
import { chartSection } from './chart.js';
import { CHANNELS } from './deliveries.js';
import type { Report } from './report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { alertableNewEvents } from './verdict.js';
import { plural } from '../text/plural.js';
import { afterPublishMarkdown, publishCauseCell, publishesSection, publishParagraphs } from '../render/tagmanager.js';
import { VOLUME_CAUSE_CELL, volumeDetails } from './volume.js';
import { sitesTable } from './sites-table.js';

/**
 * The job summary as Markdown, leading with what to do: a headline that names
 * the change, the run's errors and warnings (each once), a compact table of
 * groups (state, problem, where, count, likely cause), the chart, then per
 * group the diagnosis and fix in the open with its raw request folded away,
 * and the sites last. Everything from the API is escaped; the whole stays far
 * below GitHub's 1 MiB step-summary limit however many groups there are.
 */
export const SUMMARY_LIMITS = {
  groupRows: 100,
  detailedGroups: 25,
  sampleChars: 4_000,
  /** GitHub refuses a step summary over 1 MiB; stop well before. */
  maxBytes: 900 * 1024,
};

export function renderSummary(report: Report): string {
  // One order for the table, the chart's G numbers and the details: what alerts first.
  const ordered: Report = { ...report, groups: byAttention(report) };
  const parts = [
    headline(ordered),
    contextLine(ordered),
    watchLine(ordered, INPUT_NAMES),
    afterPublishMarkdown(ordered.sites, (n) => eventNoun(ordered, n)),
    alertingLine(ordered),
    notices(ordered),
    groupsTable(ordered),
    chartSection(ordered),
    publishesSection(ordered.sites, ordered.window.to),
    details(ordered),
    sitesTable(ordered.sites, ordered.groups),
    footer(ordered),
  ];
  return fitToLimit(parts.filter((p) => p !== '').join('\n\n'));
}

function headline(report: Report): string {
  const failure = failurePhrase(report);
  const lead = changeLead(report);
  const single = attentionOf(report).alerting;
  const subject = lead && single.length === 1 && single[0] ? `: ${problemName(single[0])}` : '';
  const change = lead ? `${lead}${subject}` : undefined;
  if (failure) return `## ❌ Piwik PRO: ${inline([failure, change].filter(Boolean).join(' · '), 300)}`;
  if (report.status === 'clean') return `## ✅ Piwik PRO: no ${eventNoun(report, 2)}`;
  if (change) return `## ${emojiOf(report)} Piwik PRO: ${inline(change, 300)}`;
  // Nothing alerts: new events may still have come, below min-events or in silenced groups.
  const { stillHappening, silenced } = attentionOf(report);
  const quietLead = (report.alerting?.newEvents ?? 0) > 0 ? 'nothing to act on' : 'nothing new';
  const known =
    stillHappening.length > 0 ? `${stillHappening.length} known ${plural(stillHappening.length, 'problem')} still happening` : '';
  const quiet = silenced.length > 0 ? `${silenced.length} silenced ${plural(silenced.length, 'group')}` : '';
  return `## 🔁 Piwik PRO: ${[quietLead, known, quiet].filter(Boolean).join(' · ')}`;
}

function emojiOf(report: Report): string {
  const changes = new Set(attentionOf(report).alerting.map((g) => changeOf(g, report.alerting?.notify)));
  if (changes.has('back')) return '🔴';
  if (changes.has('new')) return '🆕';
  return '⚠️';
}

/** The totals, the window and the filters: said second. */
function contextLine(report: Report): string {
  const types = report.eventTypes.map((t) => t.label).join(', ');
  const filters = [
    report.totals.events === 0 ? '' : totalsLine(report),
    `${shortTime(report.window.from)} – ${shortTime(report.window.to)} UTC`,
    `${report.totals.sites} ${plural(report.totals.sites, 'site')} scanned${report.settings.sites?.shard ? ` (shard ${report.settings.sites.shard})` : ''}`,
    `event types: ${types}`,
    report.settings.pageUrl ? `page URL contains ${codeSpan(report.settings.pageUrl, 100)}` : '',
    report.settings.redact ? 'personal data redacted' : 'redaction off',
  ];
  return filters.filter((f) => f !== '').join(' · ');
}

/** How a watch went (watch-minutes above 0): how long, how many polls, what stopped it. Our own words only; `names` spells min-events. */
export function watchLine(report: Report, names: OptionNames): string {
  const w = report.watch;
  if (!w) return '';
  const from = `from ${shortTime(w.since)} UTC (${w.sinceSource})`;
  const cadence = `${w.polls} ${plural(w.polls, 'poll')} every ${w.intervalSeconds} s`;
  const failed = w.failedPolls > 0 && w.outcome !== 'failed' ? `; ${w.failedPolls} failed and were tried again at the next` : '';
  if (w.outcome === 'found') {
    return `Watch: new ${eventNoun(report, 2)} found ${duration(w.watchedSeconds)} ${from}, at poll ${w.polls} (every ${w.intervalSeconds} s)${failed}; the watch stopped there to report them.`;
  }
  if (w.outcome === 'silent') {
    return `Watch: a site's page views stopped ${duration(w.watchedSeconds)} ${from}, at poll ${w.polls} (every ${w.intervalSeconds} s)${failed}; the watch stopped there to report it (see What to fix).`;
  }
  if (w.outcome === 'failed') {
    return `Watch: ${duration(w.watchedSeconds)} ${from}, ${cadence}, but no poll could read every site: the watch could not check them.`;
  }
  const alertable = alertableNewEvents(report);
  const silenced = (report.alerting?.newEvents ?? 0) - alertable;
  const quiet =
    alertable > 0
      ? `fewer new ${eventNoun(report, 2)} than ${names.of('min-events')}, so the watch went on`
      : silenced > 0
        ? `new ${eventNoun(report, 2)} in silenced groups only (${silenced}), so the watch went on`
        : `no new ${eventNoun(report, 2)}`;
  return `Watch: ${duration(w.watchedSeconds)} ${from}, ${cadence}${failed}: ${quiet}.`;
}

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** What counted as new, and what this run sent where. A failed run that found nothing has nothing new to count. */
function alertingLine(report: Report): string {
  const a = report.alerting;
  const parts: string[] = [];
  if (a && !(report.status === 'failed' && report.totals.events === 0)) {
    // The source may quote an API's error (the Actions API's, via since: auto): escaped like everything from outside.
    const since = a.cut
      ? `New since ${shortTime(a.cut)} UTC (${inline(a.cutSource, 300)})`
      : `New: every event in the window (${inline(a.cutSource.replace(/^the whole window \((.*)\)$/, '$1'), 300)})`;
    parts.push(`${since}: ${a.newEvents} ${plural(a.newEvents, 'event')}, ${a.alreadyReported} already reported`);
    if (a.silencedGroups > 0) parts.push(`${a.silencedGroups} silenced ${plural(a.silencedGroups, 'group')}`);
  }
  const { github } = report.deliveries;
  for (const { key, title } of CHANNELS) {
    const channel = report.deliveries[key];
    if (channel.status !== 'not-configured')
      parts.push(
        `${title}: ${deliveryWords(channel.status)}${channel.detail && channel.status !== 'sent' ? ` (${inline(channel.detail, 200)})` : ''}`,
      );
  }
  if (github.status !== 'not-configured') {
    const count = github.urls?.length ?? 0;
    parts.push(
      `GitHub issues: ${deliveryWords(github.status)}${count > 0 ? `, ${count} updated` : ''}${github.detail && github.status === 'failed' ? ` (${inline(github.detail, 300)})` : ''}`,
    );
  }
  return parts.join(' · ');
}

function deliveryWords(status: string): string {
  return { sent: 'sent', skipped: 'not sent', 'dry-run': 'dry run, nothing sent', failed: 'failed' }[status] ?? status;
}

/** Errors (a site that could not be checked) as CAUTION, warnings (degraded but working) as WARNING: each once. */
function notices(report: Report): string {
  const lines = [
    ...report.errors.map((e) => `> [!CAUTION]\n> ${inline(e, 1000)}`),
    ...report.warnings.map((w) => `> [!WARNING]\n> ${inline(w, 1000)}`),
  ];
  return lines.join('\n\n');
}

function groupsTable(report: Report): string {
  if (report.groups.length === 0) return '';
  const shown = report.groups.slice(0, SUMMARY_LIMITS.groupRows);
  // The issue column only when issues are tracked.
  const withIssues = shown.some((g) => g.issue);
  const rows = shown.map(
    (g, i) =>
      `| ${i + 1} | ${stateBadge(g, report)} | ${inline(g.message || '(no message)', 160)} | ${inline(siteLabel(siteOf(report.sites, g.siteId)), 60)} | ${g.volume ? '–' : `${g.count}${newCount(g)}`} | ${g.volume ? VOLUME_CAUSE_CELL : publishCauseCell(g) || likelyCauseCell(g.diagnosis) || '–'} |${withIssues ? ` ${issueCell(g)} |` : ''}`,
  );
  const more = report.groups.length - shown.length;
  const alerting = attentionOf(report).alerting.length;
  return [
    alerting > 0 ? '### What to fix' : '### Groups',
    '',
    `| # | State | Problem | Where | Events | Likely cause |${withIssues ? ' Issue |' : ''}`,
    `|---:|---|---|---|---:|---|${withIssues ? '---|' : ''}`,
    ...rows,
    ...(more > 0 ? ['', `…and ${more} more ${plural(more, 'group')}: the JSON report holds them all.`] : []),
  ].join('\n');
}

const BADGES: Record<string, string> = { new: '🆕 NEW', ongoing: '🔁 ONGOING', regressed: '🔴 REGRESSED' };

function stateBadge(group: Group, report: Report): string {
  if (group.silenced) return '🔇 SILENCED';
  if (group.state === 'ongoing' && changeOf(group, report.alerting?.notify) === 'growing') return '📈 GROWING';
  return BADGES[group.state ?? ''] ?? '';
}

function newCount(group: Group): string {
  return group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
}

/** Our own link to the issue (its URL comes from GitHub's API, not from tracking data). */
function issueCell(group: Group): string {
  const issue = group.issue;
  if (!issue) return '';
  const label = issue.number > 0 ? `#${issue.number}` : 'new';
  const action = issue.action === 'unchanged' ? '' : ` ${issue.action.replace('would-', 'would ')}`;
  return issue.url && /^https?:\/\//.test(issue.url) ? `[${label}](${issue.url})${action}` : `${label}${action}`;
}

/** Per group: what it is and where, the diagnosis and fix in the open, the raw request folded away. */
function details(report: Report): string {
  const shown = report.groups.slice(0, SUMMARY_LIMITS.detailedGroups);
  if (shown.length === 0) return '';
  const blocks = shown.map((g, i) => groupDetails(g, i + 1, report));
  const more = report.groups.length - shown.length;
  return ['### Details', ...blocks, ...(more > 0 ? [`Details of ${more} more ${plural(more, 'group')} are in the JSON report.`] : [])].join(
    '\n\n',
  );
}

function groupDetails(group: Group, position: number, report: Report): string {
  const badge = stateBadge(group, report);
  const title = `#### ${position}. ${badge ? `${badge} · ` : ''}${inline(group.message || '(no message)', 150)}`;
  if (group.volume) return volumeDetails(group, group.volume, report, title);
  const site = siteOf(report.sites, group.siteId);
  const facts = [
    `${inline(group.eventTypeLabel, 40)}: ${group.count} ${plural(group.count, 'event')}${newCount(group)} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    `site ${site.name ? `${inline(site.name, 80)} ` : ''}${codeSpan(site.siteId, 80)}`,
    `${shortTime(group.firstSeen)} – ${shortTime(group.lastSeen)} UTC`,
    `fingerprint ${codeSpan(group.fingerprint)}`,
    ...(group.issue ? [`issue ${issueCell(group)}`] : []),
  ].join(' · ');
  const diagnosis = group.diagnosis ? diagnosisMarkdown(group.diagnosis) : '';
  const urls = group.sampleUrls.length > 0 ? `Sample pages: ${group.sampleUrls.map((u) => codeSpan(u, 200)).join(', ')}` : '';
  return [title, facts, publishParagraphs(group), diagnosis, urls, rawRequest(group)].filter((p) => p !== '').join('\n\n');
}

/** The first sample, collapsed: the heading inside <summary> is HTML, so it holds only our own words. */
function rawRequest(group: Group): string {
  const sample = group.sampleRequests.at(0);
  if (!sample) return 'Raw request: not available.';
  const { text, shortened } = rawRequestText(sample);
  const clipped = clip(text, SUMMARY_LIMITS.sampleChars, 'in the JSON report');
  const params = Object.keys(sample.queryParams).length;
  // Said in the heading too: a reader who never opens the sample must not take it for whole.
  const trimmed = clipped !== text || shortened > 0;
  const label = escapeHtml(`Raw request (${params} ${plural(params, 'parameter')}${trimmed ? ', trimmed' : ''})`);
  return ['<details>', `<summary>${label}</summary>`, '', codeBlock(clipped, 'text'), '', '</details>'].join('\n');
}

function footer(report: Report): string {
  const parts = [`Report: schema v${report.schemaVersion}`, `${report.tool.name} ${report.tool.version}`];
  return `<sub>${escapeHtml(parts.join(' · '))}</sub>`;
}

/** Last resort: cut at a line boundary and say so. The limits above keep real summaries far from it. */
function fitToLimit(markdown: string): string {
  if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_LIMITS.maxBytes) return markdown;
  const cut = Buffer.from(markdown, 'utf8')
    .subarray(0, SUMMARY_LIMITS.maxBytes - 200)
    .toString('utf8');
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n…summary cut to stay under GitHub's size limit; the JSON report holds everything.`;
}
