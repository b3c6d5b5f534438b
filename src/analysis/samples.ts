import type { MatchedEvent, RawRequest } from '../types.js';
import { compareText } from '../text/compare.js';

/**
 * The few events of a group whose raw requests are shown: the earliest, the
 * latest and one picked by a hash of its id (an arbitrary but stable one from
 * the middle), each with a spare in case its raw request cannot be had. The
 * choice depends only on the events, not on the order they arrive in, so two
 * runs over the same events show the same samples; and it is bounded, so a
 * burst of 50,000 events keeps six of them, not 50,000.
 */
export const SAMPLES_PER_PICK = 2;

export interface SampleCandidate {
  readonly event: MatchedEvent;
  /** The event's position in its site's event list (see src/events/store.ts), to mark its log status. */
  readonly index: number;
  /** Set once its raw request has arrived. */
  request?: RawRequest;
}

/** Negative when `a` comes first. Ties on time or hash fall to the id (same-length decimal strings compare as numbers). */
type Order = (a: SampleCandidate, b: SampleCandidate) => number;

const byId: Order = (a, b) => compareText(a.event.eventId.padStart(20, '0'), b.event.eventId.padStart(20, '0'));
const earliestFirst: Order = (a, b) => compareText(a.event.serverTime, b.event.serverTime) || byId(a, b);
const latestFirst: Order = (a, b) => earliestFirst(b, a);
const byHash: Order = (a, b) => idHash(a.event.eventId) - idHash(b.event.eventId) || byId(a, b);

export class SamplePicker {
  private readonly earliest: SampleCandidate[] = [];
  private readonly latest: SampleCandidate[] = [];
  private readonly hashed: SampleCandidate[] = [];

  /** Considers an event; only events with a raw request to ask for can be samples. */
  offer(event: MatchedEvent, index: number): void {
    if (event.logUuids.length === 0) return;
    const candidate: SampleCandidate = { event, index };
    keepFirst(this.earliest, candidate, earliestFirst);
    keepFirst(this.latest, candidate, latestFirst);
    keepFirst(this.hashed, candidate, byHash);
  }

  /** Every kept candidate once, in the order they are shown: earliest, latest, hashed, then the spares. */
  candidates(): SampleCandidate[] {
    const picks = [this.earliest, this.latest, this.hashed];
    const order = [...picks.flatMap((p) => p.slice(0, 1)), ...picks.flatMap((p) => p.slice(1))];
    return order.filter((c, i) => order.findIndex((o) => o.event.eventId === c.event.eventId) === i);
  }

  /** Whether this event is still among the candidates (its raw request is worth keeping). */
  holds(eventId: string): SampleCandidate | undefined {
    return [...this.earliest, ...this.latest, ...this.hashed].find((c) => c.event.eventId === eventId);
  }
}

/** Inserts `c` into the sorted `list` and drops what falls past SAMPLES_PER_PICK. */
function keepFirst(list: SampleCandidate[], c: SampleCandidate, order: Order): void {
  if (list.some((o) => o.event.eventId === c.event.eventId)) return;
  const at = list.findIndex((o) => order(c, o) < 0);
  if (at === -1) {
    if (list.length < SAMPLES_PER_PICK) list.push(c);
    return;
  }
  list.splice(at, 0, c);
  list.length = Math.min(list.length, SAMPLES_PER_PICK);
}

/** FNV-1a over the id: cheap, stable, spread. */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
