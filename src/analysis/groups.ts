import { eventTypeLabel } from '../piwik/event-types.js';
import type { Group, MatchedEvent } from '../types.js';
import { fingerprint } from './fingerprint.js';
import { MessageKeys } from './message-keys.js';
import { SamplePicker } from './samples.js';
import { compareText } from '../text/compare.js';

/**
 * Folds matched events into groups as they arrive, keeping per group only
 * counts, times and a few samples: memory grows with the number of distinct
 * problems, not with the number of events. Sessions are counted without
 * keeping their ids: a session's events arrive together (one Debugger line),
 * so a group's session count grows when its next event is from another session.
 */
const SAMPLE_URLS = 3;
export const SAMPLE_EVENTS = 3;

/** A group while events still arrive: the identity of a Group, with running counts and sample candidates. */
export type GroupDraft = Pick<
  Group,
  'fingerprint' | 'siteId' | 'eventType' | 'eventTypeLabel' | 'message' | 'normalizedMessage' | 'sampleContext'
> & {
  count: number;
  sessionCount: number;
  /** The session of the group's latest event, to count sessions without a set. */
  lastSessionId: string;
  firstSeen: string;
  lastSeen: string;
  readonly sampleUrls: string[];
  /** Events whose raw requests may become the group's samples. */
  readonly samples: SamplePicker;
  /** Hashes of the distinct values the group's messages quoted (src/analysis/hit-values.ts), up to DISTINCT_VALUES_CAP. */
  readonly values: Set<number>;
};

/** Distinct quoted values counted per group: past this, "at least" this many. */
export const DISTINCT_VALUES_CAP = 10_000;

export class GroupIndex {
  private readonly groups = new Map<string, GroupDraft>();
  private readonly keys = new MessageKeys();

  /** Adds an event (`index`: its place in its site's event list); returns its group. */
  add(event: MatchedEvent, index: number): GroupDraft {
    const { normalizedMessage, valueHashes } = this.keys.of(event.message);
    const key = fingerprint(event.siteId, event.eventType, normalizedMessage);
    const group = this.groups.get(key) ?? this.create(key, event, normalizedMessage);
    group.count += 1;
    for (const hash of valueHashes) if (group.values.size < DISTINCT_VALUES_CAP) group.values.add(hash);
    if (group.lastSessionId !== event.sessionId) {
      group.sessionCount += 1;
      group.lastSessionId = event.sessionId;
    }
    if (event.serverTime < group.firstSeen) group.firstSeen = event.serverTime;
    if (event.serverTime > group.lastSeen) group.lastSeen = event.serverTime;
    if (event.url && group.sampleUrls.length < SAMPLE_URLS && !group.sampleUrls.includes(event.url)) group.sampleUrls.push(event.url);
    group.samples.offer(event, index);
    return group;
  }

  /** The groups of one site. */
  ofSite(siteId: string): GroupDraft[] {
    return [...this.groups.values()].filter((g) => g.siteId === siteId);
  }

  /** Largest first; ties by most recent, then fingerprint, so the order is stable. */
  sorted(): GroupDraft[] {
    return [...this.groups.values()].sort(
      (a, b) => b.count - a.count || compareText(b.lastSeen, a.lastSeen) || compareText(a.fingerprint, b.fingerprint),
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
      sessionCount: 0,
      lastSessionId: '',
      firstSeen: event.serverTime,
      lastSeen: event.serverTime,
      sampleUrls: [],
      samples: new SamplePicker(),
      values: new Set(),
      sampleContext: event.context,
    };
    this.groups.set(key, group);
    return group;
  }
}
