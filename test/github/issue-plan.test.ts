import { describe, expect, it } from 'vitest';
import {
  pickIssue,
  planIssues,
  trackedKnowledge,
  trackingLabel,
  uniqueLabels,
  type TrackedIssue,
  type TrackedIssues,
} from '../../src/github/issue-plan.js';
import type { Group } from '../../src/types.js';
import { makeGroup, makeReport, makeSite, SITE_A } from '../support/report-factory.js';

// The factory's events were last seen at 2025-03-04 09:58:40 UTC.
const BEFORE_EVENTS = '2025-03-01T00:00:00Z';
const AFTER_EVENTS = '2025-03-04T09:59:00Z';

let nextNumber = 0;
function issue(group: Pick<Group, 'fingerprint'>, overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  nextNumber += 1;
  return {
    number: nextNumber,
    url: `https://github.com/acme/shop/issues/${nextNumber}`,
    title: 'an issue',
    state: 'open',
    locked: false,
    fingerprint: group.fingerprint,
    siteId: SITE_A,
    eventType: 17,
    body: '',
    ...overrides,
  };
}

const g17 = (overrides: Partial<Group> = {}) => makeGroup({ eventType: 17, ...overrides });
const tracked = (issues: TrackedIssue[]): TrackedIssues => ({ label: 'broken-events', issues });
const kinds = (groups: Group[], issues: TrackedIssue[], closeResolved = false) =>
  planIssues(makeReport({ groups }), tracked(issues), { closeResolved }).map((a) => a.kind);

describe('planIssues', () => {
  it('creates for a new group, comments on an open issue, reopens a closed one whose error is back', () => {
    const fresh = g17();
    const open = g17();
    const back = g17();
    const issues = [issue(open), issue(back, { state: 'closed', stateReason: 'completed', closedAt: BEFORE_EVENTS })];
    expect(kinds([fresh, open, back], issues)).toEqual(['create', 'comment', 'reopen']);
  });

  it('leaves an issue as it is, saying why: locked, nothing new, not planned, closed after the events', () => {
    const locked = g17();
    const known = g17({ newCount: 0 });
    const notPlanned = g17();
    const closedLater = g17();
    const plan = planIssues(
      makeReport({ groups: [locked, known, notPlanned, closedLater] }),
      tracked([
        issue(locked, { locked: true }),
        issue(known),
        issue(notPlanned, { state: 'closed', stateReason: 'not_planned', closedAt: BEFORE_EVENTS }),
        issue(closedLater, { state: 'closed', stateReason: 'completed', closedAt: AFTER_EVENTS }),
      ]),
      { closeResolved: false },
    );
    expect(plan.map((a) => (a.kind === 'unchanged' ? a.reason : a.kind))).toEqual([
      'the issue is locked',
      'every event was already reported by an earlier run',
      'the issue was closed as not planned',
      'every event of this run happened before the issue was closed',
    ]);
  });

  it('reopens when the last event is one millisecond after the closing, not at it', () => {
    const at = g17({ lastSeen: '2025-03-04T09:58:40.000Z' });
    const after = g17({ lastSeen: '2025-03-04T09:58:40.001Z' });
    const closedAt = '2025-03-04T09:58:40.000Z';
    const issues = [
      issue(at, { state: 'closed', stateReason: 'completed', closedAt }),
      issue(after, { state: 'closed', stateReason: 'completed', closedAt }),
    ];
    expect(kinds([at, after], issues)).toEqual(['unchanged', 'reopen']);
  });

  it('never alerts a silenced group: no new issue, and its issue stays as it is', () => {
    const silenced = g17({ silenced: { rule: 'idgoal' } });
    const silencedKnown = g17({ silenced: { rule: 'idgoal' } });
    const plan = planIssues(makeReport({ groups: [silenced, silencedKnown] }), tracked([issue(silencedKnown)]), {
      closeResolved: false,
    });
    expect(plan).toMatchObject([
      { kind: 'skip', reason: "silenced by 'idgoal'" },
      { kind: 'unchanged', reason: "silenced by 'idgoal'" },
    ]);
  });

  it('creates at most maxNewIssues (20 by default) and marks the rest as over the limit', () => {
    const groups = Array.from({ length: 22 }, () => g17());
    const plan = planIssues(makeReport({ groups }), tracked([]), { closeResolved: false });
    expect(plan.filter((a) => a.kind === 'create')).toHaveLength(20);
    expect(plan.slice(20)).toMatchObject([
      { kind: 'skip', overLimit: true, reason: 'the limit of 20 new issues per run was reached' },
      { kind: 'skip', overLimit: true },
    ]);
    expect(planIssues(makeReport({ groups }), tracked([]), { closeResolved: false, maxNewIssues: 0 })[0]).toMatchObject({
      kind: 'skip',
    });
  });

  it('closes an open issue only when its group is gone from a complete scan of its site and event type', () => {
    const gone = g17();
    const present = g17();
    const otherType = g17({ eventType: 18 });
    const alreadyClosed = g17();
    const issues = [
      issue(gone, { siteId: SITE_A.toUpperCase() }),
      issue(present),
      issue(otherType, { eventType: 18 }),
      issue(g17(), { eventType: undefined }),
      issue(alreadyClosed, { state: 'closed', closedAt: BEFORE_EVENTS }),
    ];
    const plan = (sites = [makeSite({ complete: true })], pageUrl?: string) =>
      planIssues(
        makeReport({
          groups: [present],
          sites,
          settings: { redact: true, fetchLogs: true, fetchLogsMode: 'samples', maxSessions: 1000, pageUrl },
        }),
        tracked(issues),
        { closeResolved: true },
      ).flatMap((a) => (a.kind === 'close' ? [a.issue.fingerprint] : []));
    expect(plan()).toEqual([gone.fingerprint]);
    expect(plan([makeSite({ complete: false })])).toEqual([]);
    expect(plan([makeSite({ complete: true, capped: true })])).toEqual([]);
    expect(plan([makeSite({ complete: true, error: 'HTTP 500' })])).toEqual([]);
    expect(plan(undefined, '/checkout')).toEqual([]);
    expect(kinds([present], issues, false)).toEqual(['comment']);
  });
});

