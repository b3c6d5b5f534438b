#!/usr/bin/env node
// The action's inputs as data (src/config/action-inputs.json, typed by src/config/action-inputs.ts), written from
// action.yml, the one place
// inputs are described: the CLI's flags, `--help`, its defaults and which inputs are secrets all come from it, as
// the README's tables do (scripts/readme-tables.mjs). The bundle cannot read action.yml at run time, so the module is
// generated and committed; `npm run build` and `npm run docs` write it, and `--check` (run by
// test/config/action-inputs.test.ts) exits 1 when it is not what this script would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

export const MODULE_PATH = 'src/config/action-inputs.json';

/**
 * An input is a secret when its description tells the user to store it as one: the words a user needs are the
 * marker (action.yml has no field for it, and GitHub refuses unknown keys there).
 */
export const SECRET_MARKER = /\bStore it as a (?:repository )?secret\b/i;

/**
 * The data file's text for an action.yml, formatted as the repository formats JSON.
 * @param {string} actionYml
 * @param {string} path where the module goes (for Prettier's settings)
 * @returns {Promise<string>}
 */
export async function actionInputsModule(actionYml, path) {
  const text = moduleText(actionYml);
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

/**
 * @param {string} actionYml
 * @returns {string}
 */
function moduleText(actionYml) {
  const action = /** @type {{ inputs: Record<string, { description?: string, required?: boolean, default?: unknown }> }} */ (
    parse(actionYml)
  );
  const inputs = Object.entries(action.inputs).map(([name, input]) => {
    const description = String(input.description ?? '');
    return {
      name,
      description,
      required: input.required === true,
      default: input.default === undefined ? '' : String(input.default),
      secret: SECRET_MARKER.test(description),
    };
  });
  return JSON.stringify(inputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const path = `${root}/${MODULE_PATH}`;
  const wanted = await actionInputsModule(readFileSync(`${root}/action.yml`, 'utf8'), path);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // Not written yet.
  }
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      console.error(`${MODULE_PATH} is not what action.yml says: run \`npm run docs\`.`);
      process.exit(1);
    }
  } else if (current !== wanted) {
    writeFileSync(path, wanted);
    console.log(`${MODULE_PATH} written from action.yml.`);
  }
}
