import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStateFile, writeStateFile } from '../../src/state/state-file.js';
import type { RunState } from '../../src/state/state.js';

const STATE: RunState = {
  version: 1,
  sites: { 'site-a': { lastScan: '2025-03-04T10:00:00.000Z' } },
  groups: { '00000000000000aa': { siteId: 'site-a', lastCount: 3, lastReportedAt: '2025-03-04T10:00:00.000Z' } },
};

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'state-file-'));
}

describe('the state file', () => {
  it('is missing on a first run', async () => {
    expect(await readStateFile(join(await folder(), 'state.json'))).toEqual({ kind: 'missing' });
  });

  it('round-trips what was written, atomically, leaving no temporary file', async () => {
    const dir = await folder();
    const path = join(dir, 'state.json');
    await writeStateFile(path, STATE);
    await writeStateFile(path, { ...STATE, sites: {} });
    expect(await readStateFile(path)).toEqual({ kind: 'loaded', state: { ...STATE, sites: {} } });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('removes its temporary file when the rename fails', async () => {
    const dir = await folder();
    // A folder where the file should be: the rename cannot replace it.
    const path = join(dir, 'taken');
    await writeFile(join(dir, 'keep'), '');
    await mkdir(path);
    await expect(writeStateFile(path, STATE)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'taken']);
  });

  it("is not this tool's, never to be replaced, when it is not a JSON object with a version", async () => {
    const dir = await folder();
    for (const [text, why] of [
      ['{"version":1,"sites":', 'it is not JSON'],
      ['SECRET=1', 'it is not JSON'],
      ['[]', 'it is not a JSON object'],
      ['{"sites":{},"groups":{}}', "it has no state 'version'"],
    ]) {
      const path = join(dir, 'state.json');
      await writeFile(path, text);
      expect(await readStateFile(path)).toMatchObject({ kind: 'unusable', keep: true, foreign: why });
    }
  });

  it('is a first run when empty', async () => {
    const path = join(await folder(), 'state.json');
    await writeFile(path, '\n');
    expect(await readStateFile(path)).toEqual({ kind: 'missing' });
  });

  it('is unusable, with a warning naming the file, when corrupt; it may then be overwritten', async () => {
    const dir = await folder();
    for (const [text, why] of [
      ['{"version":0,"sites":{},"groups":{}}', 'its version is not 1'],
      ['{"version":1,"sites":{"a":{"lastScan":"yesterday"}},"groups":{}}', "its 'sites' or 'groups' are not what this tool writes"],
      ['{"version":1,"sites":{},"groups":{"f":{"siteId":"a","lastCount":-1,"lastReportedAt":"2025-03-04T10:00:00Z"}}}', "'groups'"],
    ]) {
      const path = join(dir, 'state.json');
      await writeFile(path, text);
      const read = await readStateFile(path);
      expect(read).toMatchObject({ kind: 'unusable', keep: false });
      expect(read.kind === 'unusable' && read.warning).toContain(`The state file ${path} was not used: `);
      expect(read.kind === 'unusable' && read.warning).toContain(why);
    }
  });

  it('is left alone when a newer version wrote it', async () => {
    const path = join(await folder(), 'state.json');
    await writeFile(path, JSON.stringify({ ...STATE, version: 2 }));
    const read = await readStateFile(path);
    expect(read).toMatchObject({ kind: 'unusable', keep: true });
    expect(read.kind === 'unusable' && read.warning).toMatch(/newer version of this tool \(state version 2; this one reads 1\)/);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(2);
  });
});
