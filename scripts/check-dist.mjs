#!/usr/bin/env node
// Whether the committed dist/ is what a fresh `npm run build` of src/ produces, file for file, and whether each
// bundle's licenses.txt names every runtime dependency it bundles. The build writes to a temporary directory, so the
// working tree is left alone. Run by CI's check-dist job and by .ci/run after the tests (two ncc builds: about 40 s
// of CPU, too slow for the unit suite). Exits 1 with what differs.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * package.json's `build` script as node argument lists writing under `out` instead of dist/: the ncc builds and the
 * licenses step; the generated inputs module is checked, not written (`--check`).
 * @param {string} script
 * @param {string} out
 * @returns {string[][]}
 */
export function buildCommands(script, out) {
  /** @param {string} dir */
  const underOut = (dir) => join(out, relative('dist', dir));
  /** @param {string | undefined} dir */
  const isDist = (dir) => dir !== undefined && (dir === 'dist' || dir.startsWith('dist/'));
  return script.split('&&').map((command) => {
    const [tool, ...args] = command.trim().split(/\s+/);
    if (tool === 'node' && args[0] === 'scripts/action-inputs.mjs' && args.length === 1) return [args[0], '--check'];
    if (tool === 'node' && args[0] === 'scripts/bundle-licenses.mjs' && args.slice(1).every(isDist))
      return [args[0], ...args.slice(1).map(underOut)];
    const target = args.indexOf('-o') + 1;
    if (tool !== 'ncc' || target === 0 || !isDist(args[target])) throw new Error(`unexpected build step: ${command}`);
    args[target] = underOut(args[target] ?? '');
    return ['node_modules/@vercel/ncc/dist/ncc/cli.js', ...args];
  });
}

/**
 * Every file under `dir`, sorted, relative to it.
 * @param {string} dir
 */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * What is wrong with the committed bundles, compared with a fresh build in `fresh`.
 * @param {string} fresh
 * @param {Record<string, string>} dependencies
 * @returns {Promise<string[]>}
 */
async function problems(fresh, dependencies) {
  const out = [];
  const committed = await filesUnder(join(root, 'dist'));
  const built = await filesUnder(fresh);
  for (const file of committed.filter((f) => !built.includes(f))) out.push(`dist/${file} is not in a fresh build`);
  for (const file of built.filter((f) => !committed.includes(f))) out.push(`dist/${file} is missing`);
  for (const file of committed.filter((f) => built.includes(f))) {
    const same = (await readFile(join(root, 'dist', file))).equals(await readFile(join(fresh, file)));
    if (!same) out.push(`dist/${file} differs from a fresh build`);
  }
  // ncc's own --license kept only the last chunk's packages; the CLI has no GitHub Actions edge (@actions/core).
  /** @type {Array<[string, string[]]>} */
  const bundles = [
    ['dist', Object.keys(dependencies)],
    ['dist/cli', Object.keys(dependencies).filter((name) => name !== '@actions/core')],
  ];
  for (const [dir, names] of bundles) {
    const entries = (await readFile(join(root, dir, 'licenses.txt'), 'utf8')).split('\n');
    for (const name of names) if (!entries.includes(name)) out.push(`${dir}/licenses.txt does not name ${name}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const fresh = await mkdtemp(join(tmpdir(), 'dist-check-'));
  try {
    for (const args of buildCommands(pkg.scripts.build, fresh))
      await run(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const found = await problems(fresh, pkg.dependencies);
    if (found.length > 0) {
      console.error(`dist/ is stale: run npm run build and commit dist/.\n${found.map((p) => `- ${p}`).join('\n')}`);
      process.exitCode = 1;
    } else console.log('dist/ is what a fresh build of src/ produces.');
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}
