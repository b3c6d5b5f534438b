#!/usr/bin/env node
// The README's inputs and outputs tables, written from action.yml between marker comments (as actions/checkout
// generates its README usage from its action.yml), so the two cannot drift: change action.yml, run `npm run docs`.
// `--check` writes nothing and exits 1 when README.md is not what this script would write; test/readme.test.ts
// runs the same check.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** @typedef {{ description?: string, required?: boolean, default?: string }} ActionInput */
/** @typedef {{ inputs: Record<string, ActionInput>, outputs: Record<string, { description?: string }> }} ActionMetadata */

/** The marker pairs, by table; everything between a pair belongs to this script. */
export const MARKERS = {
  inputs: ['<!-- inputs: generated from action.yml by `npm run docs` -->', '<!-- end of inputs -->'],
  outputs: ['<!-- outputs: generated from action.yml by `npm run docs` -->', '<!-- end of outputs -->'],
};

/**
 * One table cell from action.yml's plain text (the same words `--help` prints): on one line, and with the characters
 * Markdown would read as markup escaped, so `<!here>` shows as written instead of vanishing as HTML, and a pipe does
 * not end the cell. An underscore inside a word (event_id_str) is left alone: Markdown reads no emphasis there.
 * @param {unknown} text
 */
function cell(text) {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*[\]<>|~]|(?<!\w)_|_(?!\w)/g, '\\$&');
}

/**
 * A literal (a name, a default) as code; nothing for an empty one.
 * @param {string} text
 */
function code(text) {
  return text === '' ? '' : `\`${text}\``;
}

/**
 * One table row; an empty cell is written as `| |`.
 * @param {string[]} cells
 */
function row(cells) {
  return `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;
}

/**
 * The inputs table: name, required, default, meaning.
 * @param {ActionMetadata} action
 */
export function inputsTable(action) {
  const rows = Object.entries(action.inputs).map(([name, input]) =>
    row([code(name), input.required === true ? 'yes' : 'no', code(input.default ?? ''), cell(input.description)]),
  );
  return ['| input | required | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * The outputs table: name, meaning.
 * @param {ActionMetadata} action
 */
export function outputsTable(action) {
  const rows = Object.entries(action.outputs).map(([name, output]) => row([code(name), cell(output.description)]));
  return ['| output | meaning |', '|---|---|', ...rows].join('\n');
}

/**
 * The README with both tables replaced by what action.yml says.
 * @param {string} readme README.md's text
 * @param {string} actionYml action.yml's text
 * @returns {string}
 */
export function withTables(readme, actionYml) {
  const action = /** @type {ActionMetadata} */ (parse(actionYml));
  let text = readme;
  for (const [table, render] of /** @type {const} */ ([
    ['inputs', inputsTable],
    ['outputs', outputsTable],
  ])) {
    const [start, end] = MARKERS[table];
    const from = text.indexOf(start);
    const to = text.indexOf(end, from);
    if (from === -1 || to === -1) throw new Error(`README.md has no ${table} markers: put the table between "${start}" and "${end}".`);
    text = `${text.slice(0, from + start.length)}\n${render(action)}\n${text.slice(to)}`;
  }
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = new URL('../README.md', import.meta.url);
  const readme = readFileSync(readmePath, 'utf8');
  const next = withTables(readme, readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error("README.md's inputs/outputs tables differ from action.yml: run `npm run docs`.");
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
    console.log('README.md: inputs and outputs tables rewritten from action.yml.');
  }
}
