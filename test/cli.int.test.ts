import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, demoDataset, makeSession } from '../simulator/dataset.mjs';
import { startGitHubSink, type GitHubSink } from '../simulator/github.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../simulator/piwik.mjs';
import { startSlackSink } from '../simulator/slack.mjs';
import { CLI_INPUTS } from '../src/cli/inputs.js';
import { runCli, type CliResult } from './cli/run-cli.js';

/**
 * The CLI against the Piwik PRO simulator and the Slack and GitHub sinks on
 * loopback: flags, environment, exit codes, output and secrets. Most tests
 * call main(argv, env, io), what src/cli.ts runs, in this process;
 * test/cli.process.int.test.ts starts src/cli.ts as a real process, and
 * test/dist.int.test.ts runs the bundle.
 */

const { shop, blog } = DEMO_SITE_IDS;
const CLEAN_SITE = '0aa0b0c0-d0e0-4f00-8a00-b0c0d0e0f000';
const ESCAPE_SITE = '1bb1c1d1-e1f1-4a11-9b11-c1d1e1f10111';
const ESC = '\u001b';
const SECRET = 'cli-test-secret-Zq8';
const GITHUB_TOKEN = 'ghs_cliTestToken0123456789';

let sim: PiwikSimulator;

beforeAll(async () => {
  const now = new Date();
  const hostile = makeSession({
    appId: ESCAPE_SITE,
    updatedAt: new Date(now.getTime() - 60_000),
    events: [
      {
        type: 17,
        errorMessage: `Invalid value ${ESC}[2J${ESC}]0;pwned\u0007 \u009b1A\rgone \u202eevil`,
        url: `https://shop.example/${ESC}[31m`,
      },
    ],
  });
  sim = await startPiwikSimulator({
    sites: { ...demoDataset(now).sites, [CLEAN_SITE]: [], [ESCAPE_SITE]: [hostile] },
    clientSecret: SECRET,
    now,
  });
});
afterAll(async () => {
  await sim.close();
});

/** The simulator's credentials and a site list in PIWIK_* variables. */
function piwikEnv(sites: readonly string[] = [shop, blog]): Record<string, string> {
  return { PIWIK_INSTANCE_URL: sim.url, PIWIK_SITE_ID: sites.join(','), PIWIK_CLIENT_ID: sim.clientId, PIWIK_CLIENT_SECRET: SECRET };
}

function expectNoSecrets(result: CliResult, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(result.stdout, 'stdout').not.toContain(secret);
    expect(result.stderr, 'stderr').not.toContain(secret);
  }
}

