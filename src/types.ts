import type { PublishBlame, SiteTagManager } from './types/tagmanager.js';
export type {
  ChangeType,
  ResourceType,
  TagManagerChange,
  Publish,
  SiteTagManager,
  AfterPublish,
  ResourceSuspect,
  PublishBlame,
} from './types/tagmanager.js';

/**
 * The plain data that flows through the pipeline: what a scan finds, and the
 * report every renderer (job summary, Slack, GitHub issues, JSON) is drawn from.
 * Everything here is already redacted when `redact` is on: renderers never see
 * personal data they would have to remember to hide.
 */

/** A raw tracking request as the Logs API returns it (AnonymizedLog), reduced to what we show. */
export interface RawRequest {
  /** The log's UUID. */
  readonly id: string;
  /** When the tracker received it (ISO-8601). */
  readonly time: string;
  readonly method: string;
  readonly scheme: string;
  readonly host?: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Tracking parameters, URL-decoded, in the order the API sent them. */
  readonly queryParams: Readonly<Record<string, string>>;
  /** Names the site's configuration gives some parameters (`dimension3` → "Customer tier"), for showing the request. */
  readonly parameterNames?: Readonly<Record<string, string>>;
}

/** One matched event (a broken or otherwise requested event) in a session. */
export interface MatchedEvent {
  readonly siteId: string;
  /** Decimal u64, from `event_id_str`: never a JS number. */
  readonly eventId: string;
  /** Decimal u64, from `session_id_str`. */
  readonly sessionId: string;
  readonly eventType: number;
  /** `YYYY-MM-DDTHH:MM:SSZ` (the API's UTC time, made explicit). */
  readonly serverTime: string;
  readonly url?: string;
  /** `error_message` for broken events, `exclusion_reason` for excluded ones, else empty. */
  readonly message: string;
  readonly logUuids: readonly string[];
  /** Tag context that helps a human find the tag that sent it. */
  readonly context: EventContext;
}

export interface EventContext {
  readonly title?: string;
  readonly customEventCategory?: string;
  readonly customEventAction?: string;
  readonly customEventName?: string;
  readonly goalId?: string;
}

/**
 * Whether an event's raw request was fetched: `skipped` when it was not asked
 * for (fetch-logs none, or samples and the event is not one of its group's samples).
 */
export type LogStatus = 'fetched' | 'unavailable' | 'skipped';

/** A finding of the Tracking API check on one raw request (see src/diagnosis). */
export interface Finding {
  /** As the request sends it: `dimension3`. */
  readonly parameter: string;
  /** The name the site's configuration gives it, for a custom dimension the site has: shown as "dimension3 (Customer tier)". */
  readonly parameterName?: string;
  /** Shortened and redacted like everything else. */
  readonly value: string;
  /** What is wrong, worded to follow the value: "is not a number", "is missing". */
  readonly problem: string;
  readonly expected: string;
  readonly hint: string;
  /** `cause` findings can explain the error; `info` ones (unknown parameters) never do. */
  readonly severity: 'cause' | 'info';
}

export interface Diagnosis {
  /** Most likely cause first. Empty when no parameter violates the documented Tracking API. */
  readonly findings: readonly Finding[];
  /** One line a human reads first. */
  readonly summary: string;
}

/** Events that share a fingerprint: one problem, however many times it happened. */
export interface Group {
  /** Stable across runs: sha256 of site, event type and the normalised message, 16 hex chars. */
  readonly fingerprint: string;
  readonly siteId: string;
  readonly eventType: number;
  readonly eventTypeLabel: string;
  /** One actual message of the group (redacted); `normalizedMessage` is what was keyed on. */
  readonly message: string;
  readonly normalizedMessage: string;
  /** How many distinct values the messages quoted (normalised to `<value>`); absent when they quote none. At most 10,000 are counted. */
  readonly distinctValues?: number;
  readonly count: number;
  readonly sessionCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly sampleUrls: readonly string[];
  readonly sampleRequests: readonly RawRequest[];
  readonly sampleContext: EventContext;
  readonly diagnosis?: Diagnosis;
  /** Set by alert-on-change: how this group relates to what earlier runs reported. */
  readonly state?: GroupState;
  /** Events after the `since` cut; the rest were already reported by an earlier run. */
  readonly newCount?: number;
  /** A silence rule (the `ignore` input) that matched: reported, never alerted. */
  readonly silenced?: { readonly rule: string; readonly until?: string };
  /** True when this group should notify (Slack) in this run. */
  readonly alert?: boolean;
  /** The GitHub issue that tracks this group, when issues are on. */
  readonly issue?: IssueLink;
  /** Past max-open-issues: no issue of its own, a line in the overflow issue, and only counted in Slack. */
  readonly pastIssueCap?: boolean;
  /** The Piwik PRO annotation for this group, when `annotate` is on and it became new or regressed. */
  readonly annotation?: GroupAnnotation;
  /** The Tag Manager publish it began after, within publish-blame-minutes (src/tagmanager/blame.ts). */
  readonly publish?: PublishBlame;
  /** Set on a SILENT or DROP problem (src/volume/): it has no events, and this says what was measured. */
  readonly volume?: VolumeProblem;
}

