import { ACTION_INPUTS, type ActionInput } from '../config/action-inputs.js';
import type { OptionNames } from '../text/option-names.js';

/**
 * The action's inputs as the CLI offers them: one flag per input of
 * action.yml, with the same name, description, default and secrecy, all
 * from src/config/action-inputs.ts (generated from action.yml). Only how a
 * flag is typed on a command line is the CLI's own: whether it takes a value
 * or is a switch, what `--help` shows after it, and where its default differs
 * in practice. An input with nothing here is a value flag.
 */
export interface CliInput extends ActionInput {
  /** boolean: `--flag` alone means true. list: may be given more than once (values are joined). */
  readonly kind: 'value' | 'boolean' | 'list';
  /** What `--help` shows after the flag. */
  readonly placeholder: string;
  /** Shown by `--help` instead of action.yml's default when the CLI's differs in practice. */
  readonly cliDefault?: string;
  /** A value input that also takes `--no-NAME` (for `false`), like a boolean once was. */
  readonly negatable?: boolean;
}

type Shape = Partial<Pick<CliInput, 'kind' | 'placeholder' | 'cliDefault' | 'negatable'>>;

/** How each input is typed on a command line, where that is more than a value flag (`--NAME VALUE`). */
export const CLI_SHAPES: Readonly<Record<string, Shape>> = {
  'instance-url': { placeholder: 'URL' },
  'site-id': { kind: 'list', placeholder: 'UUID[,UUID…]|all[,!UUID…]' },
  'client-id': { placeholder: 'ID' },
  'client-secret': { placeholder: 'SECRET' },
  'event-types': { kind: 'list', placeholder: 'TYPES' },
  'lookup-window': { placeholder: 'MINUTES' },
  'max-sessions': { placeholder: 'N' },
  'page-url': { placeholder: 'TEXT' },
  'fetch-logs': {
    placeholder: 'samples|all|none',
    negatable: true,
    cliDefault: 'samples; all writes the file beside --report FILE, which it then needs',
  },
  since: {
    placeholder: 'auto|window|tag-manager|TIME',
    cliDefault: 'auto with --state-file or --watch-minutes (the watch starts it), else window',
  },
  'state-file': { placeholder: 'FILE' },
  notify: { placeholder: 'changes|always' },
  'escalate-factor': { placeholder: 'FACTOR' },
  'min-events': { placeholder: 'N' },
  'max-open-issues': { placeholder: 'N' },
  ignore: { kind: 'list', placeholder: 'RULE' },
  'slack-webhook-url': { placeholder: 'URL' },
  'slack-mention': { placeholder: 'TEXT' },
  'teams-webhook-url': { placeholder: 'URL' },
  'webhook-url': { placeholder: 'URL' },
  'webhook-secret': { placeholder: 'SECRET' },
  'webhook-on': { placeholder: 'alerts|always' },
  'smtp-url': { placeholder: 'URL' },
  'email-to': { kind: 'list', placeholder: 'ADDRESSES' },
  'email-from': { placeholder: 'ADDRESS' },
  'github-token': { placeholder: 'TOKEN', cliDefault: 'the GITHUB_TOKEN environment variable' },
  'issue-labels': { kind: 'list', placeholder: 'LABELS' },
  'issue-assignees': { kind: 'list', placeholder: 'USERS' },
  'publish-blame-minutes': { placeholder: 'MINUTES' },
  'watch-minutes': { placeholder: 'MINUTES' },
  'watch-interval': { placeholder: 'SECONDS' },
  'silence-minutes': { placeholder: 'MINUTES', cliDefault: '30; 10 with --watch-minutes' },
  'drop-percent': { placeholder: 'PERCENT' },
  'volume-check': { placeholder: 'on|off|UUID[,UUID…]' },
  'timeout-seconds': { placeholder: 'SECONDS' },
  routes: { placeholder: 'YAML|FILE' },
  shard: { placeholder: 'K/N' },
};

/** A switch when action.yml's default is true or false; else a value flag, unless CLI_SHAPES says more. */
function cliInput(input: ActionInput): CliInput {
  const shape = CLI_SHAPES[input.name] ?? {};
  const boolean = input.default === 'true' || input.default === 'false';
  return {
    ...input,
    kind: shape.kind ?? (boolean ? 'boolean' : 'value'),
    placeholder: shape.placeholder ?? (boolean ? '' : 'VALUE'),
    ...(shape.cliDefault === undefined ? {} : { cliDefault: shape.cliDefault }),
    ...(shape.negatable === undefined ? {} : { negatable: shape.negatable }),
  };
}

export const CLI_INPUTS: readonly CliInput[] = ACTION_INPUTS.map(cliInput);

const BY_NAME = new Map(CLI_INPUTS.map((input) => [input.name, input]));

export function findInput(name: string): CliInput | undefined {
  return BY_NAME.get(name);
}

/** Extra environment variables read after `PIWIK_<NAME>`: the names people already have set. */
const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'site-id': ['PIWIK_SITE_IDS'],
  'slack-webhook-url': ['SLACK_WEBHOOK_URL'],
  'teams-webhook-url': ['TEAMS_WEBHOOK_URL'],
  'smtp-url': ['SMTP_URL'],
  'github-token': ['GITHUB_TOKEN'],
};

/** `site-id` → `PIWIK_SITE_ID`. */
export function envName(inputName: string): string {
  return `PIWIK_${inputName.toUpperCase().replace(/-/g, '_')}`;
}

/** Every environment variable an input is read from, most specific first. */
export function envNames(inputName: string): readonly string[] {
  return [envName(inputName), ...(ENV_ALIASES[inputName] ?? [])];
}

/** The CLI's spelling in every message: the flag, and the environment variables it is read from. */
export const FLAG_NAMES: OptionNames = {
  noun: 'option',
  of: (input) => `--${input} (or ${envNames(input).join(' or ')})`,
  set: (input, value) => `--${input} ${value} (or ${envName(input)}=${value})`,
};
