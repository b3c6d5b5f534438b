/**
 * Late events. Piwik PRO shows an event in the Debugger API some time after its
 * `server_time` (ingestion lag: seconds as a rule, minutes when the pipeline is
 * busy). A run whose scan ends at T can therefore miss an event stamped T − 20 s
 * that becomes visible at T + 10 s; had the next run taken "up to T" as
 * reported, that event would never be new.
 *
 * So a run's memory says what it saw, not when it looked: a group counts as
 * reported up to its newest event, and never further than INGESTION_MARGIN
 * before the scan's end; a site's cut (for problems it had not shown before)
 * is its last scan's end less the margin. An event of a group later than the
 * group's newest reported event, or of a new group later than the site's cut,
 * is new. Nothing is reported twice: every event a run saw is at or before its
 * group's watermark. What this does not catch: a late event older than an
 * event of the same group that the earlier run did see, or late by more than
 * the margin.
 */

/** Five minutes: far above the lag Piwik PRO's ingestion shows in normal operation, and well inside a 15-minute schedule. */
const INGESTION_MARGIN_MS = 5 * 60_000;

/** Up to when a run reported a group: its newest event, but at least the scan's end less the margin (a scan end that is no time is kept as it is). */
export function reportedUntil(scanEnd: string, newestEvent: string): string {
  const floor = Date.parse(scanEnd) - INGESTION_MARGIN_MS;
  if (Number.isNaN(floor)) return scanEnd;
  const newest = Date.parse(newestEvent);
  return new Date(Number.isNaN(newest) ? floor : Math.max(floor, newest)).toISOString();
}

/** A site's cut from its last scan's end (a time: src/state/state-file.ts reads no other): problems it had not shown are new from here. */
export function siteCutOf(lastScan: string): string {
  return new Date(Date.parse(lastScan) - INGESTION_MARGIN_MS).toISOString();
}