describe('piwik-broken-events: inputs', () => {
  it('reads every input from flags', async () => {
    const result = await runCli([
      '--instance-url',
      sim.url,
      '--site-id',
      shop,
      '--site-id',
      blog,
      '--client-id',
      sim.clientId,
      '--client-secret',
      SECRET,
      '--since',
      'window',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`FOUND  10 broken events in 6 groups (2 sites on ${sim.url})`);
    expect(result.stdout).toMatch(new RegExp(`^ {2}${shop} {2}\\d+ sessions scanned`, 'm'));
    expect(result.stdout).toMatch(/^ {2}1\. NEW {2}3 × Broken event: /m);
    expect(result.stdout).toMatch(/^ {5}Diagnosis: /m);
    expect(result.stderr).toMatch(/^Site 3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13: \d+ sessions scanned/m);
  });

  it('reads every input from PIWIK_* variables, with SLACK_WEBHOOK_URL and GITHUB_TOKEN as conveniences', async () => {
    const result = await runCli(['--json'], {
      ...piwikEnv(),
      PIWIK_LOOKUP_WINDOW: '90',
      PIWIK_EVENT_TYPES: 'broken',
      PIWIK_SINCE: 'window',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ window: { minutes: 90 }, totals: { events: 10 } });
  });

  it('lets a flag win over the environment', async () => {
    const env = { ...piwikEnv(), PIWIK_LOOKUP_WINDOW: 'not-a-number', PIWIK_SITE_ID: CLEAN_SITE };
    const bad = await runCli([], env);
    expect(bad.code).toBe(2);
    const result = await runCli(['--lookup-window', '45', '--site-id', shop, '--json'], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.window.minutes).toBe(45);
    expect(report.sites.map((s: { siteId: string }) => s.siteId)).toEqual([shop]);
  });
});

describe('piwik-broken-events: messages name the flag and its variables', () => {
  it('a missing secret, a bad value and two settings that clash, each exactly, before any request', async () => {
    const before = sim.requests.length;
    const { PIWIK_CLIENT_SECRET: _secret, ...withoutSecret } = piwikEnv();
    const missing = await runCli([], withoutSecret);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: Invalid option: --client-secret (or PIWIK_CLIENT_SECRET) is required and was empty.\nRun 'piwik-broken-events --help' for every option.\n",
    );
    const bad = await runCli(['--max-sessions', 'lots'], piwikEnv());
    expect(bad.stderr.split('\n')[0]).toBe(
      "error: Invalid option: --max-sessions (or PIWIK_MAX_SESSIONS) must be a whole number from 1 to 1000000 (got 'lots').",
    );
    const clash = await runCli(['--watch-minutes', '2', '--since', 'window'], piwikEnv());
    expect(clash.stderr.split('\n')[0]).toBe(
      "error: Invalid option: --since window (or PIWIK_SINCE=window) cannot be combined with --watch-minutes (or PIWIK_WATCH_MINUTES): a watch looks for events after its start. Use --since auto (or PIWIK_SINCE=auto) (the watch's start) or the deploy time as an ISO-8601 time.",
    );
    expect(`${missing.stderr}${bad.stderr}${clash.stderr}`).not.toMatch(/\binputs?\b|'(client-secret|max-sessions|since|watch-minutes)'/);
    expect(sim.requests.length).toBe(before);
  });

  it('names the flags to check when the API refuses the credentials', async () => {
    const result = await runCli([], { ...piwikEnv(), PIWIK_CLIENT_SECRET: 'wrong-secret-value' });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(
      "Check --client-id (or PIWIK_CLIENT_ID) and --client-secret (or PIWIK_CLIENT_SECRET) (an API client from Menu > Profile > API credentials) and that --instance-url (or PIWIK_INSTANCE_URL) is your account's URL.",
    );
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\binputs?\b/);
  });

  it('a scan warning names the site by its label (this simulator has no Apps API names: the short id) and the flags to change', async () => {
    const result = await runCli(['--max-sessions', '1'], piwikEnv([shop]));
    expect(result.stdout).toContain(
      `Warning: Site ${shop.slice(0, 8)}…: stopped after 1 session; older sessions in the window were not scanned. Raise --max-sessions (or PIWIK_MAX_SESSIONS) or shorten --lookup-window (or PIWIK_LOOKUP_WINDOW).`,
    );
    expect(result.stdout).toMatch(new RegExp(`^ {2}${shop} .* capped by --max-sessions \\(or PIWIK_MAX_SESSIONS\\)$`, 'm'));
  });
});

