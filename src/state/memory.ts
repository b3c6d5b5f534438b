import type { GroupKnowledge } from '../alerting/classify.js';
import { channelFailures } from '../report/deliveries.js';
import type { CutMemory } from '../alerting/cut.js';
import type { Report } from '../report/report.js';
import { readStateFile, type StateRead } from './state-file.js';
import { updateStateFile } from './state-lock.js';
import { nextState, stateKnowledge } from './state.js';

/**
 * The run's memory between runs, as the pipeline uses it: what to read before
 * classifying, and when a run may move it forward.
 */
export async function loadState(path: string | undefined): Promise<{ path: string; read: StateRead } | undefined> {
  return path === undefined ? undefined : { path, read: await readStateFile(path) };
}

/**
 * What earlier runs know per fingerprint: the issue decides whether the problem is open (it is the
 * record a person sees); the later of the two reports is the watermark.
 */
export function combineKnowledge(
  fromIssues: ReadonlyMap<string, GroupKnowledge> | undefined,
  fromState: ReadonlyMap<string, GroupKnowledge> | undefined,
): Map<string, GroupKnowledge> | undefined {
  if (!fromIssues && !fromState) return undefined;
  const out = new Map<string, GroupKnowledge>(fromState ?? []);
  for (const [fingerprint, issue] of fromIssues ?? []) {
    const remembered = out.get(fingerprint);
    const times = [issue.lastReportedAt, remembered?.lastReportedAt].filter((t): t is string => t !== undefined);
    const lastReportedAt = times.sort((a, b) => Date.parse(b) - Date.parse(a)).at(0);
    const lastCount = issue.lastCount ?? remembered?.lastCount;
    out.set(fingerprint, {
      open: issue.open,
      ...(lastCount !== undefined ? { lastCount } : {}),
      ...(lastReportedAt !== undefined ? { lastReportedAt } : {}),
    });
  }
  return out;
}

/** What the cut (src/alerting/cut.ts) needs of the state file: whether it was read, and each site's last scan. */
export function cutMemory(memory: { path: string; read: StateRead } | undefined): CutMemory | undefined {
  if (!memory) return undefined;
  const { path, read } = memory;
  return read.kind === 'loaded' ? { path, kind: 'loaded', siteCuts: stateKnowledge(read.state).siteCuts } : { path, kind: read.kind };
}

export function knowledgeOf(read: StateRead | undefined): Map<string, GroupKnowledge> | undefined {
  return read?.kind === 'loaded' ? stateKnowledge(read.state).groups : undefined;
}

/** Why this run must not move the state forward, or undefined when it may. */
function whyNotSaved(report: Report, dryRun: boolean, read: StateRead): string | undefined {
  if (dryRun) return 'a dry run changes nothing';
  if (report.status === 'failed') return 'the scan failed';
  if (channelFailures(report.deliveries).length > 0 || report.deliveries.github.status === 'failed') {
    return 'a delivery failed, so the next run reports these events again';
  }
  if (read.kind === 'unusable' && read.keep) return 'the file is kept as it is';
  return undefined;
}

/** Writes the next state after a successful run; a failure to write is said, never thrown. */
export async function saveState(
  memory: { path: string; read: StateRead },
  report: Report,
  dryRun: boolean,
  say: { log: (message: string) => void; notice: (message: string) => void },
): Promise<void> {
  const why = whyNotSaved(report, dryRun, memory.read);
  if (why) {
    say.log(`State file ${memory.path}: not updated (${why}).`);
    return;
  }
  try {
    // What is on disk now, not what was read at the start: a run that finished meanwhile keeps its sites.
    await updateStateFile(memory.path, (current) => nextState(current, report));
    say.log(`State file ${memory.path}: updated (${report.sites.length} sites, ${report.groups.length} groups).`);
  } catch (error) {
    say.notice(
      `The state file ${memory.path} could not be written (${error instanceof Error ? error.message : String(error)}); the next run counts these events as new again.`,
    );
  }
}
