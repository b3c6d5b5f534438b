import { BROKEN_EVENT } from '../piwik/event-types.js';
import { codeBlock, codeSpan, inline } from '../render/markdown.js';
import { diagnosisMarkdown } from '../render/diagnosis.js';
import { formatRawRequest } from '../render/raw-request.js';
import type { Group, SiteResult } from '../types.js';
import { chartSection } from './chart.js';
import type { Report } from './report.js';

/**
 * The job summary as Markdown: a headline, per-site and per-group tables, and
 * one sample raw request per group in a collapsible block. Everything from the
 * API is escaped; the whole stays far below GitHub's 1 MiB step-summary limit
 * however many groups there are.
 */
export const SUMMARY_LIMITS = {
  groupRows: 100,
  detailedGroups: 25,
  sampleChars: 4_000,
  /** GitHub refuses a step summary over 1 MiB; stop well before. */
  maxBytes: 900 * 1024,
};

export function renderSummary(report: Report): string {
  const parts = [
    headline(report),
    windowLine(report),
    alertingLine(report),
    notices(report),
    sitesTable(report.sites, report.groups),
    groupsTable(report),
    chartSection(report),
    samples(report),
    footer(report),
  ];
  return fitToLimit(parts.filter((p) => p !== '').join('\n\n'));
}

function noun(report: Report): string {
  return report.eventTypes.length === 1 && report.eventTypes[0]?.id === BROKEN_EVENT ? 'broken events' : 'matching events';
}

function headline(report: Report): string {
  const { totals } = report;
  if (report.status === 'failed') {
    const found = totals.events > 0 ? ` (${totals.events} ${noun(report)} found where it could look)` : '';
    return `## ❌ Piwik PRO: the scan failed for ${totals.sitesFailed} of ${totals.sites} sites${found}`;
  }
  if (report.status === 'clean') return `## ✅ Piwik PRO: no ${noun(report)}`;
  return `## ⚠️ Piwik PRO: ${totals.events} ${noun(report)} in ${totals.groups} ${plural(totals.groups, 'group')}`;
}

function windowLine(report: Report): string {
  const types = report.eventTypes.map((t) => t.label).join(', ');
  const filters = [
    `Window: last ${report.window.minutes} minutes (${shortTime(report.window.from)} – ${shortTime(report.window.to)} UTC)`,
    `${report.totals.sites} ${plural(report.totals.sites, 'site')}`,
    `event types: ${types}`,
    report.settings.pageUrl ? `page URL contains ${codeSpan(report.settings.pageUrl, 100)}` : '',
    report.settings.redact ? 'personal data redacted' : 'redaction off',
  ];
  return filters.filter((f) => f !== '').join(' · ');
}

