#!/usr/bin/env node
// The examples in README.md and docs/ (the Slack digest, its notification text, the failure notice, an issue's title
// and body), written from the golden files the renderers are checked against (test/golden/__golden__/), between
// marker comments, so the docs show what the action writes and cannot drift from it. The golden files are what the
// action itself posted in runs over the simulator (test/support/golden-report.ts), so no example is written by hand:
// change a renderer, update its golden file (`npx vitest run test/golden -u`), run `npm run docs`. `--check` writes nothing and exits 1 when a file is not what this
// script would write; test/doc-examples.test.ts runs the same check. `npm run demo` prints its Slack message with
// `slackText` too.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @typedef {{ type: string, text?: { text?: unknown }, fields?: { text?: unknown }[], elements?: { text?: unknown }[] }} Block */
/** @typedef {{ text: string, blocks?: Block[] }} Message */
/** @typedef {{ golden: string, show: (golden: string) => string, quote?: boolean }} Example */

/** @param {string} json */
const message = (json) => /** @type {Message} */ (JSON.parse(json));

/** Where each example comes from (a golden file) and what of it is shown; `quote`: as rendered Markdown, else as text. */
export const EXAMPLES = /** @type {const} @satisfies {Record<string, Example>} */ ({
  'slack-digest': { golden: 'slack-digest.json', show: (json) => slackText(message(json)) },
  'slack-notification': { golden: 'slack-digest.json', show: (json) => message(json).text },
  'slack-failure': { golden: 'slack-failure.json', show: (json) => slackText(message(json)) },
  'issue-title': { golden: 'issue-new.md', show: (md) => md.split('\n', 1)[0].replace(/^# /, '') },
  // The body without the title and the hidden marker lines, which GitHub does not show.
  'issue-body': {
    golden: 'issue-new.md',
    show: (md) =>
      md
        .split('\n')
        .slice(1)
        .filter((l) => !l.startsWith('<!--'))
        .join('\n')
        .trim(),
    quote: true,
  },
});

/** The files that hold examples, and which ones each must hold (so a lost marker fails the check). */
export const DOCS = {
  'README.md': ['slack-digest'],
  'docs/slack-message.md': ['slack-digest', 'slack-notification', 'slack-failure'],
  'docs/github-issues.md': ['issue-title', 'issue-body'],
};

const START = /<!-- example: ([\w-]+), generated from [^>]* by `npm run docs` -->/g;
const END = '<!-- end of example -->';
const BLOCK = new RegExp(`${START.source}[\\s\\S]*?${END}`, 'g');

/** @param {string} name */
function startMarker(name) {
  return `<!-- example: ${name}, generated from test/golden/__golden__/${exampleOf(name).golden} by \`npm run docs\` -->`;
}

/** @param {string} name @returns {Example} */
function exampleOf(name) {
  if (!Object.hasOwn(EXAMPLES, name)) throw new Error(`Unknown example "${name}": one of ${Object.keys(EXAMPLES).join(', ')}.`);
  return EXAMPLES[/** @type {keyof typeof EXAMPLES} */ (name)];
}

/**
 * The message's text as Slack lays it out, one block after another: the header, each section's text and fields,
 * each context element, a rule for a divider. This is the mrkdwn as sent: Slack shows `*bold*` bold, `` `code` ``
 * as code, `<url|label>` as a link labelled "label", and `&lt;` `&gt;` `&amp;` as `<` `>` `&`.
 * @param {Message} message
 */
export function slackText(message) {
  const lines = [];
  for (const block of message.blocks ?? []) {
    if (block.type === 'divider') lines.push('────────');
    const texts = [block.text?.text, ...(block.fields ?? []).map((f) => f.text), ...(block.elements ?? []).map((e) => e.text)];
    for (const text of texts) if (typeof text === 'string') lines.push(text);
  }
  return lines.join('\n');
}

/** A fenced text block whose fence is longer than any run of backticks in the text. @param {string} text */
function fenced(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/** Markdown as a block quote, so it renders as the example it is. @param {string} text */
function quoted(text) {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/**
 * The document with every example rewritten from the golden files.
 * @param {string} doc the document's text
 * @param {(file: string) => string} golden reads a golden file by name
 * @returns {string}
 */
export function withExamples(doc, golden) {
  if ([...doc.matchAll(BLOCK)].length !== examplesIn(doc).length) throw new Error(`An example has no end marker: put "${END}" after it.`);
  return doc.replace(BLOCK, (_, /** @type {string} */ name) => {
    const example = exampleOf(name);
    const shown = example.show(golden(example.golden));
    return `${startMarker(name)}\n${example.quote ? quoted(shown) : fenced(shown)}\n${END}`;
  });
}

/** The names of the examples a document holds, in order. @param {string} doc */
export function examplesIn(doc) {
  return [...doc.matchAll(START)].map((m) => m[1]);
}

/** A golden file's text, from test/golden/__golden__/. @param {string} file */
export function readGolden(file) {
  return readFileSync(new URL(`../test/golden/__golden__/${file}`, import.meta.url), 'utf8');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = false;
  for (const file of Object.keys(DOCS)) {
    const path = new URL(`../${file}`, import.meta.url);
    const doc = readFileSync(path, 'utf8');
    const next = withExamples(doc, readGolden);
    if (next === doc) continue;
    if (process.argv.includes('--check')) {
      console.error(`${file}: its examples differ from the golden files: run \`npm run docs\`.`);
      stale = true;
    } else {
      writeFileSync(path, next);
      console.log(`${file}: examples rewritten from test/golden/__golden__/.`);
    }
  }
  if (stale) process.exit(1);
}
