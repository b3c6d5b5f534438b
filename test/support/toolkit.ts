import type { Toolkit } from '../../src/main.js';

/**
 * A toolkit that records what the action did, in place of @actions/core:
 * inputs come from a map, and outputs, secrets, log lines, annotations, the
 * summary and the failure are kept for assertions.
 */
export interface RecordingToolkit extends Toolkit {
  readonly outputs: Record<string, string>;
  readonly secrets: string[];
  readonly logs: string[];
  readonly warnings: { message: string; title?: string }[];
  readonly notices: { message: string; title?: string }[];
  readonly summaryText: () => string;
  readonly failure: () => string | undefined;
  /** Everything the run wrote anywhere, to search for leaks. */
  readonly everything: () => string;
}

export function recordingToolkit(inputs: Record<string, string>): RecordingToolkit {
  const outputs: Record<string, string> = {};
  const secrets: string[] = [];
  const logs: string[] = [];
  const warnings: { message: string; title?: string }[] = [];
  const notices: { message: string; title?: string }[] = [];
  let summary = '';
  let pending = '';
  let failed: string | undefined;
  const summaryStub = {
    addRaw(text: string, eol = false) {
      pending += text + (eol ? '\n' : '');
      return summaryStub;
    },
    async write() {
      summary += pending;
      pending = '';
      return summaryStub;
    },
  };
  const kit = {
    getInput: (name: string) => inputs[name] ?? '',
    setOutput: (name: string, value: unknown) => {
      outputs[name] = String(value);
    },
    setSecret: (secret: string) => {
      secrets.push(secret);
    },
    setFailed: (message: string | Error) => {
      failed = message instanceof Error ? message.message : message;
      logs.push(`::error::${failed}`);
    },
    info: (message: string) => {
      logs.push(message);
    },
    warning: (message: string | Error, props?: { title?: string }) => {
      warnings.push({ message: String(message), title: props?.title });
    },
    notice: (message: string | Error, props?: { title?: string }) => {
      notices.push({ message: String(message), title: props?.title });
    },
    debug: () => undefined,
    isDebug: () => false,
    summary: summaryStub as unknown as Toolkit['summary'],
    outputs,
    secrets,
    logs,
    warnings,
    notices,
    summaryText: () => summary,
    failure: () => failed,
    everything: () =>
      [JSON.stringify(outputs), logs.join('\n'), JSON.stringify(warnings), JSON.stringify(notices), summary, failed ?? ''].join('\n'),
  };
  return kit;
}
