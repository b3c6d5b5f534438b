import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Which Node the project runs on is written in four places; these keep them saying the same thing.
const runtime = (parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string } }).runs.using;
const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
const nodeVersionFile = readFileSync('.node-version', 'utf8').trim();
const ci = parse(readFileSync('.github/workflows/ci.yml', 'utf8')) as {
  jobs: { test: { strategy: { matrix: { node: number[] } } } };
};

describe('Node versions', () => {
  it(".node-version is the action's runtime", () => {
    expect(`node${nodeVersionFile}`).toBe(runtime);
  });

  it('CI tests the oldest Node the engines allow and the runtime, and no Node the engines refuse', () => {
    const oldest = Number(/^>=(\d+)$/.exec(engines)?.[1]);
    const matrix = ci.jobs.test.strategy.matrix.node;
    expect(matrix).toContain(oldest);
    expect(matrix).toContain(Number(nodeVersionFile));
    expect(matrix.filter((v) => v < oldest)).toEqual([]);
  });
});
