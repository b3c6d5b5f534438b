import type { SessionScan } from '../piwik/debugger.js';
import { plural } from '../text/plural.js';
import type { OptionNames } from '../text/option-names.js';
import type { SiteResult } from '../types.js';

/**
 * What the scan says about a site beside its numbers, in words that name the
 * site as a person knows it: a cap, lines it could not read, the older Logs
 * endpoint, raw requests it could not have; and, for a site it could not
 * scan at all, the error (renderers name the site) and whether the API refused it.
 */
export function siteWarnings(
  label: string,
  result: SiteResult,
  sessions: SessionScan | undefined,
  logs: { readonly usedLegacyEndpoint: boolean; readonly failures: readonly string[] },
  settings: { readonly maxSessions: number; readonly names: OptionNames },
): string[] {
  const out: string[] = [];
  if (result.capped) {
    out.push(
      `Site ${label}: stopped after ${settings.maxSessions} ${plural(settings.maxSessions, 'session')}; older sessions in the window were not scanned. Raise ${settings.names.of('max-sessions')} or shorten ${settings.names.of('lookup-window')}.`,
    );
  }
  if (sessions && sessions.lines.malformed + sessions.lines.oversized > 0) {
    out.push(
      `Site ${label}: skipped ${sessions.lines.malformed} malformed and ${sessions.lines.oversized} oversized lines in the Debugger API's answer, so the scan is incomplete and no issue of this site is closed as resolved.`,
    );
  }
  if (sessions && sessions.notSessions > 0) {
    out.push(
      `Site ${label}: the Debugger API answered ${sessions.notSessions} ${plural(sessions.notSessions, 'line')} that ${sessions.notSessions === 1 ? 'is' : 'are'} not a session (no session id or no events list: a maintenance or error page?), so the scan is incomplete and no issue of this site is closed as resolved.`,
    );
  }
  if (sessions && sessions.malformedEvents > 0) {
    out.push(
      `Site ${label}: skipped ${sessions.malformedEvents} matching ${plural(sessions.malformedEvents, 'event')} that lacked an id or a time, so the scan is incomplete and no issue of this site is closed as resolved.`,
    );
  }
  if (logs.usedLegacyEndpoint)
    out.push(`Site ${label}: the Logs API (/logs) was not available; raw requests came from the older /log endpoint.`);
  if (result.logs.unavailable > 0) {
    const reason = logs.failures[0] ? ` (${logs.failures[0]})` : '';
    out.push(
      `Site ${label}: the raw request of ${result.logs.unavailable} ${plural(result.logs.unavailable, 'event')} could not be had${reason}; ${result.logs.unavailable === 1 ? 'it is' : 'those events are'} still reported.`,
    );
  }
  return out;
}

/** The status of an API that refused the site (401 after a fresh token, 403, 404): asking again cannot help. */
export function refusalOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 401 || status === 403 || status === 404 ? status : undefined;
}

/** The reason alone: every renderer says which site it was. */
export function siteError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number }).status;
  if (status === 403 || status === 404) {
    return `no access (HTTP ${status}). Check that the site id is right and that the API client has at least view access to it.`;
  }
  return `the scan failed: ${message}`;
}
