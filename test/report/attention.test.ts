import { describe, expect, it } from 'vitest';
import {
  attentionOf,
  byAttention,
  changeLead,
  changeOf,
  eventNoun,
  knownMoreText,
  problemName,
  totalsLine,
} from '../../src/report/attention.js';
import type { AlertingSummary } from '../../src/report/report.js';
import type { Finding, Group } from '../../src/types.js';
import { SITE_A, SITE_B, makeGroup, makeReport, makeSite } from '../support/report-factory.js';

/**
 * What a person must act on, decided once for every renderer: why a group alerts, which groups alert, are still
 * happening or are silenced, the headline's lead, a problem's name and the event noun.
 */

function alerting(notify: 'changes' | 'always'): AlertingSummary {
  return {
    since: 'auto',
    cutSource: 'the previous successful run',
    notify,
    newEvents: 1,
    silencedNewEvents: 0,
    alreadyReported: 0,
    alertingGroups: 1,
    silencedGroups: 0,
    alert: true,
  };
}

const SILENCE = { rule: 'idgoal on checkout' } as const;

describe('changeOf', () => {
  it('says why a group alerts: new, back, grown, or new events under notify: always', () => {
    expect(changeOf(makeGroup({ state: 'new', alert: true }), 'changes')).toBe('new');
    expect(changeOf(makeGroup({ state: 'regressed', alert: true }), 'changes')).toBe('back');
    expect(changeOf(makeGroup({ state: 'ongoing', alert: true }), 'changes')).toBe('growing');
    expect(changeOf(makeGroup({ state: 'ongoing', alert: true }), 'always')).toBe('recurring');
    expect(changeOf(makeGroup({ state: 'new', alert: true }), 'always')).toBe('new');
    expect(changeOf(makeGroup({ state: 'regressed', alert: true }), 'always')).toBe('back');
  });

  it('counts every group of a report built without classification, and none that is silenced or does not alert', () => {
    expect(changeOf(makeGroup(), undefined)).toBe('found');
    expect(changeOf(makeGroup({ state: 'new', alert: false }), 'changes')).toBeUndefined();
    expect(changeOf(makeGroup({ state: 'new', alert: true, silenced: SILENCE }), 'changes')).toBeUndefined();
    expect(changeOf(makeGroup({ silenced: SILENCE }), undefined)).toBeUndefined();
  });
});

describe('attentionOf and byAttention', () => {
  it('puts alerting groups first, then the known ones, then the silenced, each in the report order', () => {
    const quiet = makeGroup({ state: 'ongoing', alert: false, count: 40 });
    const silenced = makeGroup({ state: 'new', alert: false, silenced: SILENCE, count: 30 });
    const fresh = makeGroup({ state: 'new', alert: true, count: 20 });
    const back = makeGroup({ state: 'regressed', alert: true, count: 10 });
    const report = makeReport({ groups: [quiet, silenced, fresh, back], alerting: alerting('changes') });
    const names = (groups: readonly Group[]) => groups.map((g) => g.fingerprint);
    const a = attentionOf(report);
    expect(names(a.alerting)).toEqual(names([fresh, back]));
    expect(names(a.stillHappening)).toEqual(names([quiet]));
    expect(names(a.silenced)).toEqual(names([silenced]));
    expect(names(byAttention(report))).toEqual(names([fresh, back, quiet, silenced]));
  });
});

