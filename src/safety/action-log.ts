import { randomBytes } from 'node:crypto';
import { inertLogText, wrapInStopCommands } from './log-text.js';
import type { Scrubber } from './secrets.js';

/**
 * The one way the action writes to the job log: every line, annotation and
 * failure passes the run's scrubber and the inert-text rule (src/safety/log-text.ts:
 * `::` at a line's start and `##[` anywhere broken, control and bidi characters
 * made visible), whoever wrote it. Site names from the account, server errors
 * and messages from the API reach these lines; the runner reads `##[` anywhere.
 */
interface LogToolkit {
  info(message: string): void;
  warning(message: string, properties?: { title?: string }): void;
  notice(message: string, properties?: { title?: string }): void;
  setFailed(message: string): void;
}

export interface ActionLog {
  /** The text as every line gets it: scrubbed, then inert. */
  readonly safe: (text: string) => string;
  readonly info: (message: string) => void;
  readonly warning: (message: string) => void;
  readonly notice: (message: string, title?: string) => void;
  readonly failed: (message: string) => void;
  /** A large untrusted block (a dry run's payload): between stop-commands markers with a random token. */
  readonly block: (title: string, payload: string) => void;
}

export function actionLog(core: LogToolkit, scrubber: Scrubber): ActionLog {
  const safe = (text: string) => inertLogText(scrubber.text(text));
  return {
    safe,
    info: (message) => {
      core.info(safe(message));
    },
    warning: (message) => {
      core.warning(safe(message));
    },
    notice: (message, title) => {
      if (title === undefined) core.notice(safe(message));
      else core.notice(safe(message), { title: safe(title) });
    },
    failed: (message) => {
      core.setFailed(safe(message));
    },
    block: (title, payload) => {
      core.info(safe(title));
      // The markers are the one place a command is meant: the payload between them is inert as well.
      for (const line of wrapInStopCommands(scrubber.text(payload), randomBytes(16).toString('hex'))) core.info(line);
    },
  };
}