describe('piwik-broken-events: one failure, said once', () => {
  const MISSING = '9e9e9e9e-9e9e-4e9e-8e9e-9e9e9e9e9e9e';
  const count = (text: string, part: string) => text.split(part).length - 1;
  const REASON = 'no access (HTTP 404)';

  it('a site answering 404: once in the text report, not again on stderr', async () => {
    const result = await runCli([], piwikEnv([shop, MISSING]));
    expect(result.code).toBe(3);
    expect(count(result.stdout, REASON)).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^Error: Could not check site ${MISSING}: no access \\(HTTP 404\\)\\.`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^ {2}${MISSING} .* FAILED \\(see Error below\\)$`, 'm'));
    // Neither the reason again nor the Apps API's refusal of the same site: only the progress line names it.
    expect(count(result.stderr, REASON)).toBe(0);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.stderr.split('\n').filter((line) => line.includes(MISSING))).toEqual([
      `Site ${MISSING}: 0 sessions scanned, 0 matching events in 0 sessions, 0 raw requests fetched (scan incomplete)`,
    ]);
  });

  it('with --json: stdout is only the JSON report, and stderr says the reason once', async () => {
    const result = await runCli(['--json'], piwikEnv([shop, MISSING]));
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([expect.stringMatching(new RegExp(`^Could not check site ${MISSING}: no access \\(HTTP 404\\)`))]);
    expect(count(result.stderr, REASON)).toBe(1);
    expect(result.stderr).not.toMatch(new RegExp(`^notice: .*${MISSING}`, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^error: Could not check site ${MISSING}: no access \\(HTTP 404\\)`, 'm'));
  });
});

describe('piwik-broken-events: exit codes', () => {
  it('0 when clean', async () => {
    const result = await runCli([], piwikEnv([CLEAN_SITE]));
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`CLEAN  No broken events (1 site on ${sim.url})`);
  });

  it('0 when events are found without --fail-on-events, 1 with it', async () => {
    expect((await runCli([], piwikEnv())).code).toBe(0);
    const failing = await runCli(['--fail-on-events'], piwikEnv());
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^FOUND {2}10 broken events/);
    expect(failing.stderr).toMatch(
      /^error: 10 new matching events found \(10 in the window, 6 groups\), and --fail-on-events \(or PIWIK_FAIL_ON_EVENTS\) is true\.$/m,
    );
    // min-events above the count: reported, not failed.
    expect((await runCli(['--fail-on-events', '--min-events', '11'], piwikEnv())).code).toBe(0);
  });

  it.each([
    [
      'an invalid value',
      ['--lookup-window', 'abc'],
      /--lookup-window \(or PIWIK_LOOKUP_WINDOW\) must be a whole number from 1 to 300 \(got 'abc'\)/,
    ],
    ['an unknown flag', ['--lookup-windw', '5'], /Unknown option --lookup-windw/],
    ['a missing required option', ['--site-id', ''], /--site-id \(or PIWIK_SITE_ID or PIWIK_SITE_IDS\) is required/],
    [
      '--create-issue without a repository',
      ['--create-issue'],
      /--create-issue \(or PIWIK_CREATE_ISSUE\) is on, so the CLI needs GITHUB_REPOSITORY=owner\/repo in the environment and a token in --github-token \(or PIWIK_GITHUB_TOKEN or GITHUB_TOKEN\)\./,
    ],
    [
      '--fetch-logs all without --report',
      ['--fetch-logs', 'all'],
      /--fetch-logs all \(or PIWIK_FETCH_LOGS=all\) writes every raw request to a file beside the report: give --report FILE/,
    ],
  ])('2 for %s, before any request', async (_, args, message) => {
    const before = sim.requests.length;
    const result = await runCli(args, piwikEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Run 'piwik-broken-events --help'");
    expect(result.stdout).toBe('');
    expect(sim.requests.length).toBe(before);
  });

  it('3 when the API refuses the credentials (report status failed)', async () => {
    const result = await runCli(['--json', '--fail-on-events'], { ...piwikEnv(), PIWIK_CLIENT_SECRET: 'wrong-secret-value' });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.status).toBe('failed');
    expect(report.errors.length).toBeGreaterThan(0);
    expectNoSecrets(result, ['wrong-secret-value']);
  });

  it('3 when a site cannot be read, even with events found elsewhere', async () => {
    const result = await runCli([], piwikEnv([shop, '9e9e9e9e-9e9e-4e9e-8e9e-9e9e9e9e9e9e']));
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^FAILED {2}The scan failed for 1 of 2 sites; 7 broken events found where it could look/);
  });

  it('3 when the Slack delivery fails, and the webhook URL is never printed', async () => {
    const slack = await startSlackSink({ faults: [{ status: 400, body: 'invalid_payload' }] });
    try {
      const result = await runCli([], { ...piwikEnv(), SLACK_WEBHOOK_URL: slack.url });
      expect(result.code).toBe(3);
      // Said once: in the text report, which a terminal or a cron mail shows beside stderr.
      expect(result.stdout).toMatch(/^Slack: FAILED \(Slack answered HTTP 400: invalid_payload\)$/m);
      expect(result.stderr).not.toContain('invalid_payload');
      expectNoSecrets(result, [slack.url, new URL(slack.url).pathname]);
    } finally {
      await slack.close();
    }
  });
});

describe('piwik-broken-events: watch', () => {
  it('--watch-minutes and --watch-interval are checked like the action inputs, before any request', async () => {
    const before = sim.requests.length;
    const result = await runCli(['--watch-minutes', '2', '--watch-interval', '5'], piwikEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--watch-interval \(or PIWIK_WATCH_INTERVAL\) must be a whole number from 10 to 3600 \(got 5\)/);
    const tooShort = await runCli(['--timeout-seconds', '100'], { ...piwikEnv(), PIWIK_WATCH_MINUTES: '2' });
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(
      /--timeout-seconds \(or PIWIK_TIMEOUT_SECONDS\) must be larger than the watch, to leave time to report: it is 100 s, and --watch-minutes 2 \(or PIWIK_WATCH_MINUTES=2\) is 120 s\./,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('stops at the first poll that sees events after --since, and exits 1 with --fail-on-events', async () => {
    const since = new Date(sim.now().getTime() - 61 * 60_000).toISOString();
    const result = await runCli(['--since', since, '--fail-on-events', '--watch-interval', '10'], {
      ...piwikEnv(),
      PIWIK_WATCH_MINUTES: '1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Watch poll 1 at 0:\d\d of 1:00: \d+ sessions, 10 new matching events; stopping to report them\.$/m);
    expect(result.stdout).toMatch(
      /^Watch: new broken events found \d+ s from .* \(the --since \(or PIWIK_SINCE\) option\), at poll 1 \(every 10 s\)/m,
    );
  });
});

describe('piwik-broken-events: output', () => {
  it('--json prints the report (schema version 1) and nothing else on stdout', async () => {
    const result = await runCli(['--json'], piwikEnv());
    const report = JSON.parse(result.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.status).toBe('found');
    expect(report.totals).toEqual({ events: 10, sessions: 9, groups: 6, sites: 2, sitesFailed: 0 });
    expect(report.events).toHaveLength(10);
    expect(report.deliveries).toEqual({
      slack: { status: 'not-configured' },
      teams: { status: 'not-configured' },
      webhook: { status: 'not-configured' },
      email: { status: 'not-configured' },
      github: { status: 'not-configured' },
    });
    // Without a state file the CLI counts the whole window, as 'since window' says, and needs no notice for it.
    expect(report.alerting.since).toBe('window');
    expect(result.stderr).not.toMatch(/^notice: Every event in the window counts as new/m);
  });

  it('--report FILE writes the same JSON, creating the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const file = join(dir, 'nested', 'report.json');
    const result = await runCli(['--json', '--report', file], piwikEnv());
    expect(result.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(result.stdout);
  });

  it('--fetch-logs all writes every raw request beside --report FILE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const result = await runCli(['--fetch-logs', 'all', '--report', join(dir, 'scan.json')], piwikEnv());
    expect(result.code).toBe(0);
    const lines = (await readFile(join(dir, 'scan.raw-requests.ndjson'), 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(10);
    const report = JSON.parse(await readFile(join(dir, 'scan.json'), 'utf8')) as { rawRequestsPath: string };
    expect(report.rawRequestsPath).toBe(join(dir, 'scan.raw-requests.ndjson'));
  });

  it('3 when the report file cannot be written, still printing the report', async () => {
    // A path inside a file: only the write finds out (a folder is refused before any request: test/hardening/).
    const dir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    await writeFile(join(dir, 'file'), '');
    const result = await runCli(['--report', join(dir, 'file', 'report.json')], piwikEnv());
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^FOUND/);
    expect(result.stderr).toMatch(/^error: The report could not be written to /m);
  });

  it('--help lists every input flag and the exit codes; --version prints the version', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    for (const input of CLI_INPUTS) expect(help.stdout).toContain(`--${input.name}`);
    expect(help.stdout).toMatch(/^Exit codes:$/m);
    const version = await runCli(['--version'], {});
    expect(version.stdout).toMatch(/^piwik-broken-events \d+\.\d+\.\d+\n$/);
  });

  it('escapes control characters from the API so nothing can move the cursor or recolour the terminal', async () => {
    const text = await runCli([], piwikEnv([ESCAPE_SITE]));
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07 \\x9b1A\\rgone \\u202eevil');
    const json = await runCli(['--json'], piwikEnv([ESCAPE_SITE]));
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json.stdout).groups[0].message).toContain(`${ESC}[2J`);
  });
});

describe('piwik-broken-events: GitHub issues outside GitHub Actions', () => {
  let github: GitHubSink;
  beforeAll(async () => {
    github = await startGitHubSink({ owner: 'acme', repo: 'site', token: GITHUB_TOKEN });
  });
  afterAll(async () => {
    await github.close();
  });

  it('opens an issue per group with GITHUB_REPOSITORY, GITHUB_TOKEN and GITHUB_API_URL, comments next time, and never prints a secret', async () => {
    // One group: GitHub's pacing between writes (about a second each) is real here.
    const env = { ...piwikEnv([ESCAPE_SITE]), GITHUB_REPOSITORY: 'acme/site', GITHUB_TOKEN, GITHUB_API_URL: github.url };
    const first = await runCli(['--create-issue'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^ {5}Issue: #1 created https:\/\/github\.com\/acme\/site\/issues\/1$/m);
    const second = await runCli(['--create-issue', '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).groups[0].issue).toMatchObject({ number: 1, action: 'commented' });
    const bad = await runCli(['--create-issue', '--lookup-window', 'x'], env);
    expect(bad.code).toBe(2);
    expect(github.issues.filter((i) => !i.pull_request)).toHaveLength(1);
    for (const result of [first, second, bad]) expectNoSecrets(result, [SECRET, GITHUB_TOKEN]);
  });

  it('refuses a GITHUB_API_URL that is neither https nor loopback', async () => {
    const result = await runCli(['--create-issue'], {
      ...piwikEnv(),
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_TOKEN,
      GITHUB_API_URL: 'http://github.example.com/api/v3',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/GITHUB_API_URL must be an https URL/);
  });
});
