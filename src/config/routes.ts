/**
 * Routes (the `routes` input): rules matched in order, each sending the
 * problems it matches to a destination of its own. A destination is a plain
 * settings object whose keys are the inputs they replace, so every channel
 * reads its own keys the way it reads its inputs.
 */

/** The keys a route may set, named like the inputs they replace. */
export const DESTINATION_KEYS = [
  'slack-webhook-url',
  'slack-mention',
  'issue-assignees',
  'issue-labels',
  'teams-webhook-url',
  'webhook-url',
  'email-to',
] as const;

export type DestinationKey = (typeof DESTINATION_KEYS)[number];

/** Keys whose value is a list (given as a YAML list or comma-separated text). */
export const LIST_KEYS: ReadonlySet<DestinationKey> = new Set(['issue-assignees', 'issue-labels', 'email-to']);

/** Keys whose value is a secret: masked and scrubbed like the inputs of the same name. */
export const SECRET_KEYS: ReadonlySet<DestinationKey> = new Set(['slack-webhook-url', 'teams-webhook-url', 'webhook-url']);

/** Where a route's problems go: only the keys the route sets (the defaults fill in the rest, see settings.ts). */
export type Destination = {
  readonly [K in DestinationKey]?: K extends 'issue-assignees' | 'issue-labels' | 'email-to' ? readonly string[] : string;
};

export interface RouteRule {
  /** The rule's line in the routes YAML: every message about it names it. */
  readonly line: number;
  /** `name:` when given, else "the rule at line N". */
  readonly label: string;
  /** UUIDs or names, `*` a wildcard, case-insensitive: the site matches when any matches its id or its name. */
  readonly sites: readonly string[];
  /** Only these event types, when given. */
  readonly eventTypes?: readonly number[];
  /** Only errors whose message contains one of these texts (case-insensitive), when given. */
  readonly messages?: readonly string[];
  readonly destination: Destination;
}

export interface Routing {
  readonly rules: readonly RouteRule[];
}
