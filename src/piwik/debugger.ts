import { HttpClient, HttpError, type HttpResponse } from '../http/client.js';
import { isSession, matchSession } from './match.js';
import type { MatchedEvent } from '../types.js';
import type { PiwikApi } from './api.js';
import { NdjsonLimitError, newNdjsonStats, readNdjson, type NdjsonStats } from './ndjson.js';

/**
 * Walks `GET /api/tracker/v1/debugger` for one site: one query chain per
 * requested event type, `limit`/`offset` paging until a short page or the
 * session cap. Each page is streamed and parsed line by line, and its matched
 * events are handed to `onPage`; nothing per event is kept here, so memory
 * grows neither with the sessions nor with the events.
 */
export interface SessionQuery {
  readonly siteId: string;
  readonly eventTypes: readonly number[];
  readonly lookupWindow: number;
  readonly pageUrl?: string;
  readonly maxSessions: number;
  readonly pageSize: number;
}

export interface SessionScan {
  sessionsScanned: number;
  readonly matchedSessionIds: Set<string>;
  /** More sessions existed than max-sessions let us read. */
  capped: boolean;
  readonly lines: NdjsonStats;
  malformedEvents: number;
  /** JSON lines without a session's shape (a 200 answer that is not the API's): the scan is then incomplete. */
  notSessions: number;
}

/** A line longer than this is not a session we can use; it is skipped without being held. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** A page longer than this is a protocol error (500 sessions of a few KiB each are far below it). */
const MAX_PAGE_CHARS = 256 * 1024 * 1024;
/** A page whose stream breaks is asked for again this many times. */
const PAGE_ATTEMPTS = 3;

/** Receives each page's new events, a session's events together; may return a promise to slow the scan down (back-pressure). */
export type PageHandler = (events: readonly MatchedEvent[]) => void | Promise<void>;

export async function scanSessions(api: PiwikApi, query: SessionQuery, onPage: PageHandler = () => undefined): Promise<SessionScan> {
  const scan: SessionScan = {
    sessionsScanned: 0,
    matchedSessionIds: new Set(),
    capped: false,
    lines: newNdjsonStats(),
    malformedEvents: 0,
    notSessions: 0,
  };
  for (const eventType of query.eventTypes) {
    await scanType(api, query, eventType, scan, onPage);
  }
  return scan;
}

/**
 * Pages tile the range: page k asks for `pageSize` sessions at offset
 * k × pageSize. Only the page the budget ends in asks for one session more,
 * to tell a cap from a range that ended exactly there.
 */
async function scanType(api: PiwikApi, query: SessionQuery, eventType: number, scan: SessionScan, onPage: PageHandler): Promise<void> {
  // Sessions that arrive while we page push older ones down: the last page's
  // events may come again at the top of the next one. Remembering one page
  // back is enough for that, and keeps this bounded.
  let previous = new Set<string>();
  for (let offset = 0; ; offset += query.pageSize) {
    const budget = query.maxSessions - scan.sessionsScanned;
    if (budget <= 0) return;
    const last = budget <= query.pageSize;
    const page = await readPageWithRetry(api, query, eventType, offset, last ? budget + 1 : query.pageSize);
    const used = Math.min(page.sessions, budget);
    scan.sessionsScanned += used;
    addStats(scan.lines, page.lines);
    scan.malformedEvents += page.malformedEvents;
    scan.notSessions += page.notSessions;
    const seen = new Set<string>();
    const fresh = page.matches
      .filter((m) => m.index < used)
      .flatMap((m) => {
        scan.matchedSessionIds.add(m.sessionKey);
        return m.events.filter((e) => !previous.has(e.eventId) && !seen.has(e.eventId) && seen.add(e.eventId));
      });
    previous = seen;
    if (fresh.length > 0) await onPage(fresh);
    if (last) {
      scan.capped = page.sessions > budget;
      return;
    }
    if (page.sessions < query.pageSize) return;
  }
}

interface Page {
  sessions: number;
  matches: { index: number; sessionKey: string; events: MatchedEvent[] }[];
  lines: NdjsonStats;
  malformedEvents: number;
  notSessions: number;
}

/** A page is kept only once its whole stream arrived: a cut stream is asked for again, never half-counted. */
async function readPageWithRetry(api: PiwikApi, query: SessionQuery, eventType: number, offset: number, limit: number): Promise<Page> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await readPage(api, query, eventType, offset, limit);
    } catch (error) {
      if (error instanceof HttpError || error instanceof NdjsonLimitError || error instanceof NotSessionsError || attempt >= PAGE_ATTEMPTS)
        throw error;
    }
  }
}

async function readPage(api: PiwikApi, query: SessionQuery, eventType: number, offset: number, limit: number): Promise<Page> {
  const params = new URLSearchParams({
    app_id: query.siteId,
    lookup_window: String(query.lookupWindow),
    event_type: String(eventType),
    limit: String(limit),
    offset: String(offset),
  });
  if (query.pageUrl !== undefined) params.set('page_url', query.pageUrl);
  const what = `Piwik PRO Debugger API (site ${query.siteId})`;
  const response = await api.get(`/api/tracker/v1/debugger?${params.toString()}`, what);
  await rejectNonNdjson(response, what);
  const page: Page = { sessions: 0, matches: [], lines: newNdjsonStats(), malformedEvents: 0, notSessions: 0 };
  const wanted = new Set([eventType]);
  const bounds = { maxLineChars: MAX_LINE_CHARS, stats: page.lines, maxValues: limit, maxChars: MAX_PAGE_CHARS, source: what };
  for await (const session of readNdjson(response.body, bounds)) {
    if (!isSession(session)) {
      page.notSessions += 1;
      continue;
    }
    const index = page.sessions;
    page.sessions += 1;
    const match = matchSession(session, query.siteId, wanted);
    page.malformedEvents += match.malformedEvents;
    if (match.events.length > 0) {
      page.matches.push({ index, sessionKey: match.sessionId ?? `#${offset + index}`, events: match.events });
    }
  }
  // Not one session, and lines of another shape: the API did not answer (a maintenance or error page sent as 200).
  if (page.sessions === 0 && page.notSessions > 0) throw new NotSessionsError(what, page.notSessions);
  return page;
}

/** A page that held lines, none of them a session: a non-answer, which must fail the site as a 503 would. */
class NotSessionsError extends Error {
  constructor(what: string, lines: number) {
    super(
      `${what} answered ${lines} ${lines === 1 ? 'line' : 'lines'} that ${lines === 1 ? 'is' : 'are'} not a session (no session id or no events list: a maintenance or error page?) and no session; it was not taken as "no sessions".`,
    );
    this.name = 'NotSessionsError';
  }
}

/** A proxy or login page answering 200 with HTML must not read as "no sessions". */
async function rejectNonNdjson(response: HttpResponse, what: string): Promise<void> {
  const type = String(response.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('text/html')) {
    await HttpClient.discard(response);
    throw new HttpError(
      what,
      response.status,
      "answered an HTML page instead of NDJSON sessions (a proxy, a login page, or an instance URL that is not your account's?).",
    );
  }
}

function addStats(into: NdjsonStats, from: NdjsonStats): void {
  into.lines += from.lines;
  into.malformed += from.malformed;
  into.oversized += from.oversized;
}
