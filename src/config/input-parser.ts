import { resolveEventType, BROKEN_EVENT } from '../piwik/event-types.js';
import { parseUrl } from '../text/parse-url.js';
import { isAllowedUrl, LOOPBACK_WORDS } from '../http/url-rule.js';
import { shorten } from '../text/shorten.js';
import { scrubCredentials } from '../safety/server-text.js';
import type { Parsed } from './sites.js';
import type { OptionNames } from '../text/option-names.js';
import type { FetchLogs, Since, SilenceRule } from './settings.js';

/** An input's raw text; undefined (or empty) when it was not given. */
export type InputReader = (name: string) => string | undefined;

/** How much of a rejected value an error message quotes: enough to recognise it, not a wall of text. */
const QUOTED_CHARS = 60;
/** How far ahead of this machine's clock a `since` may be (clock drift between the deploy and the runner). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** Small readers that record a problem and return a placeholder, so all problems are reported at once. */
export class InputParser {
  constructor(
    private readonly read: InputReader,
    private readonly problems: string[],
    private readonly names: OptionNames,
  ) {}

  private raw(name: string): string {
    return (this.read(name) ?? '').trim();
  }

  fail<T>(name: string, message: string, placeholder: T): T {
    this.problems.push(`${this.names.of(name)} ${message}`);
    return placeholder;
  }

  /** A value parsed by its own module, which says what is wrong after the input's name. */
  parsed<T>(name: string, parse: (raw: string, quote: (text: string) => string) => Parsed<T>, fallback: T): T {
    const result = parse(this.raw(name), quoted);
    return 'problem' in result ? this.fail(name, result.problem, fallback) : result.value;
  }

  optional(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  required(name: string): string {
    return this.optional(name) ?? this.fail(name, 'is required and was empty.', '');
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name).toLowerCase();
    if (value === '') return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.fail(name, `must be 'true' or 'false' (got '${quoted(value)}').`, fallback);
  }

