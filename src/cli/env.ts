import { SECRET_INPUTS } from '../config/action-inputs.js';
import type { InputReader } from '../config.js';
import { urlPasswords } from '../config/channels.js';
import { envNames } from './inputs.js';

/**
 * The InputReader the CLI hands to parseConfig, so the CLI and the action
 * share every validation: a flag when one was given (even empty, to switch an
 * environment value off), else the first non-empty environment variable
 * (`PIWIK_<NAME>`, then its aliases), else '' and parseConfig's default.
 */
export function inputReader(flags: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): InputReader {
  const given = (name: string): string => {
    const flag = flags.get(name);
    if (flag !== undefined) return flag;
    for (const variable of envNames(name)) {
      const value = env[variable];
      if (value !== undefined && value !== '') return value;
    }
    return '';
  };
  return (name) => {
    const value = given(name);
    // Outside GitHub Actions only a state file remembers the last run: without one, 'auto' could never find it. A watch
    // is the exception: its 'auto' is its own start, which it always has.
    if (name === 'since' && value.trim() === '' && given('state-file').trim() === '' && !watching(given('watch-minutes'))) return 'window';
    return value;
  };
}

/** The values of the secret inputs, wherever they came from: scrubbed from all output. */
export function secretValues(read: InputReader): string[] {
  return SECRET_INPUTS.map((name) => (read(name) ?? '').trim())
    .filter((value) => value !== '')
    .flatMap((value) => [value, ...urlPasswords(value)]);
}

/** watch-minutes above 0 (a value parseConfig rejects counts as no watch here: it fails with its own message). */
function watching(minutes: string): boolean {
  return /^\d+$/.test(minutes.trim()) && Number(minutes.trim()) > 0;
}
