import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MARKERS, withTables } from '../scripts/readme-tables.mjs';
import { inputMistakes } from './support/step-inputs.js';

/**
 * The README documents the action's interface in two tables written from
 * action.yml by `npm run docs` (scripts/readme-tables.mjs); this test fails
 * when the README is not what that script writes, when the tables and
 * action.yml disagree (names, required, defaults), and when a usage example in
 * the README is not valid YAML or passes an input the action does not have.
 */
interface ActionInput {
  required?: boolean;
  default?: string;
}

const readme = readFileSync('README.md', 'utf8');
const actionYml = readFileSync('action.yml', 'utf8');
const action = parse(actionYml) as { inputs: Record<string, ActionInput>; outputs: Record<string, unknown> };

/** The lines of one `## Title` section, up to the next `## ` heading. */
function section(title: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start === -1) throw new Error(`README has no '## ${title}' section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Body rows of the first table in a section whose first cell is a `code` name, as trimmed cells. */
function tableRows(lines: readonly string[]): string[][] {
  return lines
    .filter((l) => /^\|\s*`[^`]+`\s*\|/.test(l))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        // Split on pipes not escaped with a backslash.
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');

const inputRows = tableRows(section('Inputs')).map(([name = '', required = '', fallback = '']) => ({
  name: unquote(name),
  required: required.toLowerCase(),
  default: unquote(fallback),
}));
const outputRows = tableRows(section('Outputs')).map(([name = '']) => unquote(name));

describe('README tables generated from action.yml', () => {
  it('are what `npm run docs` writes (run it after changing action.yml)', () => {
    expect(readme).toBe(withTables(readme, actionYml));
  });

  it('show plain text as written: markup characters escaped, one line per row', () => {
    const yml =
      'inputs:\n  a:\n    description: |\n      Mention <!here> | or [x](y)\n      *not bold* _x_ snake_case\n    default: "1"\noutputs: {}\n';
    const doc = `${MARKERS.inputs.join('\nold\n')}\n${MARKERS.outputs.join('\n')}`;
    expect(withTables(doc, yml).split('\n')).toContain(
      '| `a` | no | `1` | Mention \\<!here\\> \\| or \\[x\\](y) \\*not bold\\* \\_x\\_ snake_case |',
    );
  });

  it('refuses a README without the markers instead of writing the tables somewhere else', () => {
    expect(() => withTables('# no tables', actionYml)).toThrow(/no inputs markers/);
  });
});

describe('README inputs table', () => {
  it('lists every input of action.yml, in the same order, and no other', () => {
    const names = inputRows.map((r) => r.name);
    const missing = Object.keys(action.inputs).filter((n) => !names.includes(n));
    const extra = names.filter((n) => !(n in action.inputs));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(names).toEqual(Object.keys(action.inputs));
  });

  it.each(inputRows.map((r) => [r.name, r] as const))('%s: required and default as in action.yml', (name, row) => {
    if (!(name in action.inputs)) return; // reported by the test above
    const input = action.inputs[name];
    expect(row.required, 'required column').toBe(input.required === true ? 'yes' : 'no');
    expect(row.default, 'default column').toBe(input.default ?? '');
  });
});

describe('README outputs table', () => {
  it('lists every output of action.yml, in the same order, and no other', () => {
    expect(outputRows).toEqual(Object.keys(action.outputs));
  });
});

describe('README usage examples', () => {
  const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]);
  // Every block is something a reader copies: one that is not YAML is a broken example, not a fragment to skip.
  const parsed = blocks.map((block) => {
    try {
      return { block, doc: parse(block) as unknown, error: undefined };
    } catch (error) {
      return { block, doc: undefined, error: String(error) };
    }
  });
  const uses = parsed.flatMap(({ doc }) => stepsUsingAction(doc));

  it.each(parsed.map((p) => [p.block.split('\n')[0] ?? '', p.error] as const))('the block starting "%s" is valid YAML', (_, error) => {
    expect(error).toBeUndefined();
  });

  it('has usage examples', () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  it('pass only inputs that action.yml has, and every required one', () => {
    for (const step of uses) expect(inputMistakes(step.with, action.inputs), JSON.stringify(step)).toEqual({ unknown: [], missing: [] });
  });
});

function stepsUsingAction(doc: unknown): { uses: string; with?: Record<string, unknown> }[] {
  const jobs = (doc as { jobs?: Record<string, { steps?: unknown[] } | null> } | null)?.jobs ?? {};
  return Object.values(jobs)
    .flatMap((job) => (Array.isArray(job?.steps) ? job.steps : []))
    .filter(
      (s): s is { uses: string; with?: Record<string, unknown> } =>
        typeof (s as { uses?: unknown }).uses === 'string' && /piwik-pro-broken-event-checker@/.test((s as { uses: string }).uses),
    );
}
