import { eventLinesOf } from '../events/store.js';
import type { ScanResult, ScanWindow } from '../types.js';

/** A report for a run whose scan never produced results (bad credentials, time budget spent before the first answer). */
export function emptyScan(window: ScanWindow, eventTypes: readonly number[], siteIds: readonly string[], error: string): ScanResult {
  return {
    window,
    eventTypes,
    sites: siteIds.map((siteId) => ({
      siteId,
      sessionsScanned: 0,
      matchedSessions: 0,
      eventCount: 0,
      complete: false,
      capped: false,
      error,
      malformedLines: 0,
      logs: { fetched: 0, unavailable: 0 },
    })),
    groups: [],
    events: eventLinesOf([]),
    warnings: [],
  };
}
