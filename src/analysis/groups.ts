import { eventTypeLabel } from '../piwik/event-types.js';
import type { Group, MatchedEvent } from '../types.js';
import { fingerprint, normalizeMessage } from './fingerprint.js';

/**
 * Folds matched events into groups as they arrive, keeping per group only
 * counts, times and a few samples: memory grows with the number of distinct
 * problems, not with the number of events.
 */
export const SAMPLE_URLS = 3;
export const SAMPLE_EVENTS = 3;

/** A group while events still arrive: the identity of a Group, with running counts and sample candidates. */
export type GroupDraft = Pick<
  Group,
  'fingerprint' | 'siteId' | 'eventType' | 'eventTypeLabel' | 'message' | 'normalizedMessage' | 'sampleContext'
> & {
  count: number;
  readonly sessionIds: Set<string>;
  firstSeen: string;
  lastSeen: string;
  readonly sampleUrls: string[];
  /** Events whose raw requests may become the group's samples, in arrival order. */
  readonly sampleCandidates: MatchedEvent[];
};

export class GroupIndex {
  private readonly groups = new Map<string, GroupDraft>();

  /** Adds an event; returns its group's fingerprint. */
  add(event: MatchedEvent): string {
    const normalizedMessage = normalizeMessage(event.message);
    const key = fingerprint(event.siteId, event.eventType, normalizedMessage);
    const group = this.groups.get(key) ?? this.create(key, event, normalizedMessage);
    group.count += 1;
    group.sessionIds.add(event.sessionId);
    if (event.serverTime < group.firstSeen) group.firstSeen = event.serverTime;
    if (event.serverTime > group.lastSeen) group.lastSeen = event.serverTime;
    if (event.url && group.sampleUrls.length < SAMPLE_URLS && !group.sampleUrls.includes(event.url)) group.sampleUrls.push(event.url);
    // Keep more candidates than samples: some may have no raw request to show.
    if (group.sampleCandidates.length < SAMPLE_EVENTS * 3 && event.logUuids.length > 0) group.sampleCandidates.push(event);
    return key;
  }

  /** Largest first; ties by most recent, then fingerprint, so the order is stable. */
  sorted(): GroupDraft[] {
    return [...this.groups.values()].sort(
      (a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || a.fingerprint.localeCompare(b.fingerprint),
    );
  }

  private create(key: string, event: MatchedEvent, normalizedMessage: string): GroupDraft {
    const group: GroupDraft = {
      fingerprint: key,
      siteId: event.siteId,
      eventType: event.eventType,
      eventTypeLabel: eventTypeLabel(event.eventType),
      message: event.message,
      normalizedMessage,
      count: 0,
      sessionIds: new Set(),
      firstSeen: event.serverTime,
      lastSeen: event.serverTime,
      sampleUrls: [],
      sampleCandidates: [],
      sampleContext: event.context,
    };
    this.groups.set(key, group);
    return group;
  }
}
