import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The README documents the action's interface in two tables; this test fails
 * when they and action.yml disagree (names, required, defaults), and when a
 * usage example in the README passes an input the action does not have.
 */
interface ActionInput {
  required?: boolean;
  default?: string;
}

const readme = readFileSync('README.md', 'utf8');
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, ActionInput>; outputs: Record<string, unknown> };

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

describe('README inputs table', () => {
  it('lists every input of action.yml, in the same order, and no other', () => {
    const names = inputRows.map((r) => r.name);
    const missing = Object.keys(action.inputs).filter((n) => !names.includes(n));
    const extra = names.filter((n) => !(n in action.inputs));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(names).toEqual(Object.keys(action.inputs));
  });

  it.each(inputRows.map((r) => [r.name, r] as const))('%s: required and default as in action.yml', (name, row) => {
    const input = action.inputs[name];
    if (!input) return; // reported by the test above
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
  const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const uses = blocks.flatMap((block) => {
    let doc: unknown;
    try {
      doc = parse(block);
    } catch {
      return []; // a fragment, not a workflow
    }
    return stepsUsingAction(doc);
  });

  it('has usage examples', () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  it('pass only inputs that action.yml has, and every required one', () => {
    const required = Object.entries(action.inputs)
      .filter(([, i]) => i.required === true)
      .map(([n]) => n);
    for (const step of uses) {
      const given = Object.keys(step.with ?? {});
      expect(
        given.filter((n) => !(n in action.inputs)),
        JSON.stringify(step),
      ).toEqual([]);
      expect(
        required.filter((n) => !given.includes(n)),
        JSON.stringify(step),
      ).toEqual([]);
    }
  });
});

function stepsUsingAction(doc: unknown): { uses: string; with?: Record<string, unknown> }[] {
  const jobs = (doc as { jobs?: Record<string, { steps?: unknown[] }> } | null)?.jobs ?? {};
  return Object.values(jobs)
    .flatMap((job) => (Array.isArray(job?.steps) ? job.steps : []))
    .filter(
      (s): s is { uses: string; with?: Record<string, unknown> } =>
        typeof (s as { uses?: unknown }).uses === 'string' && /piwik-pro-broken-event-checker@/.test((s as { uses: string }).uses),
    );
}
