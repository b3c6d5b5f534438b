/**
 * What happened to each delivery of a run, and the channels a digest goes
 * to. Plain data: the report, the verdict, the summary and the state file
 * read it; src/channels/ fills it.
 */

/** What happened to one delivery (a channel, GitHub issues, annotations). */
export interface Delivery {
  readonly status: 'sent' | 'skipped' | 'dry-run' | 'failed' | 'not-configured';
  readonly detail?: string;
  readonly urls?: readonly string[];
}

/** The channels a run's message goes to, in the order they are reported; `what` names the message in a failure. */
export const CHANNELS = [
  { key: 'slack', title: 'Slack', what: 'The Slack message' },
  { key: 'teams', title: 'Microsoft Teams', what: 'The Microsoft Teams message' },
  { key: 'webhook', title: 'Webhook', what: 'The webhook' },
  { key: 'email', title: 'E-mail', what: 'The e-mail' },
] as const;

export type ChannelKey = (typeof CHANNELS)[number]['key'];

export type ChannelDeliveries = { readonly [K in ChannelKey]: Delivery };

/** Every channel as not configured, with what is known put over it. */
export function channelDeliveries(known: Partial<ChannelDeliveries> = {}): ChannelDeliveries {
  const out: Partial<Record<ChannelKey, Delivery>> = {};
  for (const { key } of CHANNELS) out[key] = known[key] ?? { status: 'not-configured' };
  return out as ChannelDeliveries;
}

/** Each failed channel once, as a sentence: "The Microsoft Teams message could not be delivered: …". */
export function channelFailures(deliveries: Partial<ChannelDeliveries>): string[] {
  return CHANNELS.flatMap(({ key, what }) => {
    const delivery = deliveries[key];
    return delivery?.status === 'failed' ? [`${what} could not be delivered: ${delivery.detail ?? 'no detail'}`] : [];
  });
}
