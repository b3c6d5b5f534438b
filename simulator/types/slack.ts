// The shapes simulator/slack.mjs takes and answers; the code is checked against them through its JSDoc.

import type { IncomingHttpHeaders } from 'node:http';

/** A scripted answer, consumed by the next request whatever it holds. */
export interface SlackFault {
  /** Status to answer with (ignored when `destroy` is set). */
  readonly status: number;
  /** Body to answer with; defaults to what Slack says for that status (`rate_limited`, `internal_error`, …). */
  readonly body?: string;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  readonly headers?: Record<string, string>;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Drop the connection instead of answering. */
  readonly destroy?: boolean;
}

export interface SlackSinkOptions {
  /** Faults to answer with first, one per request; the array is used (and emptied) as given. */
  readonly faults?: SlackFault[];
}

export interface SlackSinkRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body; undefined when it was over the size limit. */
  readonly body: string | undefined;
  /** The status answered; 0 when the connection was dropped. */
  status: number;
  /** The body answered (`ok`, `invalid_blocks`, …). */
  answer: string;
  /** Why the payload was refused, in words (for test failures). */
  problem?: string;
}

export interface SlackSink {
  /** The webhook URL: http://127.0.0.1:PORT/services/T000/B000/XXXX */
  readonly url: string;
  /** Payloads that were accepted (answered 200 ok), parsed: what would appear in the channel. */
  readonly messages: unknown[];
  /** Every request, in order, with what was answered. */
  readonly requests: SlackSinkRequest[];
  /** Scripted faults still to come; push to it at any time. */
  readonly faults: SlackFault[];
  /** Stops the server and closes keep-alive connections. */
  close(): Promise<void>;
}
