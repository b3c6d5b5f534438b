import { deliverAll, type DeliverDeps } from '../channels/deliver.js';
import type { Destination as ChannelDestination } from '../config/channels.js';
import type { Destination, Routing } from '../config/routes.js';
import { CHANNELS, channelDeliveries, type ChannelDeliveries, type Delivery } from '../report/deliveries.js';
import type { Report } from '../report/report.js';
import { reportsByDestination } from './split.js';

/**
 * Every channel with routes: one message per destination, holding only that
 * destination's problems and sites; a site's failure notice goes where its
 * route says. Without routes, the inputs' one destination. Per channel, the
 * deliveries add up to one for the report: failed when any failed, each
 * destination's outcome named in the detail.
 */
export async function deliverRouted(
  routing: Routing,
  defaults: ChannelDestination,
  report: Report,
  deps: DeliverDeps,
): Promise<ChannelDeliveries> {
  if (routing.rules.length === 0) return deliverAll(defaults, report, deps);
  const routed = reportsByDestination(report, routing, routeKeys(defaults), CHANNEL_KEYS);
  const parts = await Promise.all(
    routed.map(async ({ destination, label, report: part }) => ({
      label,
      deliveries: await deliverAll(channelDestination(destination, defaults), part, {
        ...deps,
        // A dry run shows each destination's messages, saying whose they are.
        showDryRun: (title, payload) => {
          deps.showDryRun(`${title}, for ${label}`, payload);
        },
      }),
    })),
  );
  return channelDeliveries(
    Object.fromEntries(
      CHANNELS.map(({ key }) => {
        const used = parts.filter((p) => p.deliveries[key].status !== 'not-configured');
        return [
          key,
          used.length === 0 ? { status: 'not-configured' } : combined(used.map((p) => ({ label: p.label, delivery: p.deliveries[key] }))),
        ];
      }),
    ),
  );
}

/** The keys that make a destination of the channels. */
const CHANNEL_KEYS = ['slack-webhook-url', 'slack-mention', 'teams-webhook-url', 'webhook-url', 'email-to'] as const;

/** The inputs' destination in the routes' keys, so a route's keys replace the inputs they are named after. */
function routeKeys(defaults: ChannelDestination): Destination {
  return {
    ...(defaults.slack ? { 'slack-webhook-url': defaults.slack.webhookUrl } : {}),
    ...(defaults.slack?.mention !== undefined ? { 'slack-mention': defaults.slack.mention } : {}),
    ...(defaults.teams ? { 'teams-webhook-url': defaults.teams.webhookUrl } : {}),
    ...(defaults.webhook ? { 'webhook-url': defaults.webhook.url } : {}),
    ...(defaults.email ? { 'email-to': defaults.email.to } : {}),
  };
}

/** A route's destination as the channels take it; the webhook's secret and mode, and e-mail's server, stay the inputs'. */
function channelDestination(destination: Destination, defaults: ChannelDestination): ChannelDestination {
  const slack = destination['slack-webhook-url'];
  const teams = destination['teams-webhook-url'];
  const webhook = destination['webhook-url'];
  const to = destination['email-to'];
  return {
    ...(slack
      ? { slack: { webhookUrl: slack, ...(destination['slack-mention'] !== undefined ? { mention: destination['slack-mention'] } : {}) } }
      : {}),
    ...(teams ? { teams: { webhookUrl: teams } } : {}),
    ...(webhook
      ? { webhook: webhook === defaults.webhook?.url ? defaults.webhook : { url: webhook, on: defaults.webhook?.on ?? 'alerts' } }
      : {}),
    ...(to && defaults.email ? { email: { ...defaults.email, to } } : {}),
  };
}

const PRECEDENCE: readonly Delivery['status'][] = ['failed', 'sent', 'dry-run', 'skipped', 'not-configured'];

/** One delivery for the report: the most telling status, and what happened at each destination. */
export function combined(parts: readonly { readonly label: string; readonly delivery: Delivery }[]): Delivery {
  const status = PRECEDENCE.find((s) => parts.some((p) => p.delivery.status === s)) ?? 'skipped';
  const detail = parts
    .map(({ label, delivery }) => `${label}: ${delivery.status}${delivery.detail ? ` (${delivery.detail})` : ''}`)
    .join('; ');
  const urls = parts.flatMap((p) => p.delivery.urls ?? []);
  return { status, detail, ...(urls.length > 0 ? { urls } : {}) };
}
