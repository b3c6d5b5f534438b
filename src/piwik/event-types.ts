/**
 * The Tracker Debugger API's event types (its `event_type` enum, 1-21; 10 is
 * hidden by the API). Names are the kebab-case forms users type in the
 * `event-types` input; labels are the API's own names.
 */
export interface EventTypeInfo {
  readonly id: number;
  readonly name: string;
  readonly label: string;
}

const EVENT_TYPES: readonly EventTypeInfo[] = [
  { id: 1, name: 'page-view', label: 'Page view' },
  { id: 2, name: 'outlink', label: 'Outlink' },
  { id: 3, name: 'download', label: 'Download' },
  { id: 4, name: 'search', label: 'Search' },
  { id: 5, name: 'custom-event', label: 'Custom event' },
  { id: 6, name: 'content-impression', label: 'Content impression' },
  { id: 7, name: 'content-interaction', label: 'Content interaction' },
  { id: 8, name: 'goal-conversion', label: 'Goal conversion' },
  { id: 9, name: 'ecommerce-conversion', label: 'Ecommerce conversion' },
  { id: 11, name: 'sharepoint', label: 'SharePoint' },
  { id: 12, name: 'consent-form-impression', label: 'Consent form impression' },
  { id: 13, name: 'consent-form-click', label: 'Consent form click' },
  { id: 14, name: 'consent-decision', label: 'Consent decision' },
  { id: 15, name: 'custom-ping', label: 'Custom ping' },
  { id: 16, name: 'cart-update', label: 'Cart update' },
  { id: 17, name: 'broken', label: 'Broken event' },
  { id: 18, name: 'excluded', label: 'Excluded event' },
  { id: 19, name: 'heartbeat', label: 'Heartbeat' },
  { id: 20, name: 'deanonymization', label: 'Deanonymization' },
  { id: 21, name: 'page-performance', label: 'Page performance' },
];

export const BROKEN_EVENT = 17;
const EXCLUDED_EVENT = 18;

const byId = new Map(EVENT_TYPES.map((t) => [t.id, t]));
const byName = new Map(EVENT_TYPES.map((t) => [t.name, t]));
/** Extra spellings people use for the two types this action exists for. */
const ALIASES = new Map<string, number>([
  ['broken-event', BROKEN_EVENT],
  ['broken-events', BROKEN_EVENT],
  ['excluded-event', EXCLUDED_EVENT],
  ['excluded-events', EXCLUDED_EVENT],
]);

/** Resolves a name (any case, spaces or underscores for dashes) or a number; undefined when unknown. */
export function resolveEventType(token: string): EventTypeInfo | undefined {
  const trimmed = token.trim();
  if (/^\d+$/.test(trimmed)) return byId.get(Number(trimmed));
  const name = trimmed.toLowerCase().replace(/[\s_]+/g, '-');
  const info = byName.get(name);
  if (info) return info;
  const alias = ALIASES.get(name);
  return alias === undefined ? undefined : byId.get(alias);
}

/** The API's label for a type id, or "Event type N" for one the API added after this table. */
export function eventTypeLabel(id: number): string {
  return byId.get(id)?.label ?? `Event type ${id}`;
}
