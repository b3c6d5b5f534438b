import { resolveEventType, BROKEN_EVENT } from './piwik/event-types.js';
import { parseUrl } from './text/parse-url.js';
import { shorten } from './text/shorten.js';
import { scrubCredentials } from './safety/server-text.js';
import { isUuid } from './text/uuid.js';
import { INPUT_NAMES, type OptionNames } from './text/option-names.js';

/**
 * Every input of the action, parsed and validated once, before any network
 * call. The rest of the code reads this object and never an input.
 */

/** How much of a rejected value an error message quotes: enough to recognise it, not a wall of text. */
const QUOTED_CHARS = 60;

export interface Config {
  /** Account origin plus any path prefix, without a trailing slash. */
  readonly instanceUrl: string;
  readonly siteIds: readonly string[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly eventTypes: readonly number[];
  readonly lookupWindow: number;
  readonly maxSessions: number;
  readonly pageUrl?: string;
  readonly fetchLogs: FetchLogs;
  readonly redact: boolean;
  readonly failOnEvents: boolean;
  readonly dryRun: boolean;
  /** Add a Piwik PRO annotation for each group that becomes new or regressed. */
  readonly annotate: boolean;
  /** The whole run's time budget; requests still running then are aborted. */
  readonly timeoutSeconds: number;
  /** A problem is laid at a Tag Manager publish only when it began this many minutes after it at most (src/tagmanager/). */
  readonly publishBlameMinutes: number;
  readonly watch: WatchConfig;
  readonly alerting: AlertConfig;
  readonly slack: SlackConfig;
  readonly github: GithubConfig;
  /** How messages name a setting: the action's inputs, or the CLI's flags and variables (src/text/option-names.ts). */
  readonly names: OptionNames;
}

/**
 * Whose raw requests are fetched: the few samples each group shows (the
 * default, one batched request per site), every matched event's (written to
 * the evidence file as they arrive), or none.
 */
export type FetchLogs = 'samples' | 'all' | 'none';

/** When a run alerts: only on change, by default. */
export interface AlertConfig {
  readonly since: Since;
  readonly notify: 'changes' | 'always';
  /** A known group alerts again when its count reaches this multiple of its last report. */
  readonly escalateFactor: number;
  /** Fewer new events than this: report, but neither alert nor fail. */
  readonly minEvents: number;
  readonly ignore: readonly SilenceRule[];
  /** Where a run remembers what it reported (`state-file`): read by `since: auto` first, written after a successful run. */
  readonly stateFile?: string;
}

/** Post-deploy watch: poll from `since` on and stop at the first new events. `minutes: 0` is one scan. */
interface WatchConfig {
  readonly minutes: number;
  readonly intervalSeconds: number;
}

/** The Debugger API looks back at most this many minutes: the longest `lookup-window`, and the longest watch. */
export const DEBUGGER_WINDOW_MINUTES = 300;

/** Which events are new: after the previous successful run (auto), all in the window, or after an instant. */
export type Since =
  | { readonly kind: 'auto' }
  | { readonly kind: 'window' }
  | { readonly kind: 'instant'; readonly at: string }
  /** After each site's latest Tag Manager publish. */
  | { readonly kind: 'tag-manager' };

/** One line of the `ignore` input. */
export interface SilenceRule {
  readonly text: string;
  /** A 16-hex-digit fingerprint matches exactly; any other text is looked for in the error message. */
  readonly fingerprint?: string;
  readonly contains?: string;
  /** YYYY-MM-DD, inclusive; the rule is ignored (with a notice) after that day. */
  readonly until?: string;
}

interface SlackConfig {
  readonly webhookUrl?: string;
  /** Added to the message as given (the workflow author's text, not the API's). */
  readonly mention?: string;
  readonly onClean: boolean;
  readonly onFailure: boolean;
}

interface GithubConfig {
  readonly createIssue: boolean;
  readonly token?: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  readonly closeResolved: boolean;
}

/** Reads one input by its action.yml name; returns '' when unset, like @actions/core. */
/** An input's raw text; undefined (or empty) when it was not given. */
export type InputReader = (name: string) => string | undefined;

/** Bad input: the message names every offending input (as `names` spells it) and what it accepts. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    names: OptionNames = INPUT_NAMES,
  ) {
    super(
      problems.length === 1
        ? `Invalid ${names.noun}: ${problems[0]}`
        : `Invalid ${names.noun}s:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export interface ParseOptions {
  /** How messages name a setting; the action's input names unless the edge says otherwise (the CLI: flags and variables). */
  readonly names?: OptionNames;
}

