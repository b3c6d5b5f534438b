import { volumeHeadline, volumeStatusText } from '../volume/text.js';
import { CHANNELS } from '../report/deliveries.js';
import type { Delivery, Report } from '../report/report.js';
import { watchLine } from '../report/summary.js';
import { siteStatus, siteStatusText } from '../report/site-status.js';
import { eventNoun } from '../report/attention.js';
import { shortTime } from '../text/time.js';
import { plural } from '../text/plural.js';
import type { Group, SiteResult } from '../types.js';
import { terminalSafe } from './terminal.js';
import { FLAG_NAMES } from './inputs.js';
import { publishTerminalLines } from '../tagmanager/wording.js';

/**
 * The report as plain text for a terminal or a cron mail: a headline, the
 * window, one line per site, a few lines per group (state, count, message,
 * diagnosis) and what was sent where. Every string from the API passes
 * through terminalSafe; numbers and our own words need not.
 */
const TEXT_LIMITS = { groups: 50, messageChars: 200, detailChars: 300 };

export function renderText(report: Report): string {
  const names = new Map(report.sites.flatMap((s) => (s.name === undefined ? [] : [[s.siteId, s.name] as const])));
  const parts = [
    headline(report),
    context(report),
    sites(report.sites, report.groups),
    groups(report, names),
    notes(report),
    deliveries(report),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

function headline(report: Report): string {
  const { totals } = report;
  const where = `${totals.sites} ${plural(totals.sites, 'site')} on ${terminalSafe(report.instanceUrl, 200)}`;
  if (report.status === 'failed') {
    const found = totals.events > 0 ? `; ${totals.events} ${eventNoun(report, totals.events)} found where it could look` : '';
    return `FAILED  The scan failed for ${totals.sitesFailed} of ${totals.sites} ${plural(totals.sites, 'site')}${found} (${where})`;
  }
  if (report.status === 'clean') return `CLEAN  No ${eventNoun(report, 2)} (${where})`;
  return `FOUND  ${totals.events} ${eventNoun(report, totals.events)} in ${totals.groups} ${plural(totals.groups, 'group')} (${where})`;
}

/** The window and filters, then what counted as new. */
function context(report: Report): string {
  const { window } = report;
  const lines = [
    [
      `Window: last ${window.minutes} ${plural(window.minutes, 'minute')} (${shortTime(window.from)} – ${shortTime(window.to)} UTC)`,
      `event types: ${report.eventTypes.map((t) => t.label).join(', ')}`,
      report.settings.pageUrl ? `page URL contains "${terminalSafe(report.settings.pageUrl, 100)}"` : '',
      report.settings.redact ? 'personal data redacted' : 'redaction off',
    ]
      .filter((p) => p !== '')
      .join(' · '),
  ];
  const watched = watchLine(report, FLAG_NAMES);
  if (watched !== '') lines.push(watched);
  const a = report.alerting;
  if (a) {
    const why = a.cutSource.replace(/^the whole window \((.*)\)$/, '$1');
    const since = a.cut
      ? `since ${shortTime(a.cut)} UTC (${terminalSafe(a.cutSource, 200)})`
      : `every event in the window counts: ${terminalSafe(why, 200)}`;
    lines.push(`New: ${a.newEvents} ${plural(a.newEvents, 'event')}, ${a.alreadyReported} already reported; ${since}`);
  }
  return lines.join('\n');
}

/** The sites that need a look, then the clean ones counted: at 600 sites the list is as long as the problems. */
function sites(all: readonly SiteResult[], allGroups: readonly Group[]): string {
  const list = all.filter((s) => s.error || !s.complete || s.eventCount > 0 || allGroups.some((g) => g.siteId === s.siteId));
  const clean = all.length - list.length;
  const lines = list.map((s) => {
    // The reason is said once, in the Error lines below (one line for every site it stopped).
    const state = siteStatus(s) === 'failed' ? 'FAILED (see Error below)' : siteStatusText(s, FLAG_NAMES);
    const count = allGroups.filter((g) => g.siteId === s.siteId && !g.volume).length;
    const numbers = `${s.sessionsScanned} ${plural(s.sessionsScanned, 'session')} scanned, ${s.matchedSessions} matching, ${s.eventCount} ${plural(s.eventCount, 'event')}, ${count} ${plural(count, 'group')}`;
    // The name from the Apps API first, the UUID beside it: it is what the site is configured by.
    const label = s.name === undefined ? terminalSafe(s.siteId, 60) : `${terminalSafe(s.name, 90)} (${terminalSafe(s.siteId, 60)})`;
    // The volume on a line of its own (src/volume/): a site the scan could not check has its one error already.
    const volume = s.volume && !s.error ? `\n    volume: ${terminalSafe(volumeStatusText(s.volume), 300)}` : '';
    return `  ${label}  ${numbers}  ${state}${volume}`;
  });
  const rest =
    clean > 0 ? [`  ${lines.length > 0 ? 'and ' : ''}${clean} ${plural(clean, 'site')} clean: scanned completely, nothing found`] : [];
  return ['Sites', ...lines, ...rest].join('\n');
}

function groups(report: Report, names: ReadonlyMap<string, string>): string {
  if (report.groups.length === 0) return '';
  const shown = report.groups.slice(0, TEXT_LIMITS.groups);
  const more = report.groups.length - shown.length;
  const tail = more > 0 ? [`  …and ${more} more ${plural(more, 'group')}: --json or --report has them all.`] : [];
  return ['Groups', ...shown.flatMap((g, i) => groupLines(g, i + 1, names.get(g.siteId))), ...tail].join('\n');
}

function groupLines(group: Group, position: number, siteName: string | undefined): string[] {
  const state = group.silenced ? 'SILENCED' : (group.state ?? 'new').toUpperCase();
  const fresh = group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
  const message = terminalSafe(group.message || '(no message)', TEXT_LIMITS.messageChars);
  // SILENT and DROP have no events to count: their own words (src/volume/text.ts).
  const head = group.volume
    ? terminalSafe(volumeHeadline(group.volume, siteName ?? group.siteId), TEXT_LIMITS.messageChars)
    : `${group.count} × ${terminalSafe(group.eventTypeLabel, 40)}: ${message}${fresh}`;
  const lines = [
    `  ${position}. ${state}  ${head}`,
    `     site ${siteName === undefined ? terminalSafe(group.siteId, 60) : terminalSafe(siteName, 90)} · ${group.sessionCount} ${plural(group.sessionCount, 'session')} · ${shortTime(group.firstSeen)} – ${shortTime(group.lastSeen)} UTC · fingerprint ${terminalSafe(group.fingerprint, 40)}`,
  ];
  if (group.publish)
    lines.push(...publishTerminalLines(group.publish).map((line) => `     ${terminalSafe(line, TEXT_LIMITS.detailChars)}`));
  if (group.diagnosis) lines.push(`     Diagnosis: ${terminalSafe(group.diagnosis.summary, TEXT_LIMITS.detailChars)}`);
  if (group.issue) lines.push(`     Issue: ${issueText(group.issue)}`);
  if (group.annotation) lines.push(`     Annotation: ${annotationText(group.annotation)}`);
  return lines;
}

function annotationText(annotation: NonNullable<Group['annotation']>): string {
  const action = { created: 'added', exists: 'already there', 'would-create': 'would be added' }[annotation.action];
  return `${action} on ${annotation.date}`;
}

function issueText(issue: NonNullable<Group['issue']>): string {
  const label = issue.number > 0 ? `#${issue.number}` : 'new';
  return `${label} ${issue.action.replace('would-', 'would ')}${issue.url ? ` ${terminalSafe(issue.url, 200)}` : ''}`;
}

function notes(report: Report): string {
  const lines = [
    ...report.errors.map((e) => `Error: ${terminalSafe(e, 1000)}`),
    ...report.warnings.map((w) => `Warning: ${terminalSafe(w, 1000)}`),
  ];
  return lines.join('\n');
}

function deliveries(report: Report): string {
  const { github, annotations } = report.deliveries;
  const parts = [
    ...CHANNELS.map(({ key, title }) => deliveryText(title, report.deliveries[key])),
    deliveryText('GitHub issues', github),
    annotations ? deliveryText('Piwik PRO annotations', annotations) : '',
  ].filter((p) => p !== '');
  return parts.join('\n');
}

function deliveryText(what: string, delivery: Delivery): string {
  if (delivery.status === 'not-configured') return '';
  const words = { sent: 'sent', skipped: 'not sent', 'dry-run': 'dry run, nothing sent', failed: 'FAILED' }[delivery.status];
  const count = delivery.urls && delivery.urls.length > 0 ? `, ${delivery.urls.length} updated` : '';
  const detail = delivery.detail ? ` (${terminalSafe(delivery.detail, TEXT_LIMITS.detailChars)})` : '';
  return `${what}: ${words}${count}${detail}`;
}
