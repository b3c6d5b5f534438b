import { INPUT_NAMES, type OptionNames } from './text/option-names.js';
import { parseChannels } from './config/channel-inputs.js';
import { InputParser, type InputReader } from './config/input-parser.js';
import { DEBUGGER_WINDOW_MINUTES, type Config } from './config/settings.js';
import { parseShard, parseSiteSelection, type SiteSelection } from './config/sites.js';
import { parseRoutes } from './config/routes-parse.js';
import { parseVolumeConfig, volumeProblems } from './config/volume.js';

export type { AlertConfig, Config, FetchLogs, Since, SilenceRule } from './config/settings.js';
export { DEBUGGER_WINDOW_MINUTES } from './config/settings.js';
export type { InputReader } from './config/input-parser.js';

/**
 * Every input of the action, parsed and validated once, before any network
 * call. The rest of the code reads this object and never an input.
 */

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
  /** False when the run reads no Piwik PRO account (the CLI's --merge-reports): its inputs are then not required. */
  readonly scan?: boolean;
  /** Where a `routes` file path is looked for (the repository's checkout); the working directory by default. */
  readonly workspace?: string;
}

/** Parses all inputs; throws one ConfigError listing every problem found. */
export function parseConfig(read: InputReader, options: ParseOptions = {}): Config {
  const names = options.names ?? INPUT_NAMES;
  const problems: string[] = [];
  const p = new InputParser(read, problems, names);
  const scanning = options.scan ?? true;
  const sites: SiteSelection = scanning ? p.parsed('site-id', parseSiteSelection, { kind: 'list', ids: [] }) : { kind: 'list', ids: [] };
  const config: Config = {
    instanceUrl: scanning ? p.instanceUrl('instance-url') : (p.optional('instance-url') ?? ''),
    siteIds: sites.kind === 'list' ? sites.ids : [],
    sites,
    shard: p.parsed('shard', parseShard, undefined),
    routes: p.parsed('routes', (raw) => parseRoutes(raw, options.workspace), { rules: [] }),
    clientId: scanning ? p.required('client-id') : (p.optional('client-id') ?? ''),
    clientSecret: scanning ? p.required('client-secret') : (p.optional('client-secret') ?? ''),
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
    channels: parseChannels(p, names),
    github: {
      createIssue: p.boolean('create-issue', false),
      token: p.optional('github-token'),
      labels: p.list('issue-labels', ['broken-events']),
      assignees: p.list('issue-assignees', []).map((a) => a.replace(/^@/, '')),
      closeResolved: p.boolean('close-resolved', false),
      maxOpenIssues: p.integer('max-open-issues', 30, 1, 10_000),
    },
    volume: parseVolumeConfig(p, read),
    names,
  };
  // Checked on valid values only: a placeholder would make a second, misleading problem.
  if (problems.length === 0) problems.push(...watchProblems(config), ...volumeProblems(config.volume, config.siteIds, names));
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
