import type { Since } from '../config.js';
import type { OptionNames } from '../text/option-names.js';

/**
 * Where "new" begins (`since`): after the last successful scan of each site
 * as the state file remembers it, else after the start of the previous
 * successful workflow run (auto); every event (window); or after the given
 * instant. A pure rule: the pipeline reads the state file and asks GitHub
 * for the previous run, and hands both in.
 */
export interface Cut {
  /** One cut for every site (no rule gives both this and siteCuts; siteCuts would decide). */
  readonly at?: string;
  /** Per site, from the state file: sites it does not name have no cut (all their events are new). */
  readonly siteCuts?: ReadonlyMap<string, string>;
  readonly source: string;
  readonly notice?: string;
}

/** What the cut needs of the state file (src/state/memory.ts reads it), when `state-file` is set. */
export type CutMemory =
  /** Per site id, the end of its last successful scan. */
  | { readonly path: string; readonly kind: 'loaded'; readonly siteCuts: ReadonlyMap<string, string> }
  | { readonly path: string; readonly kind: 'missing' | 'unusable' };

/** The previous successful run of the workflow, as src/github/previous-run.ts found it, or why there is none (words for a notice). */
type PreviousRunStart = { readonly startedAt: string } | { readonly reason: string };

export interface CutSources {
  readonly state?: CutMemory;
  /** Undefined when there was no workflow run to ask about (outside GitHub Actions, or no token). */
  readonly previous?: PreviousRunStart;
}

/** Whether the cut depends on the previous workflow run: only `since: auto` without a usable state file asks for it. */
export function needsPreviousRun(since: Since, state: CutMemory | undefined): boolean {
  return since.kind === 'auto' && state?.kind !== 'loaded';
}

/** `names` spells the since setting in the words of the edge (src/text/option-names.ts). */
export function resolveCut(since: Since, sources: CutSources, names: OptionNames): Cut {
  if (since.kind === 'window') return { source: `the whole window (${names.set('since', 'window')})` };
  if (since.kind === 'instant') return { at: since.at, source: `the ${names.of('since')} ${names.noun}` };
  const { state, previous } = sources;
  if (state?.kind === 'loaded') {
    return { siteCuts: state.siteCuts, source: `the last successful scan of each site (state file ${state.path})` };
  }
  const why = (reason: string): Cut => ({
    source: `the whole window (${reason})`,
    notice: `Every event in the window counts as new: ${reason}, so ${names.set('since', 'auto')} has no previous run to start from.`,
  });
  if (!previous) {
    if (state?.kind === 'missing') return why(`the state file ${state.path} does not exist yet (a first run)`);
    if (state) return why(`the state file ${state.path} could not be used`);
    return why('not running in GitHub Actions with a token, and no state file was given');
  }
  if ('reason' in previous) return why(previous.reason);
  return { at: previous.startedAt, source: 'the start of the previous successful run' };
}

/**
 * The earliest cut any site has, for the one line that says where "new" began; none when a site has no cut
 * (all its events are new) or there is no site (`site-id: all` that found none, or an empty shard).
 */
export function displayedCut(cut: Cut, siteIds: readonly string[]): string | undefined {
  const { siteCuts } = cut;
  if (!siteCuts) return cut.at;
  const times = siteIds.map((id) => siteCuts.get(id));
  if (!times.every((t) => t !== undefined)) return undefined;
  // By instant; of two sites cut at the same instant, the first listed (the sort is stable).
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
