import { randomBytes } from 'node:crypto';
import { lstat, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { STATE_VERSION, type RememberedGroup, type RunState } from './state.js';

/**
 * The state file on disk. Reading never throws: a missing file is a first run,
 * and a corrupt or newer file gives a warning and no state (the whole window
 * counts). Writing goes to a temporary file in the same folder, then renames
 * it over the old one, so a reader never sees half a file.
 */
export type StateRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'loaded'; readonly state: RunState }
  /**
   * Unusable: `warning` says why; `keep` is true when the file must not be overwritten (a newer version's);
   * `foreign` when it is not a state file this tool wrote at all (a run refuses it: src/state/state-lock.ts).
   */
  | { readonly kind: 'unusable'; readonly warning: string; readonly keep: boolean; readonly foreign?: string };

export async function readStateFile(path: string): Promise<StateRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return foreign(path, `it could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  // An empty file is a place made for the state (`touch state.json`): a first run.
  if (text.trim() === '') return { kind: 'missing' };
  return parseState(text, path);
}

function parseState(text: string, path: string): StateRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return foreign(path, 'it is not JSON');
  }
  if (!isRecord(value)) return foreign(path, 'it is not a JSON object');
  const version = value.version;
  // Every state file this tool writes has an integer version: without one, the file is someone else's.
  if (typeof version !== 'number' || !Number.isInteger(version)) return foreign(path, "it has no state 'version'");
  if (typeof version === 'number' && Number.isInteger(version) && version > STATE_VERSION) {
    return unusable(
      path,
      `it was written by a newer version of this tool (state version ${version}; this one reads ${STATE_VERSION}); it is left as it is`,
      true,
    );
  }
  if (version !== STATE_VERSION) return unusable(path, `its version is not ${STATE_VERSION}`, false);
  const sites = readSites(value.sites);
  const groups = readGroups(value.groups);
  if (!sites || !groups) return unusable(path, "its 'sites' or 'groups' are not what this tool writes", false);
  return { kind: 'loaded', state: { version: STATE_VERSION, sites, groups } };
}

/**
 * Writes the state atomically: temp file beside the target, then rename. The temp file never stays behind.
 * A symbolic link is written through (the file it points to is replaced, the link stays a link).
 */
export async function writeStateFile(path: string, state: RunState): Promise<void> {
  const target = await realTarget(path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Where a write of `path` goes: the file a symbolic link points to (also when that file does not exist yet). */
export async function realTarget(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 16; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new Error(`${path} is a chain of more than 16 symbolic links`);
}

function unusable(path: string, why: string, keep: boolean): StateRead {
  return {
    kind: 'unusable',
    keep,
    warning: `The state file ${path} was not used: ${why}. Every event in the window counts as new in this run.`,
  };
}

/** Not a state file of this tool: never used, never replaced. */
function foreign(path: string, why: string): StateRead {
  return { ...unusable(path, why, true), foreign: why } as StateRead;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTime = (value: unknown): value is string => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));

function readSites(value: unknown): Record<string, { lastScan: string }> | undefined {
  if (!isRecord(value)) return undefined;
  const sites: Record<string, { lastScan: string }> = {};
  for (const [siteId, site] of Object.entries(value)) {
    if (!isRecord(site) || !isTime(site.lastScan)) return undefined;
    sites[siteId] = { lastScan: site.lastScan };
  }
  return sites;
}

function readGroups(value: unknown): Record<string, RememberedGroup> | undefined {
  if (!isRecord(value)) return undefined;
  const groups: Record<string, RememberedGroup> = {};
  for (const [fingerprint, group] of Object.entries(value)) {
    if (!isRecord(group) || typeof group.siteId !== 'string' || !isTime(group.lastReportedAt)) return undefined;
    if (typeof group.lastCount !== 'number' || !Number.isSafeInteger(group.lastCount) || group.lastCount < 0) return undefined;
    if (group.resolvedAt !== undefined && !isTime(group.resolvedAt)) return undefined;
    groups[fingerprint] = {
      siteId: group.siteId,
      lastCount: group.lastCount,
      lastReportedAt: group.lastReportedAt,
      ...(group.resolvedAt !== undefined ? { resolvedAt: group.resolvedAt } : {}),
    };
  }
  return groups;
}