export interface GroupAnnotation {
  /** The day it is dated (YYYY-MM-DD, the site's time zone). */
  readonly date: string;
  readonly action: 'created' | 'exists' | 'would-create';
}

/** NEW: first seen in this run. ONGOING: already known. REGRESSED: its issue was closed and it is back. */
export type GroupState = 'new' | 'ongoing' | 'regressed';

export interface IssueLink {
  readonly number: number;
  readonly url: string;
  /** What this run did to it. */
  readonly action:
    'created' | 'commented' | 'reopened' | 'closed' | 'unchanged' | 'would-create' | 'would-comment' | 'would-reopen' | 'would-close';
}

/** How the scan of one site went. */
export interface SiteResult {
  readonly siteId: string;
  /** The site's name from the Apps API, when the token may read it; messages show it, markers keep the UUID. */
  readonly name?: string;
  readonly sessionsScanned: number;
  readonly matchedSessions: number;
  readonly eventCount: number;
  /** False when absence of events proves nothing: capped by max-sessions, an API error, or lines of the answer it could not read. */
  readonly complete: boolean;
  readonly capped: boolean;
  /** Why the site could not be scanned, in words that do not repeat the site (renderers name it). */
  readonly error?: string;
  /** The HTTP status (401, 403, 404) when the API refused the site: asking again cannot help (a watch stops polling it). */
  readonly refused?: number;
  readonly malformedLines: number;
  /** Raw requests asked for and had, or asked for and not had; events not asked for are in neither. */
  readonly logs: { readonly fetched: number; readonly unavailable: number };
  /** Its Tag Manager publishes, when the run read them (a new or returning problem, or since: tag-manager). */
  readonly tagManager?: SiteTagManager;
  /** How much tracking arrived, and the verdict on it (src/volume/); absent when the site's volume was not checked. */
  readonly volume?: SiteVolume;
}

export interface ScanWindow {
  readonly minutes: number;
  readonly from: string;
  readonly to: string;
}

/** What a scan found: the input to every renderer and sender. */
export interface ScanResult {
  readonly window: ScanWindow;
  readonly eventTypes: readonly number[];
  readonly sites: readonly SiteResult[];
  readonly groups: readonly Group[];
  readonly events: EventLines;
  readonly warnings: readonly string[];
  /** With fetch-logs all: the NDJSON file of every fetched raw request. */
  readonly rawRequestsPath?: string;
}

/** The per-event line of the report: ids and where to find it, not the payload. */
export interface ReportedEvent {
  readonly siteId: string;
  readonly eventId: string;
  readonly sessionId: string;
  readonly eventType: number;
  readonly serverTime: string;
  readonly fingerprint: string;
  readonly url?: string;
  readonly logStatus: LogStatus;
}

/** Every matched event of a run as the report reads it back (src/events/store.ts holds them). */
export interface EventLines {
  readonly count: number;
  /** The first event ids in report order, at most FIRST_IDS_KEPT. */
  readonly firstIds: readonly string[];
  /** Visits every event's group and time (ms), in report order. */
  forEach(visit: (fingerprint: string, atMs: number) => void): void;
  /** Every event's report line (a ReportedEvent as JSON), in report order. */
  lines(): AsyncIterable<string>;
}

// ---------------------------------------------------------------------------
// The volume check's plain data (issue 24; src/volume/ judges it, every renderer reads it): how much
// tracking arrived per site, what it is compared with, and the verdict. Times are ISO-8601 UTC.

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
