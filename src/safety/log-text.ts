import { escapeUnsafe } from './controls.js';

/**
 * Text from the API (messages, URLs, server error pages) must never act as a
 * workflow command when it reaches the log. The runner reads a command from a
 * line that starts with `::` (after trimming the line's leading whitespace) and,
 * in the legacy form, from `##[` anywhere in a line. `core.info()` writes its
 * text raw, so all untrusted text passes here first: control, bidi and
 * zero-width characters become visible escapes (src/safety/controls.ts), every
 * line is kept on its own line, and a zero-width space breaks `::` at a line's
 * start and every `##[`.
 */
const ZWSP = '\u200b';
/**
 * What the runner trims from a line before it looks for `::`: .NET's white
 * space, which holds U+0085 and U+180E where JavaScript's `\s` does not.
 */
const RUNNER_WHITESPACE = '[\\s\\u0085\\u180e]*';
const COMMAND_AT_START = new RegExp(`^(${RUNNER_WHITESPACE})::`, 'gm');

export function inertLogText(text: string): string {
  return breakCommands(escapeUnsafe(text, { keepNewlines: true, keepTabs: true }));
}

/** The command rules alone: a line that starts (after the runner's trimming) with `::`, and `##[` anywhere. */
export function breakCommands(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(COMMAND_AT_START, `$1:${ZWSP}:`).replace(/##\[/g, `##${ZWSP}[`);
}

/**
 * For dumping a large untrusted block (a dry-run payload): the runner ignores
 * every command between `::stop-commands::TOKEN` and `::TOKEN::`. The token is
 * random per call, so the block cannot guess it to resume commands early.
 */
export function wrapInStopCommands(text: string, token: string): string[] {
  return [`::stop-commands::${token}`, inertLogText(text), `::${token}::`];
}