/** Parses all inputs; throws one ConfigError listing every problem found. */
export function parseConfig(read: InputReader, options: ParseOptions = {}): Config {
  const names = options.names ?? INPUT_NAMES;
  const problems: string[] = [];
  const p = new InputParser(read, problems, names);
  const config: Config = {
    instanceUrl: p.instanceUrl('instance-url'),
    siteIds: p.siteIds('site-id'),
    clientId: p.required('client-id'),
    clientSecret: p.required('client-secret'),
    eventTypes: p.eventTypes('event-types'),
    lookupWindow: p.integer('lookup-window', 60, 1, DEBUGGER_WINDOW_MINUTES),
    maxSessions: p.integer('max-sessions', 1000, 1, 1_000_000),
    pageUrl: p.optional('page-url'),
    fetchLogs: p.fetchLogs('fetch-logs'),
    redact: p.boolean('redact', true),
    failOnEvents: p.boolean('fail-on-events', false),
    dryRun: p.boolean('dry-run', false),
    annotate: p.boolean('annotate', false),
    timeoutSeconds: p.integer('timeout-seconds', 600, 1, 21_600),
    publishBlameMinutes: p.integer('publish-blame-minutes', 120, 1, 1_440),
    watch: {
      minutes: p.integer('watch-minutes', 0, 0, DEBUGGER_WINDOW_MINUTES),
      intervalSeconds: p.integer('watch-interval', 30, 10, 3_600),
    },
    alerting: {
      since: p.since('since'),
      notify: p.choice('notify', ['changes', 'always'] as const, 'changes'),
      escalateFactor: p.number('escalate-factor', 2, 1, 1000),
      minEvents: p.integer('min-events', 1, 1, 1_000_000),
      ignore: p.silences('ignore'),
      stateFile: p.optional('state-file'),
    },
    slack: {
      webhookUrl: p.webhookUrl('slack-webhook-url'),
      mention: p.optional('slack-mention'),
      onClean: p.boolean('slack-on-clean', false),
      onFailure: p.boolean('slack-on-failure', true),
    },
    github: {
      createIssue: p.boolean('create-issue', false),
      token: p.optional('github-token'),
      labels: p.list('issue-labels', ['broken-events']),
      assignees: p.list('issue-assignees', []).map((a) => a.replace(/^@/, '')),
      closeResolved: p.boolean('close-resolved', false),
    },
    names,
  };
  // Checked on valid values only: a placeholder would make a second, misleading problem.
  if (problems.length === 0) problems.push(...watchProblems(config));
  if (problems.length > 0) throw new ConfigError(problems, names);
  return config;
}

/** A watch needs a start to watch from, and time after it to report in. */
function watchProblems(config: Config): string[] {
  const { minutes } = config.watch;
  if (minutes === 0) return [];
  const { names } = config;
  const problems: string[] = [];
  if (config.timeoutSeconds <= minutes * 60) {
    problems.push(
      `${names.of('timeout-seconds')} must be larger than the watch, to leave time to report: it is ${config.timeoutSeconds} s, and ${names.set('watch-minutes', String(minutes))} is ${minutes * 60} s. Set it to at least ${minutes * 60 + 120}, or watch for less.`,
    );
  }
  if (config.alerting.since.kind === 'window') {
    problems.push(
      `${names.set('since', 'window')} cannot be combined with ${names.of('watch-minutes')}: a watch looks for events after its start. Use ${names.set('since', 'auto')} (the watch's start) or the deploy time as an ISO-8601 time.`,
    );
  }
  return problems;
}

/** Small readers that record a problem and return a placeholder, so all problems are reported at once. */
class InputParser {
  constructor(
    private readonly read: InputReader,
    private readonly problems: string[],
    private readonly names: OptionNames,
  ) {}

  private raw(name: string): string {
    return (this.read(name) ?? '').trim();
  }

  private fail<T>(name: string, message: string, placeholder: T): T {
    this.problems.push(`${this.names.of(name)} ${message}`);
    return placeholder;
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
    if (n < min || n > max) return this.fail(name, `${accepted} (got ${value}).`, fallback);
    return n;
  }

  /** A decimal number within bounds. */
  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === '') return fallback;
    const accepted = `must be a number from ${min} to ${max}`;
    if (!/^\d+(\.\d+)?$/.test(value)) return this.fail(name, `${accepted} (got '${quoted(value)}').`, fallback);
    const n = Number(value);
    if (n < min || n > max) return this.fail(name, `${accepted} (got ${value}).`, fallback);
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
    if (at) return { kind: 'instant', at };
    return this.fail(name, `must be 'auto', 'window', 'tag-manager' or an ISO-8601 time such as 2026-11-29T14:05:00Z (got '${quoted(value)}').`, {
      kind: 'auto',
    });
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

  siteIds(name: string): readonly string[] {
    const ids = splitList(this.raw(name));
    if (ids.length === 0) return this.fail(name, 'is required: one or more site/app UUIDs, separated by commas, spaces or newlines.', []);
    const bad = ids.filter((id) => !isUuid(id));
    if (bad.length > 0) {
      return this.fail(
        name,
        `must hold site/app UUIDs like 01234567-89ab-cdef-0123-456789abcdef (not a UUID: ${bad.map((b) => `'${quoted(b)}'`).join(', ')}).`,
        [],
      );
    }
    return [...new Set(ids.map((id) => id.toLowerCase()))];
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
    const accepted =
      'must be your Piwik PRO account URL, such as https://ACCOUNT.piwik.pro (https; plain http only for 127.0.0.1, localhost or [::1])';
    if (value === '') return this.fail(name, `is required: it ${accepted.replace(/^must be/, 'is')}.`, '');
    const url = parseUrl(value);
    if (!url) return this.fail(name, `${accepted}; '${quoted(withoutUserinfo(value))}' is not a URL.`, '');
    if (url.username || url.password || url.search || url.hash) {
      return this.fail(name, `${accepted}, without credentials, query or fragment.`, '');
    }
    if (!isAllowedScheme(url)) return this.fail(name, `${accepted}; got ${url.protocol}//${url.host}.`, '');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  webhookUrl(name: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    // Never echo the value: a webhook URL is a secret.
    const url = parseUrl(value);
    if (!url || !isAllowedScheme(url)) {
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
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** https anywhere; http only on loopback, so tests and the demo can run without TLS. */
function isAllowedScheme(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** An input quoted in an error: credential-looking parts masked first (src/safety/server-text.ts), then cut. */
function quoted(value: string): string {
  return shorten(scrubCredentials(value), QUOTED_CHARS);
}

/** `scheme://anything@` loses what stands before the `@`, spaces and all: a URL that does not parse still holds a password. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/*)[^/?#]*@/i, '$1***@');
}
