/**
 * The volume check's plain data (issue 24): how much tracking arrived per
 * site, what it is compared with, and the verdict. Nothing here imports the
 * rest of the project, so the report, the channels and the routing can all
 * read it. Times are ISO-8601 UTC.
 */

/** SILENT: no page view and no event for at least silence-minutes. DROP: page views below drop-percent of last week's. */
export type VolumeKind = 'silent' | 'drop';

/**
 * What the check concluded for one site:
 * - `ok`: traffic as expected (or too little to judge a drop, but some arrived);
 * - `silent`, `drop`: the problems above;
 * - `quiet`: nothing arrived, but so little was expected that zero is no evidence ("no traffic expected");
 * - `not-checked`: the volume could not be read, or the site's time zone was unknown: never an all-clear.
 */
export type VolumeStatus = 'ok' | VolumeKind | 'quiet' | 'not-checked';

/** Page views and events that arrived in one bucket starting at `at`. */
export interface VolumePoint {
  readonly at: string;
  readonly pageViews: number;
  readonly events: number;
}

/** What the recent page views are compared with. */
export interface VolumeBaseline {
  /** The part of the lookback before the quiet tail (or before the last span): its page views and length. */
  readonly earlier?: { readonly pageViews: number; readonly minutes: number };
  /** Page views in the same span one week earlier (query API); absent when it could not be read. */
  readonly lastWeekSpan?: number;
  /** Last week's page views per 5 minutes over the lookback, for the chart and the report. */
  readonly lastWeek?: readonly VolumePoint[];
  /** Why last week could not be read, when it could not. */
  readonly lastWeekError?: string;
  /** Page views the baseline makes expected in the span: the larger of the two estimates. */
  readonly expected: number;
}

/** One site's volume in this run: the `volume` of a site in the JSON report. */
export interface SiteVolume {
  readonly status: VolumeStatus;
  /** The span judged: silence-minutes. */
  readonly spanMinutes: number;
  readonly dropPercent: number;
  /** Minutes the real-time series covers, ending `at`. */
  readonly lookbackMinutes: number;
  /** When it was judged. */
  readonly at: string;
  /** Page views and events per 5 minutes over the lookback (UTC, oldest first). */
  readonly series: readonly VolumePoint[];
  /** Page views and events in the last span. */
  readonly recent?: { readonly pageViews: number; readonly events: number };
  /** The minute of the last page view in the lookback; absent when there was none. */
  readonly lastPageView?: string;
  /** Minutes since the last page view or event (the whole lookback when there was none). */
  readonly quietMinutes?: number;
  readonly baseline?: VolumeBaseline;
  /** A watch's rule: the watch's start and the page views seen since it. */
  readonly watch?: { readonly since: string; readonly pageViews: number };
  /** For `not-checked`: why, in words that name what is missing (a permission, the time zone). */
  readonly reason?: string;
}

/** The problem a SILENT or DROP verdict becomes: what every renderer says of it. */
export interface VolumeProblem {
  readonly kind: VolumeKind;
  readonly spanMinutes: number;
  /** SILENT: the last page view (absent: none in the whole lookback). */
  readonly lastPageView?: string;
  /** SILENT: since when nothing arrived (the end of the last active minute, or the start of the lookback). */
  readonly quietSince: string;
  readonly quietMinutes: number;
  /** Page views in the span. */
  readonly pageViews: number;
  /** Page views per 5 minutes before the silence, when the lookback had a part before it. */
  readonly per5Before?: number;
  /** Page views in the same span last week. */
  readonly lastWeekSpan?: number;
  readonly expected: number;
  /** Set when a post-deploy watch found it. */
  readonly duringWatch?: boolean;
}
