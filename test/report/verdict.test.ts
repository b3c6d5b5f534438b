import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import type { Report } from '../../src/report/report.js';
import { verdictOf } from '../../src/report/verdict.js';
import { makeGroup, makeReport } from '../support/report-factory.js';

function config(inputs: Record<string, string> = {}): Config {
  const values: Record<string, string> = {
    'instance-url': 'https://acme.piwik.pro',
    'site-id': '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    'client-id': 'id',
    'client-secret': 'secret',
    ...inputs,
  };
  return parseConfig((name) => values[name] ?? '');
}

const threeEvents = makeReport({ groups: [makeGroup({ count: 3 })] });

describe('verdictOf', () => {
  it('stops the run on new events with fail-on-events from exactly min-events up', () => {
    const at = verdictOf(config({ 'fail-on-events': 'true', 'min-events': '3' }), threeEvents);
    expect(at).toEqual({
      failures: [],
      eventsGate: "3 new matching events found (3 in the window, 1 group), and 'fail-on-events' is true.",
    });
    const one = verdictOf(config({ 'fail-on-events': 'true' }), makeReport({ groups: [makeGroup({ count: 1 })] }));
    expect(one.eventsGate).toBe("1 new matching event found (1 in the window, 1 group), and 'fail-on-events' is true.");
    const below = verdictOf(config({ 'fail-on-events': 'true', 'min-events': '4' }), threeEvents);
    expect(below.eventsGate).toBeUndefined();
  });

  it('does not count new events of silenced groups: a known, silenced problem does not fail the gate', () => {
    const withNew = (newEvents: number, silencedNewEvents: number): Report => ({
      ...threeEvents,
      alerting: {
        since: 'auto',
        cutSource: 'the start of the previous successful run',
        notify: 'changes',
        newEvents,
        silencedNewEvents,
        alreadyReported: 0,
        alertingGroups: 0,
        silencedGroups: 1,
        alert: false,
      },
    });
    const gate = (report: Report) => verdictOf(config({ 'fail-on-events': 'true' }), report).eventsGate;
    expect(gate(withNew(3, 3))).toBeUndefined();
    expect(gate(withNew(5, 3))).toMatch(/^2 new matching events found/);
  });

  it('lets events through without fail-on-events', () => {
    expect(verdictOf(config(), threeEvents)).toEqual({ failures: [] });
  });
});
