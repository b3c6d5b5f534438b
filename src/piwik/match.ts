import type { EventContext, MatchedEvent } from '../types.js';

/**
 * Picks the requested events out of one DebugSession, as parsed by the
 * lossless NDJSON reader. The API's data is untrusted: every field is checked
 * for its type, and an event without a usable id or time is counted as
 * malformed instead of reported half-empty.
 */
export interface SessionMatch {
  readonly sessionId?: string;
  readonly events: MatchedEvent[];
  /** Requested events skipped because a required field was missing or mistyped. */
  readonly malformedEvents: number;
}

const DECIMAL_ID = /^\d{1,20}$/;

/**
 * Whether a line has the shape of a DebugSession (a session id and an `events` list): a 200 body of another
 * shape (`{"status":"maintenance"}`) is not an answer about sessions, and must not read as "none matched".
 */
export function isSession(line: Record<string, unknown>): boolean {
  return decimalId(line, 'session_id') !== undefined && Array.isArray(line.events);
}

export function matchSession(session: Record<string, unknown>, siteId: string, wanted: ReadonlySet<number>): SessionMatch {
  const sessionId = decimalId(session, 'session_id');
  const events = Array.isArray(session.events) ? session.events : [];
  const matched: MatchedEvent[] = [];
  let malformedEvents = 0;
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const event = raw as Record<string, unknown>;
    const type = eventTypeId(event.event_type);
    if (type === undefined || !wanted.has(type)) continue;
    const built = buildEvent(event, type, siteId, sessionId);
    if (built) matched.push(built);
    else malformedEvents += 1;
  }
  return { sessionId, events: matched, malformedEvents };
}

function buildEvent(event: Record<string, unknown>, type: number, siteId: string, sessionId: string | undefined): MatchedEvent | undefined {
  const eventId = decimalId(event, 'event_id');
  const ownSessionId = decimalId(event, 'session_id') ?? sessionId;
  const serverTime = utcTime(event.server_time);
  if (!eventId || !ownSessionId || !serverTime) return undefined;
  return {
    siteId,
    eventId,
    sessionId: ownSessionId,
    eventType: type,
    serverTime,
    url: text(event.event_url) ?? text(event.event_url_original),
    message: text(event.error_message) ?? text(event.exclusion_reason) ?? '',
    logUuids: Array.isArray(event.log_uuids) ? event.log_uuids.filter((u): u is string => typeof u === 'string' && u !== '') : [],
    context: context(event),
  };
}

function context(event: Record<string, unknown>): EventContext {
  const goalId = event.goal_id;
  return {
    title: text(event.event_title),
    customEventCategory: text(event.custom_event_category),
    customEventAction: text(event.custom_event_action),
    customEventName: text(event.custom_event_name),
    goalId: typeof goalId === 'number' || typeof goalId === 'string' ? String(goalId) : undefined,
  };
}

/** `event_type` is a `[id, name]` tuple. */
function eventTypeId(value: unknown): number | undefined {
  const id: unknown = Array.isArray(value) ? value[0] : undefined;
  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/**
 * The `<field>_str` decimal id; else the numeric field, which the lossless
 * reader hands over as a string when it is too large for a JS number.
 */
function decimalId(record: Record<string, unknown>, field: string): string | undefined {
  const str = record[`${field}_str`];
  if (typeof str === 'string' && DECIMAL_ID.test(str)) return str;
  const raw = record[field];
  if (typeof raw === 'string' && DECIMAL_ID.test(raw)) return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return String(raw);
  return undefined;
}

/** The API's `YYYY-MM-DDTHH:MM:SS` (UTC, no zone) as an explicit UTC ISO time. */
function utcTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(value);
  if (!match) return undefined;
  const iso = `${match[1]}T${match[2]}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
