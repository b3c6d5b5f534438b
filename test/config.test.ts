import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { INPUT_NAMES } from '../src/text/option-names.js';

const SITE = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const OTHER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

function inputs(overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    'instance-url': 'https://acme.piwik.pro',
    'site-id': SITE,
    'client-id': 'id',
    'client-secret': 'secret',
    ...overrides,
  };
  return (name: string) => values[name] ?? '';
}

function problemsOf(overrides: Record<string, string>): string {
  try {
    parseConfig(inputs(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig(inputs());
    expect(config).toMatchObject({
      instanceUrl: 'https://acme.piwik.pro',
      siteIds: [SITE],
      eventTypes: [17],
      lookupWindow: 60,
      maxSessions: 1000,
      fetchLogs: 'samples',
      redact: true,
      failOnEvents: false,
      dryRun: false,
      timeoutSeconds: 600,
      github: { createIssue: false, labels: ['broken-events'] },
    });
    expect(config.pageUrl).toBeUndefined();
  });

  it('reads several site ids separated by commas, spaces and newlines, without duplicates', () => {
    const config = parseConfig(inputs({ 'site-id': `${SITE}, ${OTHER}\n${SITE.toUpperCase()}` }));
    expect(config.siteIds).toEqual([SITE, OTHER]);
  });

  it('accepts event types by name or number and keeps their order', () => {
    expect(parseConfig(inputs({ 'event-types': 'excluded, 17, Page view' })).eventTypes).toEqual([18, 17, 1]);
  });

  it('drops a trailing slash and keeps a path prefix', () => {
    expect(parseConfig(inputs({ 'instance-url': 'https://acme.piwik.pro/' })).instanceUrl).toBe('https://acme.piwik.pro');
    expect(parseConfig(inputs({ 'instance-url': 'https://proxy.example/piwik/' })).instanceUrl).toBe('https://proxy.example/piwik');
  });

  it('allows plain http only on loopback hosts', () => {
    expect(parseConfig(inputs({ 'instance-url': 'http://127.0.0.1:8080' })).instanceUrl).toBe('http://127.0.0.1:8080');
    expect(parseConfig(inputs({ 'instance-url': 'http://localhost:1' })).instanceUrl).toBe('http://localhost:1');
    expect(parseConfig(inputs({ 'instance-url': 'http://[::1]:1' })).instanceUrl).toBe('http://[::1]:1');
    expect(problemsOf({ 'instance-url': 'http://acme.piwik.pro' })).toMatch(/'instance-url' must be your Piwik PRO account URL.*https/);
    expect(problemsOf({ 'instance-url': 'http://127.0.0.1.evil.example' })).toMatch(/'instance-url'/);
  });

  it.each([
    ['0', /'lookup-window' must be a whole number from 1 to 300 \(got 0\)/],
    ['301', /'lookup-window' must be a whole number from 1 to 300 \(got 301\)/],
    ['abc', /'lookup-window' must be a whole number from 1 to 300 \(got 'abc'\)/],
    ['1.5', /'lookup-window' must be a whole number/],
  ])('rejects lookup-window %s, naming the input and its range', (value, expected) => {
    expect(problemsOf({ 'lookup-window': value })).toMatch(expected);
  });

  it.each([
    ['samples', 'samples'],
    ['all', 'all'],
    ['none', 'none'],
    ['ALL', 'all'],
    ['true', 'samples'],
    ['false', 'none'],
  ])('reads fetch-logs %s as %s (true and false are its older spellings)', (value, mode) => {
    expect(parseConfig(inputs({ 'fetch-logs': value })).fetchLogs).toBe(mode);
  });

  it('rejects any other fetch-logs, naming what it accepts', () => {
    expect(problemsOf({ 'fetch-logs': 'some' })).toMatch(/'fetch-logs' must be 'samples', 'all' or 'none'.*\(got 'some'\)/);
  });

  it('rejects a site id that is not a UUID, quoting it', () => {
    expect(problemsOf({ 'site-id': `${SITE},my-site` })).toMatch(/'site-id' must hold site\/app UUIDs.*'my-site'/);
  });

  it("names the action's inputs in every message, as a workflow's with: block spells them", () => {
    expect(problemsOf({ 'client-secret': '' })).toBe("Invalid input: 'client-secret' is required and was empty.");
    expect(problemsOf({ 'lookup-window': 'abc' })).toBe("Invalid input: 'lookup-window' must be a whole number from 1 to 300 (got 'abc').");
    expect(problemsOf({ 'client-secret': '', notify: 'sometimes' })).toBe(
      "Invalid inputs:\n- 'client-secret' is required and was empty.\n- 'notify' must be one of 'changes', 'always' (got 'sometimes').",
    );
    expect(parseConfig(inputs()).names).toBe(INPUT_NAMES);
  });

  it('names settings as the edge spells them when it passes its own names (the CLI: flags and variables)', () => {
    const names = { noun: 'option', of: (input: string) => `<${input}>`, set: (input: string, value: string) => `<${input}=${value}>` };
    const message = (overrides: Record<string, string>) => {
      try {
        parseConfig(inputs(overrides), { names });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message({ 'client-secret': '' })).toBe('Invalid option: <client-secret> is required and was empty.');
    expect(message({ 'watch-minutes': '5', since: 'window' })).toMatch(
      /^Invalid option: <since=window> cannot be combined with <watch-minutes>: .* Use <since=auto> /,
    );
    expect(parseConfig(inputs(), { names }).names).toBe(names);
  });

  it('rejects empty required inputs', () => {
    expect(problemsOf({ 'client-id': '  ' })).toMatch(/'client-id' is required/);
    expect(problemsOf({ 'site-id': '' })).toMatch(/'site-id' is required/);
  });

  it('rejects unknown event types and booleans that are not true/false', () => {
    expect(problemsOf({ 'event-types': 'broken, brokn' })).toMatch(/'event-types' has an unknown event type 'brokn'/);
    expect(problemsOf({ 'event-types': '10' })).toMatch(/unknown event type '10'/);
    expect(problemsOf({ redact: 'yes' })).toMatch(/'redact' must be 'true' or 'false'/);
  });

  it('lists every problem at once', () => {
    const message = problemsOf({ 'lookup-window': '0', 'client-secret': '', 'max-sessions': '-3' });
    expect(message).toMatch(/lookup-window/);
    expect(message).toMatch(/client-secret/);
    expect(message).toMatch(/max-sessions/);
  });

  it('never echoes a malformed webhook URL, which is a secret', () => {
    const message = problemsOf({ 'slack-webhook-url': 'http://hooks.example/T000/B000/XXXXSECRET' });
    expect(message).toMatch(/'slack-webhook-url'/);
    expect(message).not.toContain('XXXXSECRET');
  });

  it('reads the alerting inputs with their defaults', () => {
    expect(parseConfig(inputs()).alerting).toEqual({
      since: { kind: 'auto' },
      notify: 'changes',
      escalateFactor: 2,
      minEvents: 1,
      ignore: [],
    });
    expect(parseConfig(inputs()).channels).toEqual({ destination: {}, onClean: false, onFailure: true });
  });

  it('takes since as auto, window or an ISO-8601 instant, normalised to UTC', () => {
    expect(parseConfig(inputs({ since: 'window' })).alerting.since).toEqual({ kind: 'window' });
    expect(parseConfig(inputs({ since: '2026-11-29T15:05:00+01:00' })).alerting.since).toEqual({
      kind: 'instant',
      at: '2026-11-29T14:05:00.000Z',
    });
    expect(parseConfig(inputs({ since: '2026-11-29' })).alerting.since).toEqual({ kind: 'instant', at: '2026-11-29T00:00:00.000Z' });
    expect(problemsOf({ since: 'yesterday' })).toMatch(/'since' must be 'auto', 'window', 'tag-manager' or an ISO-8601 time/);
    expect(problemsOf({ since: '2026-11-29T15:05:00' })).toMatch(/'since'/);
  });

  it('reads silences one a line, fingerprints apart from texts, with an optional until date', () => {
    const config = parseConfig(inputs({ ignore: 'C605DDABE9D12FE7\nInvalid custom event value until 2026-12-31\n# a comment\n\n' }));
    expect(config.alerting.ignore).toEqual([
      { text: 'C605DDABE9D12FE7', fingerprint: 'c605ddabe9d12fe7', until: undefined },
      { text: 'Invalid custom event value until 2026-12-31', contains: 'Invalid custom event value', until: '2026-12-31' },
    ]);
    expect(problemsOf({ ignore: 'x until 2026-02-30' })).toMatch(/'ignore' has a rule whose 'until' is not a date YYYY-MM-DD/);
  });

  it('checks notify, escalate-factor and min-events', () => {
    expect(problemsOf({ notify: 'sometimes' })).toMatch(/'notify' must be one of 'changes', 'always'/);
    expect(problemsOf({ 'escalate-factor': '0.5' })).toMatch(/'escalate-factor' must be a number from 1 to 1000/);
    expect(problemsOf({ 'min-events': '0' })).toMatch(/'min-events' must be a whole number from 1/);
    expect(parseConfig(inputs({ 'escalate-factor': '1.5', 'issue-assignees': '@alice, bob' }))).toMatchObject({
      alerting: { escalateFactor: 1.5 },
      github: { assignees: ['alice', 'bob'] },
    });
  });

  it('reads the watch: off by default, minutes up to the Debugger window, an interval of at least 10 s', () => {
    expect(parseConfig(inputs()).watch).toEqual({ minutes: 0, intervalSeconds: 30 });
    expect(parseConfig(inputs({ 'watch-minutes': '5', 'watch-interval': '10' })).watch).toEqual({ minutes: 5, intervalSeconds: 10 });
    expect(problemsOf({ 'watch-minutes': '301' })).toMatch(/'watch-minutes' must be a whole number from 0 to 300 \(got 301\)/);
    expect(problemsOf({ 'watch-minutes': 'ten' })).toMatch(/'watch-minutes' must be a whole number from 0 to 300 \(got 'ten'\)/);
    expect(problemsOf({ 'watch-interval': '5' })).toMatch(/'watch-interval' must be a whole number from 10 to 3600 \(got 5\)/);
  });

  it('wants timeout-seconds larger than the watch, and a watch to start from', () => {
    expect(problemsOf({ 'watch-minutes': '10' })).toBe(
      "Invalid input: 'timeout-seconds' must be larger than the watch, to leave time to report: it is 600 s, and 'watch-minutes: 10' is 600 s. Set it to at least 720, or watch for less.",
    );
    expect(parseConfig(inputs({ 'watch-minutes': '10', 'timeout-seconds': '601' })).watch.minutes).toBe(10);
    // Without a watch, timeout-seconds may be anything it always could.
    expect(parseConfig(inputs({ 'timeout-seconds': '60' })).timeoutSeconds).toBe(60);
    expect(problemsOf({ 'watch-minutes': '5', since: 'window' })).toBe(
      "Invalid input: 'since: window' cannot be combined with 'watch-minutes': a watch looks for events after its start. Use 'since: auto' (the watch's start) or the deploy time as an ISO-8601 time.",
    );
    expect(parseConfig(inputs({ 'watch-minutes': '5', since: '2026-11-29T14:05:00Z' })).alerting.since.kind).toBe('instant');
  });
});
