import { describe, expect, it } from 'vitest';
import { reportedUntil, siteCutOf } from '../../src/alerting/watermark.js';

const SCAN_END = '2026-11-29T10:00:00.000Z';
/** The scan's end less the five-minute ingestion margin. */
const FLOOR = '2026-11-29T09:55:00.000Z';

describe('reportedUntil: up to when a run reported a group', () => {
  it("is the group's newest event when it is inside the ingestion margin before the scan's end", () => {
    expect(reportedUntil(SCAN_END, '2026-11-29T09:58:30Z')).toBe('2026-11-29T09:58:30.000Z');
  });

  it("is never earlier than the scan's end less five minutes, so an event seen late is not new twice", () => {
    expect(reportedUntil(SCAN_END, '2026-11-29T09:10:00Z')).toBe(FLOOR);
    expect(reportedUntil(SCAN_END, FLOOR)).toBe(FLOOR);
    // A group with no event time (a SILENT one's is the check's) counts as reported up to the floor.
    expect(reportedUntil(SCAN_END, '')).toBe(FLOOR);
  });

  it('keeps a scan end that is no time as it is (a hand-edited report given to --merge-reports), rather than throwing', () => {
    expect(reportedUntil('not a time', '2026-11-29T09:58:30Z')).toBe('not a time');
  });
});

describe("siteCutOf: a site's cut from its last scan", () => {
  it('is five minutes before the end of its last scan, so events that showed up late are new', () => {
    expect(siteCutOf(SCAN_END)).toBe(FLOOR);
  });
});