describe('changeLead', () => {
  it('names each change with its count, new first, then back, then growing, on the one site', () => {
    const groups = [
      makeGroup({ state: 'ongoing', alert: true }),
      makeGroup({ state: 'regressed', alert: true }),
      makeGroup({ state: 'new', alert: true }),
      makeGroup({ state: 'new', alert: true }),
      makeGroup({ state: 'ongoing', alert: false }),
    ];
    const report = makeReport({ groups, sites: [makeSite({ siteId: SITE_A, name: 'ACME Shop' })], alerting: alerting('changes') });
    expect(changeLead(report)).toBe('2 new problems, 1 problem back, 1 problem growing on ACME Shop');
  });

  it('says "with new events" under notify: always, and counts the sites when there are several', () => {
    const groups = [
      makeGroup({ state: 'ongoing', alert: true, siteId: SITE_A }),
      makeGroup({ state: 'ongoing', alert: true, siteId: SITE_B }),
      makeGroup({ state: 'regressed', alert: true, siteId: SITE_B }),
    ];
    expect(changeLead(makeReport({ groups, alerting: alerting('always') }))).toBe('1 problem back, 2 problems with new events on 2 sites');
    expect(changeLead(makeReport({ groups: groups.slice(0, 1), alerting: alerting('always') }))).toMatch(/^1 problem with new events on /);
    expect(changeLead(makeReport({ groups: groups.slice(0, 2), alerting: alerting('changes') }))).toBe('2 problems growing on 2 sites');
  });

  it('counts every group as a problem without classification, and has no lead when nothing alerts', () => {
    const site = makeSite({ siteId: SITE_A, name: 'ACME Shop' });
    expect(changeLead(makeReport({ groups: [makeGroup()], sites: [site] }))).toBe('1 problem on ACME Shop');
    expect(changeLead(makeReport({ groups: [makeGroup(), makeGroup()], sites: [site] }))).toBe('2 problems on ACME Shop');
    const known = makeReport({ groups: [makeGroup({ state: 'ongoing', alert: false })], alerting: alerting('changes') });
    expect(changeLead(known)).toBeUndefined();
  });
});

describe('knownMoreText', () => {
  it('counts the groups past the shown ones and their events, or says nothing when there are none', () => {
    expect(knownMoreText([])).toBe('');
    expect(knownMoreText([makeGroup({ count: 3 }), makeGroup({ count: 4 })])).toBe('…and 2 more (7 events)');
    expect(knownMoreText([makeGroup({ count: 1 })])).toBe('…and 1 more (1 event)');
  });
});

describe('problemName', () => {
  const cause: Finding = {
    parameter: 'idgoal',
    value: 'abc',
    problem: 'is not an integer',
    expected: 'an integer',
    hint: '',
    severity: 'cause',
  };
  const info: Finding = { parameter: 'url', value: 'x', problem: 'is long', expected: 'a shorter url', hint: '', severity: 'info' };

  it('adds the parameter the diagnosis blames when the message does not name it, and only the cause', () => {
    const diagnosis = { summary: 'idgoal is not an integer', findings: [info, cause] };
    expect(problemName(makeGroup({ message: 'Invalid goal', diagnosis }))).toBe('Invalid goal (idgoal)');
    expect(problemName(makeGroup({ message: "Invalid value for 'idgoal'", diagnosis }))).toBe("Invalid value for 'idgoal'");
    expect(problemName(makeGroup({ message: 'Invalid goal', diagnosis: { summary: 'info only', findings: [info] } }))).toBe('Invalid goal');
    expect(problemName(makeGroup({ message: 'Invalid goal', diagnosis: undefined }))).toBe('Invalid goal');
  });

  it('reads the message as one line inside a sentence, falling back to the normalized message, then to "(no message)"', () => {
    const bare = { diagnosis: undefined };
    expect(problemName(makeGroup({ ...bare, message: '  Invalid \n\n  goal\t id  ' }))).toBe('Invalid goal id');
    expect(problemName(makeGroup({ ...bare, message: '', normalizedMessage: 'invalid goal' }))).toBe('invalid goal');
    expect(problemName(makeGroup({ ...bare, message: '', normalizedMessage: '' }))).toBe('(no message)');
  });
});

describe('eventNoun', () => {
  /** The noun for n events of a scan that asked for these event types. */
  const nounFor = (ids: readonly number[], n: number) => eventNoun(makeReport({ eventTypes: ids.map((id) => ({ id, label: '' })) }), n);

  it('says "broken events" only when the scan asked for broken events alone', () => {
    expect(nounFor([17], 2)).toBe('broken events');
    expect(nounFor([17], 1)).toBe('broken event');
    expect(nounFor([5], 2)).toBe('matching events');
    expect(nounFor([17, 5], 1)).toBe('matching event');
    expect(nounFor([5, 17], 1)).toBe('matching event');
  });

  it('leads the totals line', () => {
    const report = makeReport({ groups: [makeGroup({ count: 3 })] });
    expect(totalsLine(report)).toBe('3 broken events in 1 group in the last 60 minutes');
  });
});
