// The shapes the datasets build and the simulator serves. The datasets are
// plain JavaScript (the demo and the bench run them without a build step),
// checked by tsc against these types through their JSDoc; the functions'
// types come from the code itself.

import type { makeVisitor } from './visitors.mjs';

export interface Rng {
  /** uint32 */
  next(): number;
  /** [0, 1) */
  float(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  /** n lowercase hex digits */
  hex(n: number): string;
  u64(): bigint;
  uuid(): string;
}

// ---------------------------------------------------------------------------
// What the API serves

/** `[id, label]`, e.g. `[17, 'Broken event']`. */
type Tuple = [number | string, string];

/** A DebugEvent as the simulator holds it: u64 fields are BigInt and serialised as exact integer literals. */
export interface DebugEventRecord {
  event_id: bigint;
  event_id_str: string;
  event_id_hex: string;
  log_uuids: string[];
  session_id: bigint;
  session_id_str: string;
  session_id_hex: string;
  is_exit: boolean;
  is_entry: boolean;
  event_type: [number, string];
  event_index: number;
  page_view_index?: number;
  /** `YYYY-MM-DDTHH:MM:SS`, UTC */
  server_time: string;
  event_url?: string;
  event_url_original?: string;
  event_title?: string;
  custom_event_category?: string;
  custom_event_action?: string;
  custom_event_name?: string;
  custom_event_value?: number;
  goal_id?: number;
  /** type 17 (broken event) */
  error_message?: string;
  /** type 18 (excluded event) */
  exclusion_reason?: string;
  [field: string]: unknown;
}

/** A DebugSession: every field the spec requires, plus a realistic selection of optional ones. */
export interface DebugSessionRecord {
  session_id: bigint;
  session_id_str: string;
  session_id_hex: string;
  server_time: string;
  updated_at: string;
  app_uuid: string;
  organization: string;
  cookie_id: bigint;
  cookie_id_str: string;
  cookie_id_hex: string;
  user_id?: string;
  visitor_id: bigint;
  visitor_id_str: string;
  visitor_id_hex: string;
  visitor_returning: Tuple;
  session_first_event_time: string;
  session_last_event_time: string;
  session_total_events: number;
  session_ecommerce_status: Tuple;
  referrer_type: Tuple;
  is_bounce: boolean;
  events: DebugEventRecord[];
  [field: string]: unknown;
}

/** A raw tracking request as GET /api/tracker/v1/logs answers it. */
export interface AnonymizedLog {
  id: string;
  /** e.g. `2020-02-01T00:00:00.000000000Z` */
  time: string;
  ip: string;
  host?: string;
  scheme: string;
  method: string;
  headers: [string, string][];
  /** Decoded parameter values, all strings. */
  query_params: Record<string, string>;
  cookie_id?: string;
  user_id?: string;
  debug?: boolean;
}

/** A session built by makeSession. */
export interface RecordSession {
  appId: string;
  /** Whole seconds: what `updated_at` says, and what lookup_window filters on. */
  updatedAt: Date;
  record: DebugSessionRecord;
  /** One per event (except events built with `logMissing`), built on first access. Assignable. */
  logs: AnonymizedLog[];
  rawLine?: undefined;
}

/** A verbatim line in the debugger stream (garbage, truncated JSON, …), built by makeRawLine. */
export interface RawLineSession {
  appId: string;
  updatedAt: Date;
  rawLine: string;
  record: undefined;
  logs: AnonymizedLog[];
}

export type SimSession = RecordSession | RawLineSession;

/**
 * Sessions generated on demand. `session(i)` must be deterministic and ordered
 * newest first (updatedAt non-increasing in i). The optional members let the
 * simulator answer without building every session.
 */
export interface LazyDataset {
  count: number;
  session(i: number): SimSession;
  /** Cheap `session(i).updatedAt`. */
  updatedAt?(i: number): Date;
  /** Cheap list of the event types of session i (event_type filter). */
  eventTypes?(i: number): number[];
  /** Lookup by event id (legacy /log endpoint). */
  findEvent?(eventId: bigint): { session: SimSession; event: DebugEventRecord } | undefined;
  /** Lookup by log UUID (lowercase) (documented /logs endpoint). */
  findLog?(uuid: string): AnonymizedLog | undefined;
}

/** What a site serves: sessions in any order (the simulator sorts), or a lazy dataset. */
export type Dataset = SimSession[] | LazyDataset;

// ---------------------------------------------------------------------------
// Builders

export interface CustomEventSpec {
  category?: string;
  action?: string;
  name?: string;
  /** A non-numeric value (e.g. 'twelve') goes into the raw request only, as in a broken event. */
  value?: string | number;
}

export interface EventSpec {
  /** Event type id: 1 page view, 5 custom event, 8 goal, 9 ecommerce, 17 broken, 18 excluded, … */
  type: number;
  /** type 17; a generic message when left out */
  errorMessage?: string;
  /** type 18; 'IP is on the crawler list' when left out */
  exclusionReason?: string;
  url?: string;
  title?: string;
  customEvent?: CustomEventSpec;
  goalId?: number;
  /** Overrides of the raw request's parameters; undefined or null removes one (e.g. `{ idsite: undefined }`). */
  queryParams?: Record<string, string | number | undefined | null>;
  /** Overrides of the raw request's headers by name; undefined or null removes one. */
  headers?: Record<string, string | undefined | null> | [string, string][];
  eventId?: bigint;
  logUuid?: string;
  /** The event lists a log UUID that the logs endpoints do not know. */
  logMissing?: boolean;
}

export interface SessionSpec {
  appId: string;
  /** When the last event happened; truncated to whole seconds. */
  updatedAt: Date;
  /** Also the first event's id (the spec copies session_id from it). */
  sessionId?: bigint;
  /** Fixes every generated id and value; without it a per-process counter is used. */
  seed?: string | number;
  /** Left out: a made-up e-mail address. '' or null: an anonymous visitor. */
  userId?: string | null;
  cookieId?: bigint;
  host?: string;
  organization?: string;
  events: EventSpec[];
}

export interface DemoDataset {
  sites: Record<string, RecordSession[]>;
  siteIds: string[];
}

export interface ScaleOptions {
  /** Number of sites (default 1, at most 4095). */
  sites?: number;
  /** Broken events only on every n-th site (site 0, n, 2n, …); default 1, every site. */
  problemEvery?: number;
  /** Sessions per site. */
  sessions: number;
  /** Broken events in total, over all sites. */
  brokenEvents?: number;
  /** Distinct messages (after numbers are normalised). */
  groups?: number;
  now?: Date;
  seed?: string;
  /** Sessions are spread over this many minutes before `now` (default 59). */
  spanMinutes?: number;
}

export interface ScaleDataset {
  sites: Record<string, LazyDataset>;
  siteIds: string[];
  expected: {
    /** All sites together. */
    sessions: number;
    brokenEvents: number;
    perSite: Record<string, { sessions: number; brokenEvents: number }>;
    /** Per group over all sites: an example message and how many broken events carry it. */
    groups: { index: number; sample: string; count: number }[];
  };
}

// ---------------------------------------------------------------------------
// What the builders hand each other

/** A made-up visitor, as makeVisitor makes one. */
type Visitor = ReturnType<typeof makeVisitor>;

/** Where an event sits in its session, and what makeSession decided for it. */
export interface EventPlace {
  eventId: bigint;
  sessionId: bigint;
  index: number;
  count: number;
  /** ms since the epoch */
  time: number;
  url: string;
  title: string | undefined;
  logUuid: string;
  pageViewIndex: number;
}

/** What buildLog needs of one event. */
export interface LogInput {
  eventSpec: EventSpec;
  url: string;
  title: string | undefined;
  time: number;
  logUuid: string;
  pageViewIndex: number;
}

/** What buildLog needs of the session. */
export interface LogContext {
  rng: Rng;
  appId: string;
  visitor: Visitor;
  cookieId: bigint;
  host: string;
  /** ms since the epoch */
  sessionStart: number;
}

/** What buildSessionRecord needs. */
export interface RecordInput {
  appId: string;
  sessionId: bigint;
  cookieId: bigint;
  visitorId: bigint;
  visitor: Visitor;
  updatedMs: number;
  /** Each event's time, ms since the epoch. */
  times: number[];
  events: DebugEventRecord[];
  rng: Rng;
  spec: SessionSpec;
}
