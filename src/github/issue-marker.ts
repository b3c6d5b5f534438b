import { reportedUntil } from '../alerting/watermark.js';
import type { Report } from '../report/report.js';
import type { Group } from '../types.js';

/**
 * The hidden lines other code parses back from an issue: every body starts
 * with a marker naming the group; the issue sync finds its issues again by
 * that first line only, so a payload that carries a copy of the marker
 * further down (even inside a code block) is never read as one. The second
 * line, also hidden, holds what the action last reported (the count
 * alert-on-change compares against); the sync rewrites only that line.
 */

/** What the first line of a body tells: which group the issue tracks. */
export interface IssueMarker {
  readonly fingerprint: string;
  readonly siteId: string;
  /** Absent in markers written by hand; then the issue is never closed automatically. */
  readonly eventType?: number;
}

const MARKER_NAME = 'piwik-broken-events';
// Anchored at the very start of the body: only the first line can be our marker.
const MARKER_RE = /^\uFEFF?[ \t]*<!-- piwik-broken-events:fingerprint=([0-9a-f]{16}) site=([0-9A-Za-z-]{1,64})(?: type=(\d{1,4}))? -->/;

/** The hidden first line of every issue body: `<!-- piwik-broken-events:fingerprint=<16 hex> site=<uuid> type=<n> -->`. */
export function issueMarker(group: Pick<Group, 'fingerprint' | 'siteId' | 'eventType'>): string {
  const fingerprint = group.fingerprint
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .padEnd(16, '0')
    .slice(0, 16);
  const site = group.siteId.replace(/[^0-9A-Za-z-]/g, '').slice(0, 64) || 'unknown';
  const type = Number.isInteger(group.eventType) && group.eventType >= 0 ? ` type=${group.eventType}` : '';
  return `<!-- ${MARKER_NAME}:fingerprint=${fingerprint} site=${site}${type} -->`;
}

/** Reads the marker from the start of an issue body; undefined for any other body. */
export function parseIssueMarker(body: string | null | undefined): IssueMarker | undefined {
  if (!body) return undefined;
  const m = MARKER_RE.exec(body);
  if (!m) return undefined;
  // The event type is optional in the marker: older issues have none.
  const eventType = m[3] as string | undefined;
  return { fingerprint: m[1], siteId: m[2], ...(eventType !== undefined ? { eventType: Number(eventType) } : {}) };
}

/** What the action last reported on an issue: kept in the body's second line. */
export interface IssueReportState {
  /** The group's event count in that run. */
  readonly count: number;
  /** That run's report time (ISO-8601). */
  readonly reportedAt: string;
}

const STATE_RE = /^[ \t]*<!-- piwik-broken-events:last-count=(\d{1,15}) last-report=([0-9TZ:.+-]{10,40}) -->[ \t]*$/;

/**
 * The instant up to which a run reported a group's events: its newest event, at least the scan's end less the
 * ingestion margin (src/alerting/watermark.ts), so an event that shows up late still counts as new next time.
 */
export function reportedUpTo(report: Pick<Report, 'window'>, group: Pick<Group, 'lastSeen'>): string {
  return reportedUntil(report.window.to, group.lastSeen);
}

/** The body's hidden second line: `<!-- piwik-broken-events:last-count=<n> last-report=<ISO time> -->`. */
export function issueStateLine(state: IssueReportState): string {
  const count = Number.isSafeInteger(state.count) && state.count >= 0 ? state.count : 0;
  const at = /^[0-9TZ:.+-]{10,40}$/.test(state.reportedAt) ? state.reportedAt : new Date(0).toISOString();
  return `<!-- ${MARKER_NAME}:last-count=${count} last-report=${at} -->`;
}

/** Reads the state line, which must come right after the marker line. */
export function parseIssueState(body: string | null | undefined): IssueReportState | undefined {
  if (!body || !parseIssueMarker(body)) return undefined;
  const line = body.split('\n', 3)[1]?.replace(/\r$/, '') ?? '';
  const m = STATE_RE.exec(line);
  return m ? { count: Number(m[1]), reportedAt: m[2] } : undefined;
}

/** The body with its state line replaced (or added after the marker line); everything else, human edits included, is kept. */
export function withIssueState(body: string, state: IssueReportState): string {
  const lines = body.split('\n');
  const line = issueStateLine(state);
  if (lines.length > 1 && STATE_RE.test((lines[1] ?? '').replace(/\r$/, ''))) lines[1] = line;
  else lines.splice(1, 0, line);
  return lines.join('\n');
}
