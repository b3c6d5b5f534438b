// `node scripts/bundle-licenses.mjs DIR [DIR …]`, the last step of `npm run build`:
// writes DIR/licenses.txt, the license of every package whose code is in the
// bundle at DIR, chunks included.
//
// Why not ncc's `--license`: it writes one file per chunk under the same name,
// so the chunk ncc emits last (the GitHub client, loaded on demand) overwrites
// the entry bundle's list, and @actions/core, undici and others went missing.
// Here the packages come from the source maps of every .js file in DIR, which
// name each bundled module's path; the format is the one ncc wrote (name,
// license id, license text; sorted by name; a blank line between).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LICENSE_FILE = /^licen[cs]e(?:\.(?:md|txt))?$/i;

/** The project: the maps' `sources` name modules by their path under it (`.././node_modules/…`, whatever the bundle's folder). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The package folder a bundled module lies in (`node_modules/@scope/name`, nested ones too), or undefined for own code.
 * @param {string} source a map's `sources` entry
 */
function packageFolder(source) {
  const first = source.indexOf('node_modules/');
  const last = source.lastIndexOf('node_modules/');
  if (first < 0) return undefined;
  const parts = source.slice(last + 'node_modules/'.length).split('/');
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return name ? join(ROOT, source.slice(first, last + 'node_modules/'.length), name) : undefined;
}

/**
 * Every package folder the source maps in `dir` name.
 * @param {string} dir
 */
async function bundledPackages(dir) {
  const folders = new Set();
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.js.map')).sort()) {
    const map = JSON.parse(await readFile(join(dir, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const folder = packageFolder(source);
      if (folder) folders.add(folder);
    }
  }
  return [...folders];
}

/** @param {string} folder */
async function licenseOf(folder) {
  const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
  const file = (await readdir(folder)).filter((name) => LICENSE_FILE.test(name)).sort()[0];
  const text = file ? await readFile(join(folder, file), 'utf8') : '';
  const id = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
  return { name: pkg.name, entry: [pkg.name, id, text].filter((part) => part !== '').join('\n') };
}

/** @param {string} dir */
async function writeLicenses(dir) {
  const byName = new Map();
  for (const folder of await bundledPackages(dir)) {
    const { name, entry } = await licenseOf(folder);
    // Two copies of one package (a nested version) are listed once, as ncc did.
    if (!byName.has(name)) byName.set(name, entry);
  }
  const names = [...byName.keys()].sort();
  await writeFile(join(dir, 'licenses.txt'), names.map((name) => byName.get(name)).join('\n\n'));
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/bundle-licenses.mjs DIR [DIR …]');
  process.exit(2);
}
for (const dir of dirs) await writeLicenses(dir);
