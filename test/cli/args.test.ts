import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { inputReader, secretValues } from '../../src/cli/env.js';

describe('parseArgs', () => {
  it('reads --name value and --name=value', () => {
    const args = parseArgs(['--instance-url', 'https://a.piwik.pro', '--client-id=abc', '--page-url=a=b']);
    expect(Object.fromEntries(args.inputs)).toEqual({ 'instance-url': 'https://a.piwik.pro', 'client-id': 'abc', 'page-url': 'a=b' });
  });

  it('reads boolean flags alone, with =value, with a following true/false, and as --no-', () => {
    const args = parseArgs(['--fail-on-events', '--redact=false', '--dry-run', 'true', '--no-fetch-logs', '--create-issue', 'false']);
    expect(Object.fromEntries(args.inputs)).toEqual({
      'fail-on-events': 'true',
      redact: 'false',
      'dry-run': 'true',
      'fetch-logs': 'false',
      'create-issue': 'false',
    });
  });

  it('joins repeated list inputs with newlines and refuses other repeats', () => {
    expect(parseArgs(['--site-id', 'a', '--site-id', 'b']).inputs.get('site-id')).toBe('a\nb');
    expect(parseArgs(['--ignore', 'x until 2030-01-01', '--ignore', 'y']).inputs.get('ignore')).toBe('x until 2030-01-01\ny');
    expect(() => parseArgs(['--lookup-window', '5', '--lookup-window', '6'])).toThrow(/--lookup-window was given more than once/);
  });

  it('reads its own options', () => {
    expect(parseArgs(['--json', '--report', 'out/r.json'])).toMatchObject({
      json: true,
      reportFile: 'out/r.json',
      help: false,
      version: false,
    });
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['--version']).version).toBe(true);
  });

  it.each([
    [['--nope'], /Unknown option --nope/],
    [['--no-site-id'], /Unknown option --no-site-id/],
    [['positional'], /Unexpected argument 'positional'/],
    [['--site-id'], /--site-id needs a value/],
    [['--site-id', '--json'], /--site-id needs a value/],
    [['--report'], /--report needs a file name/],
    [['--json=yes'], /--json takes no value/],
    [['--no-redact=true'], /--no-redact takes no value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('never repeats a value in its messages (it may be a secret)', () => {
    expect(() => parseArgs(['--client-secret', 's3cr3t-value', '--client-secret', 's3cr3t-value'])).toThrow(/^(?!.*s3cr3t)/);
  });
});

describe('inputReader', () => {
  const env = {
    PIWIK_LOOKUP_WINDOW: '30',
    PIWIK_SITE_IDS: 'from-alias',
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
    PIWIK_PAGE_URL: '',
  };

  it('prefers a flag, then PIWIK_<NAME>, then the aliases; an empty variable counts as unset', () => {
    const read = inputReader(new Map([['lookup-window', '90']]), env);
    expect(read('lookup-window')).toBe('90');
    expect(inputReader(new Map(), env)('lookup-window')).toBe('30');
    expect(inputReader(new Map(), { ...env, PIWIK_SITE_ID: 'direct' })('site-id')).toBe('direct');
    expect(inputReader(new Map(), env)('site-id')).toBe('from-alias');
    expect(inputReader(new Map(), env)('page-url')).toBe('');
    expect(inputReader(new Map(), env)('slack-webhook-url')).toBe(env.SLACK_WEBHOOK_URL);
  });

  it('defaults since to window unless a state file or a watch gives auto something to start from', () => {
    expect(inputReader(new Map(), env)('since')).toBe('window');
    expect(inputReader(new Map([['state-file', 'state.json']]), env)('since')).toBe('');
    expect(inputReader(new Map([['watch-minutes', '5']]), env)('since')).toBe('');
    expect(inputReader(new Map([['watch-minutes', '0']]), env)('since')).toBe('window');
    expect(inputReader(new Map([['since', 'auto']]), env)('since')).toBe('auto');
  });

  it('lets an empty flag switch an environment value off', () => {
    expect(inputReader(new Map([['slack-webhook-url', '']]), env)('slack-webhook-url')).toBe('');
  });

  it('finds the secrets wherever they came from', () => {
    const read = inputReader(new Map([['client-secret', 'cs']]), { ...env, GITHUB_TOKEN: 'ghs_x' });
    expect(secretValues(read)).toEqual(['cs', env.SLACK_WEBHOOK_URL, 'ghs_x']);
  });
});
