import { DEBUGGER_WINDOW_MINUTES } from '../config.js';

/**
 * The arithmetic of a watch, pure: when the next poll is due, how many
 * minutes of `lookup_window` a poll needs, and how elapsed time is written.
 */

/**
 * The next poll after one that was due at `lastDueMs`: one interval later,
 * at once when the last poll overran it (no burst of missed polls), and never
 * after the watch's end, so the last poll looks at the very end.
 */
export function nextPollAt(lastDueMs: number, nowMs: number, intervalMs: number, endMs: number): number {
  return Math.min(Math.max(lastDueMs + intervalMs, nowMs), endMs);
}

/** Whole minutes from `since` to now, rounded up: the Debugger API's `lookup_window`, within its 1-300. */
export function pollWindowMinutes(sinceMs: number, nowMs: number): number {
  const minutes = Math.ceil((nowMs - sinceMs) / 60_000);
  return Math.min(Math.max(minutes, 1), DEBUGGER_WINDOW_MINUTES);
}

/** `m:ss`, the way a job log line says how far into the watch it is. */
export function clockTime(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The watch's start as `since`: whole seconds, like the API's times (an event counts when it is after this second). */
export function wholeSecond(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}
