import type { Since } from '../config.js';
import type { OptionNames } from '../text/option-names.js';
import type { GitHubClient } from '../github/octokit.js';
import { findPreviousSuccessfulRun } from '../github/previous-run.js';
import type { StateRead } from '../state/state-file.js';

/**
 * Where "new" begins (`since`): after the last successful scan of each site
 * as the state file remembers it, else after the start of the previous
 * successful workflow run (auto); every event (window); or after the given
 * instant.
 */
export interface Cut {
  /** One cut for every site. */
  readonly at?: string;
  /** Per site, from the state file: sites it does not name have no cut (all their events are new). */
  readonly siteCuts?: ReadonlyMap<string, string>;
  readonly source: string;
  readonly notice?: string;
}

export interface CutSources {
  readonly github?: { readonly octokit: GitHubClient; readonly owner: string; readonly repo: string; readonly runId?: number };
  /** The state file as read, when `state-file` is set. */
  readonly state?: { readonly path: string; readonly read: StateRead };
  /** Under `since: tag-manager`: the cut at each site's latest publish, being read (src/tagmanager/cut.ts). */
  readonly tagManager?: { readonly cut: () => Promise<Cut> };
}

/** `names` spells the since setting in the words of the edge (src/text/option-names.ts). */
export async function resolveCut(since: Since, sources: CutSources, names: OptionNames): Promise<Cut> {
  if (since.kind === 'window') return { source: `the whole window (${names.set('since', 'window')})` };
  if (since.kind === 'instant') return { at: since.at, source: `the ${names.of('since')} ${names.noun}` };
  if (since.kind === 'tag-manager' && sources.tagManager) return sources.tagManager.cut();
  const { state, github } = sources;
  if (state?.read.kind === 'loaded') {
    const siteCuts = new Map(Object.entries(state.read.state.sites).map(([siteId, site]) => [siteId, site.lastScan]));
    return { siteCuts, source: `the last successful scan of each site (state file ${state.path})` };
  }
  const why = (reason: string): Cut => ({
    source: `the whole window (${reason})`,
    notice: `Every event in the window counts as new: ${reason}, so ${names.set('since', 'auto')} has no previous run to start from.`,
  });
  if (!github || github.runId === undefined) {
    if (state?.read.kind === 'missing') return why(`the state file ${state.path} does not exist yet (a first run)`);
    if (state) return why(`the state file ${state.path} could not be used`);
    return why('not running in GitHub Actions with a token, and no state file was given');
  }
  const previous = await findPreviousSuccessfulRun(github.octokit, { owner: github.owner, repo: github.repo, runId: github.runId });
  if (!previous.startedAt) return why(previous.reason ?? 'no previous successful run was found');
  return { at: previous.startedAt, source: 'the start of the previous successful run' };
}

/** The earliest cut any site has, for the one line that says where "new" began. */
export function displayedCut(cut: Cut, siteIds: readonly string[]): string | undefined {
  if (cut.at !== undefined || !cut.siteCuts) return cut.at;
  const times = siteIds.map((id) => cut.siteCuts?.get(id)).filter((t): t is string => t !== undefined);
  return times.length === siteIds.length ? times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : undefined;
}
