import type { Deadline, HttpClient } from '../http/client.js';
import type { ChannelKey, Delivery } from '../report/deliveries.js';
import type { Report } from '../report/report.js';
import type { OptionNames } from '../text/option-names.js';
import type { Destination } from '../config/channels.js';

/**
 * One delivery interface for every channel (Slack, Microsoft Teams, the
 * webhook, e-mail): what the channel's part of a destination is, how it
 * renders a notice, how a dry run shows it, and how it is sent. The loop in
 * deliver.ts calls them all alike, each on its own: one failing never stops
 * another.
 */

/** What a run tells a channel: the digest of what alerts, the failure notice, the all-clear, or (the webhook's `always`) the run as it is. */
export type NoticeKind = 'alert' | 'failure' | 'all-clear' | 'report';

export interface Notice {
  readonly kind: NoticeKind;
  /** Scrubbed as a whole already; renderers still make every text from it inert for their medium. */
  readonly report: Report;
  /** Why this notice, in words ("2 groups alert", "the scan failed"). */
  readonly why: string;
  /** When it was made: the time a message says it was sent. */
  readonly at: Date;
  /** How a message names a setting (the action's inputs or the CLI's flags). */
  readonly names: OptionNames;
}

export interface SendDeps {
  readonly http: HttpClient;
  /** The run's time budget (timeout-seconds), for a sender that does not go through `http` (SMTP). */
  readonly deadline?: Pick<Deadline, 'signal'>;
  /** Scrubs a text that leaves the process (a server's answer in a failure detail). */
  readonly scrub: (text: string) => string;
}

export interface Channel<S, M> {
  readonly key: ChannelKey;
  /** This channel's part of a destination; undefined when the channel is not set there. */
  settings(destination: Destination): S | undefined;
  /** Whether the channel also posts for a run that neither alerts nor gets a notice (the webhook's `always`). */
  always?(settings: S): boolean;
  /** The message: plain data, scrubbed by the loop before it is shown or sent. */
  render(notice: Notice, settings: S): M;
  /** The message as a dry run prints it. */
  show(message: M): string;
  send(message: M, settings: S, deps: SendDeps): Promise<Delivery>;
}
