import { resolveEventType, BROKEN_EVENT } from './event-types.js';

/**
 * Every input of the action, parsed and validated once, before any network
 * call. The rest of the code reads this object and never an input.
 */
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
  readonly fetchLogs: boolean;
  readonly redact: boolean;
  readonly failOnEvents: boolean;
  readonly dryRun: boolean;
  /** The whole run's time budget; requests still running then are aborted. */
  readonly timeoutSeconds: number;
  readonly slack: SlackConfig;
  readonly github: GithubConfig;
}

export interface SlackConfig {
  readonly webhookUrl?: string;
}

export interface GithubConfig {
  readonly createIssue: boolean;
  readonly token?: string;
  readonly labels: readonly string[];
}

/** Reads one input by its action.yml name; returns '' when unset, like @actions/core. */
export type InputReader = (name: string) => string;

/** Bad input: the message names every offending input and what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses all inputs; throws one ConfigError listing every problem found. */
export function parseConfig(read: InputReader): Config {
  const problems: string[] = [];
  const p = new InputParser(read, problems);
  const config: Config = {
    instanceUrl: p.instanceUrl('instance-url'),
    siteIds: p.siteIds('site-id'),
    clientId: p.required('client-id'),
    clientSecret: p.required('client-secret'),
    eventTypes: p.eventTypes('event-types'),
    lookupWindow: p.integer('lookup-window', 60, 1, 300),
    maxSessions: p.integer('max-sessions', 1000, 1, 1_000_000),
    pageUrl: p.optional('page-url'),
    fetchLogs: p.boolean('fetch-logs', true),
    redact: p.boolean('redact', true),
    failOnEvents: p.boolean('fail-on-events', false),
    dryRun: p.boolean('dry-run', false),
    timeoutSeconds: p.integer('timeout-seconds', 600, 1, 21_600),
    slack: {
      webhookUrl: p.webhookUrl('slack-webhook-url'),
    },
    github: {
      createIssue: p.boolean('create-issue', false),
      token: p.optional('github-token'),
      labels: p.list('issue-labels', ['broken-events']),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Small readers that record a problem and return a placeholder, so all problems are reported at once. */
class InputParser {
  constructor(
    private readonly read: InputReader,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string {
    return (this.read(name) ?? '').trim();
  }

  private fail<T>(name: string, message: string, placeholder: T): T {
    this.problems.push(`'${name}' ${message}`);
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
    return this.fail(name, `must be 'true' or 'false' (got '${shorten(value)}').`, fallback);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === '') return fallback;
    const accepted = `must be a whole number from ${min} to ${max}`;
    if (!/^\d+$/.test(value)) return this.fail(name, `${accepted} (got '${shorten(value)}').`, fallback);
    const n = Number(value);
    if (n < min || n > max) return this.fail(name, `${accepted} (got ${value}).`, fallback);
    return n;
  }

  /** Comma-, space- or newline-separated items, empty ones dropped. */
  list(name: string, fallback: readonly string[]): readonly string[] {
    const value = this.raw(name);
    if (value === '') return fallback;
    return splitList(value);
  }

  siteIds(name: string): readonly string[] {
    const ids = splitList(this.raw(name));
    if (ids.length === 0) return this.fail(name, 'is required: one or more site/app UUIDs, separated by commas, spaces or newlines.', []);
    const bad = ids.filter((id) => !UUID_PATTERN.test(id));
    if (bad.length > 0) {
      return this.fail(name, `must hold site/app UUIDs like 01234567-89ab-cdef-0123-456789abcdef (not a UUID: ${bad.map((b) => `'${shorten(b)}'`).join(', ')}).`, []);
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
        return this.fail(name, `has an unknown event type '${shorten(token)}': use names such as broken, excluded, page-view, custom-event, or numbers 1-9 and 11-21 from the Debugger API.`, [BROKEN_EVENT]);
      }
      if (!ids.includes(info.id)) ids.push(info.id);
    }
    return ids;
  }

  instanceUrl(name: string): string {
    const value = this.raw(name);
    const accepted = 'must be your Piwik PRO account URL, such as https://ACCOUNT.piwik.pro (https; plain http only for 127.0.0.1, localhost or [::1])';
    if (value === '') return this.fail(name, `is required: it ${accepted.replace(/^must be/, 'is')}.`, '');
    const url = parseUrl(value);
    if (!url) return this.fail(name, `${accepted}; '${shorten(value)}' is not a URL.`, '');
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
      return this.fail(name, 'must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…); the value given is not an https URL.', undefined);
    }
    return value;
  }
}

export function splitList(value: string, separators: RegExp = /[\s,]+/): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** https anywhere; http only on loopback, so tests and the demo can run without TLS. */
function isAllowedScheme(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function shorten(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
