import type { Delivery, Report } from '../report/report.js';
import { notifySlack, type NotifyDeps, type SlackSettings } from '../slack/notify.js';
import { defaultDestination } from './settings.js';
import { reportsByDestination } from './split.js';
import type { Routing } from '../config/routes.js';

/**
 * Slack with routes: one message per destination (a webhook and its
 * mention), holding only that destination's problems and sites; a site's
 * failure notice goes where its route says. Without routes, the one message
 * of the inputs. The deliveries add up to one for the report: failed when
 * any failed, each destination's outcome named in the detail.
 */
export async function deliverSlack(
  config: SlackSettings & {
    readonly routes: Routing;
    readonly github: { readonly labels: readonly string[]; readonly assignees: readonly string[] };
  },
  report: Report,
  deps: NotifyDeps,
): Promise<Delivery> {
  const routed = reportsByDestination(report, config.routes, defaultDestination(config), ['slack-webhook-url', 'slack-mention']);
  if (routed.length === 0) return { status: 'not-configured' };
  const routes = config.routes.rules.length > 0;
  const deliveries = await Promise.all(
    routed.map(async ({ destination, label, report: part }) =>
      notifySlack(config, { webhookUrl: destination['slack-webhook-url'] ?? '', mention: destination['slack-mention'] }, part, {
        ...deps,
        // A dry run shows each destination's message, saying whose it is.
        showDryRun: (title, payload) => {
          deps.showDryRun(routes ? `${title}, for ${label}` : title, payload);
        },
      }),
    ),
  );
  if (!routes) return deliveries[0] ?? { status: 'not-configured' };
  return combined(routed.map((r, i) => ({ label: r.label, delivery: deliveries[i] ?? { status: 'skipped' } })));
}

const PRECEDENCE: readonly Delivery['status'][] = ['failed', 'sent', 'dry-run', 'skipped', 'not-configured'];

/** One delivery for the report: the most telling status, and what happened at each destination. */
export function combined(parts: readonly { readonly label: string; readonly delivery: Delivery }[]): Delivery {
  const status = PRECEDENCE.find((s) => parts.some((p) => p.delivery.status === s)) ?? 'skipped';
  const detail = parts
    .map(({ label, delivery }) => `${label}: ${delivery.status}${delivery.detail ? ` (${delivery.detail})` : ''}`)
    .join('; ');
  return { status, detail };
}
