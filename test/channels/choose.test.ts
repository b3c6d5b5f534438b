import { describe, expect, it } from 'vitest';
import { chooseNotice, type NoticeRules } from '../../src/channels/choose.js';
import { FLAG_NAMES } from '../../src/cli/inputs.js';
import type { AlertingSummary, Report } from '../../src/report/report.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import { makeGroup, makeReport, makeSite } from '../support/report-factory.js';

/**
 * Which notice every channel is sent, and the reason each delivery reports in words: the digest when the report says
 * something alerts, else the failure notice or the all-clear when asked for, else nothing, with why.
 */

const RULES: NoticeRules = { onClean: false, onFailure: false, minEvents: 1, names: INPUT_NAMES };

function alerting(overrides: Partial<AlertingSummary> = {}): AlertingSummary {
  return {
    since: 'auto',
    cutSource: 'the previous successful run',
    notify: 'changes',
    newEvents: 0,
    silencedNewEvents: 0,
    alreadyReported: 0,
    alertingGroups: 0,
    silencedGroups: 0,
    alert: false,
    ...overrides,
  };
}

/** A scan that found events (status 'found'), with this alerting decision. */
function found(summary?: AlertingSummary): Report {
  return makeReport({ groups: [makeGroup({ count: 7 })], alerting: summary });
}

const failed = (summary?: AlertingSummary): Report =>
  makeReport({ sites: [makeSite({ error: 'the Debugger API answered 503' })], alerting: summary });
const clean = (): Report => makeReport({ alerting: alerting() });

describe('chooseNotice', () => {
  it('sends the alert when the report says groups alert, counting them', () => {
    const one = found(alerting({ alert: true, alertingGroups: 1, newEvents: 7 }));
    expect(one.status).toBe('found');
    expect(chooseNotice(one, RULES)).toStrictEqual({ kind: 'alert', why: '1 group alerts' });
    const three = found(alerting({ alert: true, alertingGroups: 3, newEvents: 7 }));
    expect(chooseNotice(three, RULES)).toStrictEqual({ kind: 'alert', why: '3 groups alert' });
  });

  it('sends the alert before the failure notice when one site failed and another alerts', () => {
    const report = failed(alerting({ alert: true, alertingGroups: 2, newEvents: 4 }));
    expect(report.status).toBe('failed');
    expect(chooseNotice(report, { ...RULES, onFailure: true })).toStrictEqual({ kind: 'alert', why: '2 groups alert' });
  });

  it('sends the failure notice for a failed scan only with notify-on-failure, and names the setting when not', () => {
    const report = failed(alerting());
    expect(report.status).toBe('failed');
    expect(chooseNotice(report, { ...RULES, onFailure: true })).toStrictEqual({ kind: 'failure', why: 'the scan failed' });
    expect(chooseNotice(report, RULES)).toStrictEqual({ why: "the scan failed and 'notify-on-failure' is false" });
    expect(chooseNotice(report, { ...RULES, names: FLAG_NAMES })).toStrictEqual({
      why: 'the scan failed and --notify-on-failure (or PIWIK_NOTIFY_ON_FAILURE) is false',
    });
  });

  it('sends the all-clear for a clean run only with notify-on-clean, and names the setting when not', () => {
    const report = clean();
    expect(report.status).toBe('clean');
    expect(chooseNotice(report, { ...RULES, onClean: true })).toStrictEqual({ kind: 'all-clear', why: 'clean run' });
    expect(chooseNotice(report, RULES)).toStrictEqual({ why: "clean run and 'notify-on-clean' is false" });
    // Neither rule sends the other's notice.
    expect(chooseNotice(report, { ...RULES, onFailure: true })).toStrictEqual({ why: "clean run and 'notify-on-clean' is false" });
    expect(chooseNotice(failed(alerting()), { ...RULES, onClean: true })).toStrictEqual({
      why: "the scan failed and 'notify-on-failure' is false",
    });
  });

  it('sends nothing for found events below min-events, counting only unsilenced new events', () => {
    const rules = { ...RULES, onClean: true, onFailure: true, minEvents: 5 };
    expect(chooseNotice(found(alerting({ newEvents: 3 })), rules)).toStrictEqual({ why: "3 new events, below 'min-events' (5)" });
    expect(chooseNotice(found(alerting({ newEvents: 6, silencedNewEvents: 5 })), rules)).toStrictEqual({
      why: "1 new event, below 'min-events' (5)",
    });
    expect(chooseNotice(found(alerting({ newEvents: 0 })), rules)).toStrictEqual({ why: "0 new events, below 'min-events' (5)" });
  });

  it('says no group changed when found events reach min-events yet nothing alerts, naming the notify rule', () => {
    const rules = { ...RULES, onClean: true, onFailure: true, minEvents: 5 };
    const why = "no new, regressed or grown group ('notify: changes')";
    expect(chooseNotice(found(alerting({ newEvents: 5 })), rules)).toStrictEqual({ why });
    expect(chooseNotice(found(alerting({ newEvents: 9 })), rules)).toStrictEqual({ why });
    expect(chooseNotice(found(alerting({ newEvents: 9, notify: 'always' })), rules)).toStrictEqual({
      why: "no new, regressed or grown group ('notify: always')",
    });
  });

  it('counts every event of a report built without alerting information, and never alerts on it by itself', () => {
    const report = found();
    expect(report.alerting).toBeUndefined();
    expect(chooseNotice(report, { ...RULES, minEvents: 8 })).toStrictEqual({ why: "7 new events, below 'min-events' (8)" });
    expect(chooseNotice(report, { ...RULES, minEvents: 7 })).toStrictEqual({ why: "no new, regressed or grown group ('notify: changes')" });
  });
});
