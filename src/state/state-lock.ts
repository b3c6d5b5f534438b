import { open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OptionNames } from '../text/option-names.js';
import { readStateFile, realTarget, writeStateFile } from './state-file.js';
import { EMPTY_STATE, type RunState } from './state.js';

/**
 * The state file's safety on a shared disk: a path that holds something else
 * (a user's env file) is refused before the run and left untouched; a symbolic
 * link is written through, never replaced by a regular file; and two runs that
 * finish at once never lose each other's sites: the write takes a lock file
 * beside the state, reads the state again under it, and merges into what it
 * finds (src/state/state.ts, nextState) rather than into what it read at the start.
 */

/** A lock older than this was left by a run that died: taken over. */
const STALE_LOCK_MS = 60_000;
/** How long a run waits for another run's write. */
const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 50;

/** Thrown before any request when `state-file` names a file this tool did not write. */
class StateFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileRefused';
  }
}

/**
 * Refuses, before the run, a state-file path that exists and is not a state file of this tool (left untouched),
 * or whose folder does not exist (found now, not after the scan and the deliveries).
 */
export async function refuseForeignStateFile(path: string | undefined, names: OptionNames): Promise<void> {
  if (path === undefined) return;
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new StateFileRefused(
      `${names.of('state-file')} ${path} is in a folder that does not exist (${dirname(path)}): create the folder, or give another path.`,
    );
  }
  const read = await readStateFile(path);
  if (read.kind !== 'unusable' || read.foreign === undefined) return;
  throw new StateFileRefused(
    `${names.of('state-file')} ${path} exists and is not a state file written by this tool (${read.foreign}); it was left untouched. Give the path of a new file, or of a state file this tool wrote.`,
  );
}

/** Reads the state on disk again under a lock, and writes `update` of it: a concurrent run's sites are kept. */
export async function updateStateFile(path: string, update: (current: RunState) => RunState): Promise<void> {
  const target = await realTarget(path);
  const release = await lock(`${target}.lock`);
  try {
    const read = await readStateFile(target);
    if (read.kind === 'unusable' && read.keep) throw new Error(read.foreign ?? 'a newer version of this tool wrote it');
    await writeStateFile(target, update(read.kind === 'loaded' ? read.state : EMPTY_STATE));
  } finally {
    await release();
  }
}

async function lock(lockPath: string): Promise<() => Promise<void>> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_LOCK_MS) await rm(lockPath, { force: true });
    else if (Date.now() > until) throw new Error(`another run held ${lockPath} for more than ${LOCK_WAIT_MS / 1000} s`);
    else await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}
