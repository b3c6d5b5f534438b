import type { Destination, RouteRule } from '../config/routes.js';

/**
 * A route's destination over the defaults (today's inputs): each key the
 * route sets replaces the input of the same name, the others stay as the
 * inputs say. A Slack webhook and its mention go together, since a mention
 * (`<@U123>`) means something only in its own workspace: a route that names
 * its own webhook mentions only whom it says.
 */
export function destinationFor(defaults: Destination, rule: RouteRule | undefined): Destination {
  if (!rule) return defaults;
  const own = rule.destination;
  const merged: Record<string, unknown> = { ...defaults, ...own };
  if (own['slack-webhook-url'] !== undefined && own['slack-mention'] === undefined) delete merged['slack-mention'];
  return merged;
}
