import { describe, expect, it } from 'vitest';
import { displayedCut, needsPreviousRun, resolveCut, type CutMemory } from '../../src/alerting/cut.js';
import { FLAG_NAMES } from '../../src/cli/inputs.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';

const A = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const B = '1f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const C = '2f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const AUTO = { kind: 'auto' } as const;
const loaded = (siteCuts: ReadonlyMap<string, string>): CutMemory => ({ path: 'state.json', kind: 'loaded', siteCuts });
const STARTED = '2026-11-29T10:00:00.000Z';

describe('needsPreviousRun: when the pipeline asks GitHub for the previous workflow run', () => {
  it('asks under since: auto unless a loaded state file already says where each site left off', () => {
    expect(needsPreviousRun(AUTO, undefined)).toBe(true);
    expect(needsPreviousRun(AUTO, { path: 'state.json', kind: 'missing' })).toBe(true);
    expect(needsPreviousRun(AUTO, { path: 'state.json', kind: 'unusable' })).toBe(true);
    expect(needsPreviousRun(AUTO, loaded(new Map()))).toBe(false);
  });

  it('never asks under an explicit since', () => {
    for (const since of [{ kind: 'window' }, { kind: 'instant', at: STARTED }, { kind: 'tag-manager' }] as const) {
      expect(needsPreviousRun(since, undefined)).toBe(false);
    }
  });
});

describe('resolveCut: where "new" begins, and the words that say so', () => {
  it('takes every event under since: window and events after the instant under since: <instant>, named as the edge spells it', () => {
    expect(resolveCut({ kind: 'window' }, {}, INPUT_NAMES)).toEqual({ source: "the whole window ('since: window')" });
    expect(resolveCut({ kind: 'window' }, {}, FLAG_NAMES)).toEqual({ source: 'the whole window (--since window (or PIWIK_SINCE=window))' });
    expect(resolveCut({ kind: 'instant', at: STARTED }, {}, INPUT_NAMES)).toEqual({ at: STARTED, source: "the 'since' input" });
  });

  it('cuts each site at its last successful scan when the state file loaded, whatever the previous run says', () => {
    const siteCuts = new Map([[A, STARTED]]);
    expect(resolveCut(AUTO, { state: loaded(siteCuts), previous: { startedAt: '2026-11-29T09:00:00.000Z' } }, INPUT_NAMES)).toEqual({
      siteCuts,
      source: 'the last successful scan of each site (state file state.json)',
    });
  });

  it('cuts at the start of the previous successful run without a usable state file', () => {
    const previous = { startedAt: STARTED };
    const expected = { at: STARTED, source: 'the start of the previous successful run' };
    expect(resolveCut(AUTO, { previous }, INPUT_NAMES)).toEqual(expected);
    expect(resolveCut(AUTO, { state: { path: 'state.json', kind: 'missing' }, previous }, INPUT_NAMES)).toEqual(expected);
  });

  it('counts the whole window as new when no previous run can be had, and says why in a notice', () => {
    const reason = 'this is the first successful run of the workflow';
    expect(resolveCut(AUTO, { previous: { reason } }, INPUT_NAMES)).toEqual({
      source: `the whole window (${reason})`,
      notice: `Every event in the window counts as new: ${reason}, so 'since: auto' has no previous run to start from.`,
    });
    const cases: [CutMemory | undefined, string][] = [
      [{ path: 'state.json', kind: 'missing' }, 'the state file state.json does not exist yet (a first run)'],
      [{ path: 'state.json', kind: 'unusable' }, 'the state file state.json could not be used'],
      [undefined, 'not running in GitHub Actions with a token, and no state file was given'],
    ];
    for (const [state, why] of cases) {
      expect(resolveCut(AUTO, { state }, FLAG_NAMES)).toEqual({
        source: `the whole window (${why})`,
        notice: `Every event in the window counts as new: ${why}, so --since auto (or PIWIK_SINCE=auto) has no previous run to start from.`,
      });
    }
  });
});

describe('displayedCut: the one instant the summary names as the start of "new"', () => {
  it('is the run-wide cut when there is one, or none', () => {
    expect(displayedCut({ at: STARTED, source: '' }, [A])).toBe(STARTED);
    expect(displayedCut({ source: '' }, [A])).toBeUndefined();
  });

  it("is the earliest site's cut when every site has one", () => {
    const early = '2026-11-29T08:00:00.000Z';
    const mid = '2026-11-29T09:00:00.000Z';
    const late = '2026-11-29T10:00:00.000Z';
    const siteCuts = new Map([
      [A, mid],
      [B, early],
      [C, late],
    ]);
    for (const order of [
      [A, B, C],
      [B, C, A],
      [C, A, B],
      [C, B, A],
    ]) {
      expect(displayedCut({ siteCuts, source: '' }, order)).toBe(early);
    }
  });

  it('is none when a site has no cut of its own (all its events are new)', () => {
    expect(displayedCut({ siteCuts: new Map([[A, STARTED]]), source: '' }, [A, B])).toBeUndefined();
    expect(displayedCut({ siteCuts: new Map([[A, STARTED]]), source: '' }, [B, A])).toBeUndefined();
  });

  it('is none, and does not throw, when the run has no site (site-id: all found none, or an empty shard)', () => {
    expect(displayedCut({ siteCuts: new Map([[A, STARTED]]), source: '' }, [])).toBeUndefined();
  });
});
