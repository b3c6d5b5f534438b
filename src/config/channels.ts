/**
 * Where a run's message goes, per channel: one object per destination, so a
 * route (several destinations, each with only its own problems) gives its own
 * and the inputs give the defaults. A channel is on when its part is set.
 * Secrets (webhook URLs, the signing secret, the SMTP URL) are in here as
 * given: the edges mask and scrub them before anything is written.
 */
export interface Destination {
  readonly slack?: SlackDestination;
  readonly teams?: TeamsDestination;
  readonly webhook?: WebhookDestination;
  readonly email?: EmailDestination;
}

export interface SlackDestination {
  readonly webhookUrl: string;
  /** Added to the Slack message as given (the workflow author's text, not the API's). */
  readonly mention?: string;
}

/** A Teams Workflows webhook ("post to a channel when a webhook request is received"). */
export interface TeamsDestination {
  readonly webhookUrl: string;
}

export interface WebhookDestination {
  readonly url: string;
  /** Signs the body (HMAC-SHA256, `X-Hub-Signature-256`) when set. */
  readonly secret?: string;
  /** `alerts`: when the other channels post (an alert, a failure notice, an all-clear); `always`: every run. */
  readonly on: 'alerts' | 'always';
}

export interface EmailDestination {
  /** `smtps://user:password@host:465`, or `smtp://…:587` with STARTTLS required (plain only on loopback). */
  readonly smtpUrl: string;
  readonly to: readonly string[];
  readonly from: string;
}

/** The channels of a run: the default destination, and when a run that does not alert still posts. */
export interface ChannelsConfig {
  readonly destination: Destination;
  /** Post an all-clear when a run finds nothing. */
  readonly onClean: boolean;
  /** Post a failure notice when the scan fails. */
  readonly onFailure: boolean;
}

/** Every secret of a destination, for the scrubber; an SMTP URL's password also on its own. */
export function destinationSecrets(destination: Destination): string[] {
  const { slack, teams, webhook, email } = destination;
  return [
    slack?.webhookUrl,
    teams?.webhookUrl,
    webhook?.url,
    webhook?.secret,
    email?.smtpUrl,
    ...(email ? urlPasswords(email.smtpUrl) : []),
  ].filter((s): s is string => s !== undefined && s !== '');
}

/** The password (and user) of a URL with credentials, as written and decoded: each can appear on its own in an error. */
export function urlPasswords(value: string): string[] {
  const match = /^[a-z][\w+.-]*:\/\/([^/?#@]*)@/i.exec(value.trim());
  if (!match?.[1]) return [];
  const [, password = ''] = match[1].split(/:(.*)/s);
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // A malformed escape: the password as written is what can leak.
  }
  return [...new Set([password, decoded])];
}
