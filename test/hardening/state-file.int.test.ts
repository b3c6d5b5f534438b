import { lstat, mkdir, mkdtemp, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS } from '../../simulator/dataset.mjs';
import { closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * Issue 28, item 7: the state file's safety. A path that holds something else is refused untouched, a symbolic
 * link is written through, and two runs that finish at once keep both their sites.
 */
const NOW = new Date();
const { shop, blog } = DEMO_SITE_IDS;
closeServersAfterEach();

const folder = () => mkdtemp(join(tmpdir(), 'state-safety-'));

describe('the state file', () => {
  it.each([
    { case: 'an env file full of secrets', text: 'AWS_SECRET_ACCESS_KEY=abc123\nDB_PASSWORD=hunter2\n', why: 'it is not JSON' },
    { case: 'a JSON file of something else', text: '{"name":"my-app","private":true}\n', why: "it has no state 'version'" },
  ])('refuses $case, before any request, and leaves it untouched', async ({ text, why }) => {
    const path = join(await folder(), '.env');
    await writeFile(path, text);
    const sim = await piwikSimulator(NOW);
    const { kit } = await runAction({ ...piwikInputs(sim, [shop]), 'state-file': path });
    expect(kit.failure()).toContain(
      `'state-file' ${path} exists and is not a state file written by this tool (${why}); it was left untouched.`,
    );
    expect(sim.requests).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(kit.everything()).not.toContain('hunter2');
  });

  it('writes through a symbolic link, which stays a link', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'real'));
    const link = join(dir, 'state.json');
    await symlink(join('real', 'state.json'), link);
    const sim = await piwikSimulator(NOW);
    const { kit } = await runAction({ ...piwikInputs(sim, [shop]), 'state-file': link });
    expect(kit.failure()).toBeUndefined();
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join('real', 'state.json'));
    expect(JSON.parse(await readFile(join(dir, 'real', 'state.json'), 'utf8'))).toMatchObject({ version: 1, sites: { [shop]: {} } });
  });

  it('keeps both sites when two runs finish at once', async () => {
    const path = join(await folder(), 'state.json');
    const [a, b] = await Promise.all([
      piwikSimulator(NOW).then((sim) => runAction({ ...piwikInputs(sim, [shop]), 'state-file': path })),
      piwikSimulator(NOW).then((sim) => runAction({ ...piwikInputs(sim, [blog]), 'state-file': path })),
    ]);
    expect(a.kit.failure()).toBeUndefined();
    expect(b.kit.failure()).toBeUndefined();
    const state = JSON.parse(await readFile(path, 'utf8')) as {
      sites: Record<string, unknown>;
      groups: Record<string, { siteId: string }>;
    };
    expect(Object.keys(state.sites).sort()).toEqual([shop, blog].sort());
    expect(new Set(Object.values(state.groups).map((g) => g.siteId))).toEqual(new Set([shop, blog]));
  });
});
