/**
 * How a message names a setting, so it names what the reader actually sets:
 * the action's users write inputs (`max-sessions: 5000` in a workflow), the
 * CLI's users a flag or an environment variable. parseConfig takes one and
 * keeps it in Config.names; every text built from the config after that
 * (config errors, scan warnings, delivery details, hints after a refused
 * login) goes through it, so no message hard-codes either spelling.
 */
export interface OptionNames {
  /** What one setting is called, for a headline: "Invalid input: …" or "Invalid option: …". */
  readonly noun: string;
  /** One setting: `'max-sessions'`, or `--max-sessions (or PIWIK_MAX_SESSIONS)`. */
  of(input: string): string;
  /** A setting with a value: `'since: window'`, or `--since window (or PIWIK_SINCE=window)`. */
  set(input: string, value: string): string;
}

/** The action's spelling: action.yml input names, as a workflow's `with:` block holds them. */
export const INPUT_NAMES: OptionNames = {
  noun: 'input',
  of: (input) => `'${input}'`,
  set: (input, value) => `'${input}: ${value}'`,
};