  /** `samples`, `all` or `none`; `true` and `false`, its older spellings, still mean `samples` and `none`. */
  fetchLogs(name: string): FetchLogs {
    const value = this.raw(name).toLowerCase();
    if (value === '' || value === 'true') return 'samples';
    if (value === 'false') return 'none';
    if (value === 'samples' || value === 'all' || value === 'none') return value;
    return this.fail(name, `must be 'samples', 'all' or 'none' ('true' means samples, 'false' none) (got '${quoted(value)}').`, 'samples');
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === '') return fallback;
    const accepted = `must be a whole number from ${min} to ${max}`;
    if (!/^\d+$/.test(value)) return this.fail(name, `${accepted} (got '${quoted(value)}').`, fallback);
    const n = Number(value);
    if (n < min || n > max) return this.fail(name, `${accepted} (got ${quoted(value)}).`, fallback);
    return n;
  }

  /** A decimal number within bounds. */
  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === '') return fallback;
    const accepted = `must be a number from ${min} to ${max}`;
    if (!/^\d+(\.\d+)?$/.test(value)) return this.fail(name, `${accepted} (got '${quoted(value)}').`, fallback);
    const n = Number(value);
    if (n < min || n > max) return this.fail(name, `${accepted} (got ${quoted(value)}).`, fallback);
    return n;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name).toLowerCase();
    if (value === '') return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.fail(name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got '${quoted(value)}').`, fallback);
  }

  since(name: string): Since {
    const value = this.raw(name);
    if (value === '' || value.toLowerCase() === 'auto') return { kind: 'auto' };
    if (value.toLowerCase() === 'window') return { kind: 'window' };
    if (value.toLowerCase() === 'tag-manager') return { kind: 'tag-manager' };
    const at = parseInstant(value);
    // Clocks drift a little; a time further ahead would make every event old and the gate pass silently.
    if (at && Date.parse(at) > Date.now() + FUTURE_SLACK_MS) {
      return this.fail(name, `is in the future (${at}): no event could come after it. Give the deploy time, or 'auto'.`, { kind: 'auto' });
    }
    if (at) return { kind: 'instant', at };
    return this.fail(
      name,
      `must be 'auto', 'window', 'tag-manager' or an ISO-8601 time such as 2026-11-29T14:05:00Z (got '${quoted(value)}').`,
      {
        kind: 'auto',
      },
    );
  }

  /** One rule a line: a fingerprint or a text, optionally followed by `until YYYY-MM-DD`. */
  silences(name: string): readonly SilenceRule[] {
    const rules: SilenceRule[] = [];
    for (const line of this.raw(name).split('\n')) {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      const match = /^(.*?)\s+until\s+(\S+)$/i.exec(text);
      // Group 1 always takes part in a match.
      const subject = (match ? match[1] : text).trim();
      const until = match?.[2];
      if (until !== undefined && !isCalendarDate(until)) {
        this.fail(name, `has a rule whose 'until' is not a date YYYY-MM-DD: '${quoted(text)}'.`, undefined);
        continue;
      }
      if (subject === '') {
        this.fail(name, `has a rule with nothing to match before 'until': '${quoted(text)}'.`, undefined);
        continue;
      }
      const isFingerprint = /^[0-9a-f]{16}$/i.test(subject);
      rules.push({ text, until, ...(isFingerprint ? { fingerprint: subject.toLowerCase() } : { contains: subject }) });
    }
    return rules;
  }

  /** Comma- or newline-separated items, as action.yml says: a label such as `piwik pro` keeps its inner space. */
  list(name: string, fallback: readonly string[]): readonly string[] {
    const value = this.raw(name);
    if (value === '') return fallback;
    return splitList(value, /[,\n]+/);
  }

  eventTypes(name: string): readonly number[] {
    const tokens = splitList(this.raw(name), /[,\n]+/);
    if (tokens.length === 0) return [BROKEN_EVENT];
    const ids: number[] = [];
    for (const token of tokens) {
      const info = resolveEventType(token);
      if (!info) {
        return this.fail(
          name,
          `has an unknown event type '${quoted(token)}': use names such as broken, excluded, page-view, custom-event, or numbers 1-9 and 11-21 from the Debugger API.`,
          [BROKEN_EVENT],
        );
      }
      if (!ids.includes(info.id)) ids.push(info.id);
    }
    return ids;
  }

  instanceUrl(name: string): string {
    const value = this.raw(name);
    const accepted = `must be your Piwik PRO account URL, such as https://ACCOUNT.piwik.pro (https; ${LOOPBACK_WORDS})`;
    if (value === '') return this.fail(name, `is required: it ${accepted.replace(/^must be/, 'is')}.`, '');
    const url = parseUrl(value);
    if (!url) return this.fail(name, `${accepted}; '${quoted(withoutUserinfo(value))}' is not a URL.`, '');
    if (url.username || url.password || url.search || url.hash) {
      return this.fail(name, `${accepted}, without credentials, query or fragment.`, '');
    }
    if (!isAllowedUrl(url)) return this.fail(name, `${accepted}; got ${url.protocol}//${url.host}.`, '');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  webhookUrl(name: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    // Never echo the value: a webhook URL is a secret.
    const url = parseUrl(value);
    if (!url || !isAllowedUrl(url)) {
      this.fail(
        name,
        'must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…); the value given is not an https URL.',
        undefined,
      );
      return;
    }
    return value;
  }
}

function splitList(value: string, separators: RegExp = /[\s,]+/): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** An ISO-8601 date-time with a zone (or a bare date, taken as UTC midnight), normalised to UTC. */
function parseInstant(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(value)) return undefined;
  // Date.parse takes 2026-02-31 for March 3rd, and 24:00 for the next day: each part must be what it says.
  if (!isCalendarDate(value.slice(0, 10)) || !isClockTime(value.slice(11, 19))) return undefined;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `HH:MM` or `HH:MM:SS` within a day (or nothing: a bare date). */
function isClockTime(value: string): boolean {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  const [hours, minutes, seconds = '0'] = match ? match.slice(1) : [];
  return value === '' || (match !== null && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An input quoted in an error: credential-looking parts masked first (src/safety/server-text.ts), then cut. */
function quoted(value: string): string {
  return shorten(scrubCredentials(value), QUOTED_CHARS);
}

/** `scheme://anything@` loses what stands before the `@`, spaces and all: a URL that does not parse still holds a password. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/*)[^/?#]*@/i, '$1***@');
}