describe('pickIssue', () => {
  it('prefers the oldest open issue, else the most recently closed one', () => {
    const g = g17();
    const closedOld = issue(g, { state: 'closed', closedAt: '2025-01-01T00:00:00Z' });
    const closedNew = issue(g, { state: 'closed', closedAt: '2025-02-01T00:00:00Z' });
    const openOld = issue(g);
    const openNew = issue(g);
    expect(pickIssue([openNew, closedNew, openOld, closedOld], g.fingerprint)).toBe(openOld);
    expect(pickIssue([closedOld, closedNew], g.fingerprint)).toBe(closedNew);
    expect(pickIssue([closedOld], 'another')).toBeUndefined();
  });
});

describe('trackedKnowledge: what alert-on-change knows from the issues', () => {
  it('open when the issue is open, or closed in a way the sync would not reopen for this group', () => {
    const open = g17();
    const back = g17();
    const notPlanned = g17();
    const closedLater = g17();
    const known = trackedKnowledge(
      tracked([
        issue(open, { lastCount: 4 }),
        issue(back, { state: 'closed', closedAt: BEFORE_EVENTS }),
        issue(notPlanned, { state: 'closed', stateReason: 'not_planned', closedAt: BEFORE_EVENTS }),
        issue(closedLater, { state: 'closed', closedAt: AFTER_EVENTS }),
      ]),
      [open, back, notPlanned, closedLater],
    );
    expect(known.get(open.fingerprint)).toEqual({ open: true, lastCount: 4 });
    expect(known.get(back.fingerprint)).toEqual({ open: false });
    expect(known.get(notPlanned.fingerprint)?.open).toBe(true);
    expect(known.get(closedLater.fingerprint)?.open).toBe(true);
  });

  it('a group whose events were all reported before still counts as closed: its state comes from the new events', () => {
    const g = g17({ newCount: 0 });
    const known = trackedKnowledge(tracked([issue(g, { state: 'closed', closedAt: BEFORE_EVENTS })]), [g]);
    expect(known.get(g.fingerprint)?.open).toBe(false);
  });
});

describe('labels', () => {
  it('tracks by the first non-blank label, broken-events when none is given', () => {
    expect(trackingLabel([' ', ' piwik ', 'other'])).toBe('piwik');
    expect(trackingLabel([])).toBe('broken-events');
  });

  it('puts each label on once, whatever its case, in the order given', () => {
    expect(uniqueLabels(['broken-events', ' Piwik', '', 'piwik ', 'BROKEN-EVENTS', 'triage'])).toEqual([
      'broken-events',
      'Piwik',
      'triage',
    ]);
  });
});
