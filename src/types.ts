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
  /** False when absence of events proves nothing: capped by max-sessions, or an API error. */
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
// Tag Manager publishes (src/tagmanager/ reads and decides them). No code of any tag is kept here:
// the changelog's content is only searched for parameter names, and dropped.

/** A changelog entry's kind, as the Tag Manager API names it. */
export type ChangeType = 'add' | 'edit' | 'delete';
export type ResourceType = 'tag' | 'trigger' | 'variable';

/** One change a version made (the report's "type/resource/name"). */
export interface TagManagerChange {
  readonly type: ChangeType;
  readonly resource: ResourceType;
  /** As typed in Tag Manager, made plain one-line text (src/account/text.ts). */
  readonly name: string;
  /** Parameters the run looked for that the resource's content names after the change. */
  readonly sends?: readonly string[];
  /** Parameters the content named before the change only (an edit that dropped them, a deleted resource). */
  readonly sentBefore?: readonly string[];
}

/** One published version of a site's container. */
export interface Publish {
  readonly versionId: string;
  /** `42`, or `42.1`: version_major, and version_minor when it is not 0. */
  readonly version: string;
  /** ISO-8601, UTC. */
  readonly publishedAt: string;
  /** The publisher's e-mail: personal data, kept only with `redact: false`. */
  readonly publisher?: string;
  /** Absent for the version in force before the window (its changes are older than anything seen). */
  readonly changes?: readonly TagManagerChange[];
  /** How many changes the changelog holds; more than `changes.length` when it was read in part. */
  readonly changeCount?: number;
}

/** What the run learnt of one site's Tag Manager (the report's `tagManager` of a site). */
export interface SiteTagManager {
  /** Versions published within the scanned window, oldest first. */
  readonly publishes: readonly Publish[];
  /** The version in force when the window began, when known. */
  readonly inForceBefore?: Publish;
  /** Why the publishes are not known, or only in part: said once as a notice, and here per site. */
  readonly error?: string;
  /** For a run that sees a publish newer than its previous run: "Version 42 published 12 min ago: 0 broken events since". */
  readonly afterPublish?: AfterPublish;
}

export interface AfterPublish {
  readonly version: string;
  readonly publishedAt: string;
  /** Whole minutes from the publish to the end of the scan. */
  readonly minutesAgo: number;
  /** Matching events of the site after the publish. */
  readonly eventsSince: number;
}

/** A changed resource whose content names a parameter the diagnosis blames. */
export interface ResourceSuspect {
  readonly change: TagManagerChange;
  readonly parameter: string;
  /** True when only the content before the change named it: the change stopped sending it. */
  readonly dropped: boolean;
}

/** A problem that began after a publish, within `publish-blame-minutes` of it. */
export interface PublishBlame {
  readonly version: string;
  readonly versionId: string;
  readonly publishedAt: string;
  /** Whole minutes from the publish to the problem's first event. */
  readonly minutesAfter: number;
  readonly changes: readonly TagManagerChange[];
  readonly changeCount: number;
  /** Most likely cause first: the resources that send (or stopped sending) the offending parameter. */
  readonly suspects: readonly ResourceSuspect[];
  readonly publisher?: string;
}
