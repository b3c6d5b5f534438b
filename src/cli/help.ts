import { VERSION } from '../version.js';
import { EXIT_CODES } from './exit.js';
import { CLI_INPUTS, envNames, type CliInput } from './inputs.js';

/**
 * `--help`, built from the inputs table (action.yml's words) and the exit
 * code table, so neither can be documented here differently from what runs.
 */
export const COMMAND = 'piwik-broken-events';
const WIDTH = 80;

export function helpText(): string {
  return [
    `${COMMAND} ${VERSION}: finds Piwik PRO broken events from any scheduler (cron, systemd timers, other CI systems). The same scan, grouping, diagnosis, Slack digest and GitHub issues as the GitHub Action.`,
    `Usage:\n  ${COMMAND} --instance-url URL --site-id UUID --client-id ID [options]\n  (with the client secret in PIWIK_CLIENT_SECRET)`,
    'Every input of the action is a flag and an environment variable PIWIK_<NAME> (upper case, _ for -); a flag wins over the environment. Keep secrets in the environment: flags show in the process list. Boolean flags take --flag, --flag=false or --no-flag; flags marked "repeatable" may be given more than once.',
    `Options:\n${CLI_INPUTS.map(inputHelp).join('\n')}`,
    `Output:\n${ownOptions()}`,
    'The report goes to stdout (text, or JSON with --json), warnings and errors included; logs and notices go to stderr. Each failure is printed once: in the text report, or with --json also on stderr. Secrets are never printed.',
    'GitHub issues outside GitHub Actions: --create-issue needs GITHUB_REPOSITORY=owner/repo and a token (--github-token, PIWIK_GITHUB_TOKEN or GITHUB_TOKEN); set GITHUB_API_URL for GitHub Enterprise Server. --since auto starts after the last successful scan that --state-file remembers; without --state-file the default is --since window (every event in the window counts as new).',
    `Exit codes:\n${EXIT_CODES.map((e) => wrap(e.meaning, `  ${e.code}  `, '     ')).join('\n')}`,
  ]
    .map((block) => (block.includes('\n') ? block : wrap(block, '', '')))
    .join('\n\n')
    .concat('\n');
}

function inputHelp(input: CliInput): string {
  return [`  ${flagSyntax(input)}`, wrap(input.description, '      ', '      '), wrap(facts(input).join(' '), '      ', '      ')].join(
    '\n',
  );
}

function flagSyntax(input: CliInput): string {
  if (input.kind === 'boolean') return `--${input.name}[=true|false], --no-${input.name}`;
  return `--${input.name} ${input.placeholder}${input.negatable ? `, --no-${input.name}` : ''}`;
}

function facts(input: CliInput): string[] {
  const facts: string[] = [];
  const fallback = input.cliDefault ?? input.default;
  if (input.required) facts.push('Required.');
  else facts.push(fallback === '' ? 'Default: none.' : `Default: ${fallback}.`);
  if (input.kind === 'list') facts.push('Repeatable.');
  facts.push(`Env: ${envNames(input.name).join(' or ')}.`);
  return facts;
}

function ownOptions(): string {
  const options: [string, string][] = [
    ['--json', 'Print the JSON report (schema version 1, as the action writes it) on stdout instead of text.'],
    ['--report FILE', 'Also write the JSON report to FILE (its folder is created).'],
    [
      '--merge-reports FILE…|DIR',
      'Merge the JSON reports of shards (--shard K/N jobs; files, or folders holding them) into one report, one job summary (written to GITHUB_STEP_SUMMARY when set) and one message per Slack destination, without any Piwik PRO request: the Piwik PRO options are then not needed. A missing shard or a site in two reports is said.',
    ],
    ['-h, --help', 'Show this help.'],
    ['--version', 'Print the version.'],
  ];
  return options.map(([flag, text]) => wrap(text, `  ${flag.padEnd(16)}${flag.length >= 16 ? ' ' : ''}`, ' '.repeat(18))).join('\n');
}

/** Word-wraps one paragraph; `first` prefixes the first line, `rest` the others. */
function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}