/** What counted as new, and what this run sent where. */
function alertingLine(report: Report): string {
  const a = report.alerting;
  const parts: string[] = [];
  if (a) {
    const since = a.cut
      ? `New since ${shortTime(a.cut)} UTC (${a.cutSource})`
      : `New: every event in the window (${a.cutSource.replace(/^the whole window \((.*)\)$/, '$1')})`;
    parts.push(`${since}: ${a.newEvents} ${plural(a.newEvents, 'event')}, ${a.alreadyReported} already reported`);
    if (a.silencedGroups > 0) parts.push(`${a.silencedGroups} silenced ${plural(a.silencedGroups, 'group')}`);
  }
  const { slack, github } = report.deliveries;
  if (slack.status !== 'not-configured')
    parts.push(`Slack: ${deliveryWords(slack.status)}${slack.detail && slack.status !== 'sent' ? ` (${inline(slack.detail, 200)})` : ''}`);
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

function notices(report: Report): string {
  const lines = [
    ...report.errors.map((e) => `> [!CAUTION]\n> ${inline(e, 1000)}`),
    ...report.warnings.map((w) => `> [!WARNING]\n> ${inline(w, 1000)}`),
  ];
  return lines.join('\n\n');
}

function sitesTable(sites: readonly SiteResult[], groups: readonly Group[]): string {
  const rows = sites.map((s) => {
    const status = s.error ? '❌ failed' : s.capped ? '⚠️ capped by max-sessions' : '✅ complete';
    const groupCount = groups.filter((g) => g.siteId === s.siteId).length;
    return `| ${codeSpan(s.siteId)} | ${s.sessionsScanned} | ${s.matchedSessions} | ${s.eventCount} | ${groupCount} | ${s.logs.fetched} | ${status} |`;
  });
  return [
    '### Sites',
    '',
    '| Site | Sessions scanned | Matching sessions | Events | Groups | Raw requests | Scan |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

function groupsTable(report: Report): string {
  if (report.groups.length === 0) return '';
  const shown = report.groups.slice(0, SUMMARY_LIMITS.groupRows);
  // The issue column only when issues are tracked.
  const withIssues = shown.some((g) => g.issue);
  const rows = shown.map(
    (g, i) =>
      `| ${i + 1} | ${stateBadge(g)} | ${inline(g.eventTypeLabel, 40)} | ${inline(g.message || '(no message)', 200)} | ${codeSpan(g.siteId)} | ${g.count}${newCount(g)} | ${g.sessionCount} | ${shortTime(g.firstSeen)} | ${shortTime(g.lastSeen)} | ${codeSpan(g.fingerprint)} |${withIssues ? ` ${issueCell(g)} |` : ''}`,
  );
  const more = report.groups.length - shown.length;
  return [
    '### Groups',
    '',
    `| # | State | Event type | Message | Site | Events | Sessions | First seen | Last seen | Fingerprint |${withIssues ? ' Issue |' : ''}`,
    `|---:|---|---|---|---|---:|---:|---|---|---|${withIssues ? '---|' : ''}`,
    ...rows,
    ...(more > 0 ? ['', `…and ${more} more ${plural(more, 'group')}: the JSON report holds them all.`] : []),
  ].join('\n');
}

const BADGES: Record<string, string> = { new: '🆕 NEW', ongoing: '🔁 ONGOING', regressed: '🔴 REGRESSED' };

function stateBadge(group: Group): string {
  if (group.silenced) return '🔇 SILENCED';
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

function samples(report: Report): string {
  const shown = report.groups.slice(0, SUMMARY_LIMITS.detailedGroups);
  if (shown.length === 0) return '';
  const blocks = shown.map((g, i) => groupDetails(g, i + 1));
  const more = report.groups.length - shown.length;
  return ['### Samples', ...blocks, ...(more > 0 ? [`Samples of ${more} more ${plural(more, 'group')} are in the JSON report.`] : [])].join(
    '\n\n',
  );
}

function groupDetails(group: Group, position: number): string {
  const title = `${position}. ${inline(group.eventTypeLabel, 40)}: ${inline(group.message || '(no message)', 150)} (${group.count} ${plural(group.count, 'event')})`;
  const urls = group.sampleUrls.length > 0 ? `Sample URLs: ${group.sampleUrls.map((u) => codeSpan(u, 200)).join(', ')}` : '';
  const diagnosis = group.diagnosis ? diagnosisMarkdown(group.diagnosis) : '';
  const sample = group.sampleRequests.at(0);
  const raw = sample
    ? `Raw request:\n\n${codeBlock(clip(formatRawRequest(sample), SUMMARY_LIMITS.sampleChars), 'text')}`
    : 'Raw request: not available.';
  return [
    '<details>',
    `<summary>${title}</summary>`,
    '',
    [diagnosis, urls, raw].filter((p) => p !== '').join('\n\n'),
    '',
    '</details>',
  ].join('\n');
}

function footer(report: Report): string {
  const parts = [`Report: schema v${report.schemaVersion}`, `${report.tool.name} ${report.tool.version}`];
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** Last resort: cut at a line boundary and say so. The limits above keep real summaries far from it. */
function fitToLimit(markdown: string): string {
  if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_LIMITS.maxBytes) return markdown;
  const cut = Buffer.from(markdown, 'utf8')
    .subarray(0, SUMMARY_LIMITS.maxBytes - 200)
    .toString('utf8');
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n…summary cut to stay under GitHub's size limit; the JSON report holds everything.`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n…(cut)` : text;
}

export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(:\d{2})(\.\d+)?Z$/, '$1');
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
