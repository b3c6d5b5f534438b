/**
 * Text from the API (messages, URLs, server error pages) must never act as a
 * workflow command when it reaches the log. The runner reads a command from a
 * line that starts with `::` and, in the legacy form, from `##[` anywhere in a
 * line. `core.info()` writes its text raw, so all untrusted text passes here
 * first: every line is kept on its own line, a zero-width space breaks `::`
 * at a line's start and every `##[`.
 */
const ZWSP = '\u200b';

export function inertLogText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(\s*)::/gm, `$1:${ZWSP}:`)
    .replace(/##\[/g, `##${ZWSP}[`);
}

/**
 * For dumping a large untrusted block (a dry-run payload): the runner ignores
 * every command between `::stop-commands::TOKEN` and `::TOKEN::`. The token is
 * random per call, so the block cannot guess it to resume commands early.
 */
export function wrapInStopCommands(text: string, token: string): string[] {
  return [`::stop-commands::${token}`, inertLogText(text), `::${token}::`];
}
