// The shapes simulator/teams.mjs, simulator/webhook.mjs and simulator/mail.mjs take and answer.

import type { IncomingHttpHeaders } from 'node:http';
import type { SlackFault } from './slack.js';

/** A scripted answer for the next request, as for the Slack sink (status, body, headers, delay, dropped connection). */
export type HttpFault = SlackFault;

export interface SinkRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body; undefined when it was over the sink's size limit. */
  readonly body: string | undefined;
  /** Its size in bytes, also when it was over the limit. */
  readonly bytes: number;
  status: number;
  answer: string;
  /** Why the request was refused, in words (for test failures). */
  problem?: string;
}

export interface HttpSink {
  /** The URL to post to (a secret, like the real one). */
  readonly url: string;
  /** Bodies that were accepted, parsed. */
  readonly messages: unknown[];
  readonly requests: SinkRequest[];
  readonly faults: HttpFault[];
  close(): Promise<void>;
}

export interface MailFault {
  /** The SMTP reply code to refuse the next message with (e.g. 451 try later, 550 refused). */
  readonly code: number;
  readonly message?: string;
}

export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The raw message as received. */
  readonly raw: string;
  /** The message as mailparser reads it. */
  readonly parsed: import('mailparser').ParsedMail;
  /** The top-level Content-Type (multipart/alternative for ours). */
  readonly contentType: string;
}

export interface MailSink {
  /** smtp://USER:PASSWORD@127.0.0.1:PORT (plain, loopback only). */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly mails: ReceivedMail[];
  readonly faults: MailFault[];
  /** Connections opened, accepted or not. */
  readonly connections: () => number;
  close(): Promise<void>;
}
