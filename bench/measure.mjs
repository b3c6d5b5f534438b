// Timing for the benchmark: runs the bundled action through
// scripts/run-action.mjs (the runner's way: INPUT_* variables, output files)
// and adds what a benchmark needs: the child's peak RSS and CPU time (read
// inside the child by usage-preload.mjs), the report read back before the
// child's temporary directory is removed, and when its first request reached
// a simulator.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE, runBundledAction, runProcess } from '../scripts/run-action.mjs';

export { BUNDLE, runProcess };
const USAGE_PRELOAD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'usage-preload.mjs')).href;

/**
 * Runs dist/index.js once. With `usage`, the child also reports its peak RSS
 * and CPU time; `nodeArgs` go before the bundle (e.g. --cpu-prof).
 * @param {{ inputs: Record<string, string>, env?: Record<string, string>, usage?: boolean, bundle?: string, nodeArgs?: string[], timeoutMs?: number }} options
 */
export async function runAction({ inputs, env = {}, usage = false, bundle = BUNDLE, nodeArgs = [], timeoutMs = 120_000 }) {
  const usageDir = usage ? await mkdtemp(join(tmpdir(), 'piwik-bench-usage-')) : undefined;
  const usageFile = usageDir ? join(usageDir, 'usage.json') : undefined;
  const run = await runBundledAction({
    inputs,
    env: { ...(usageFile ? { BENCH_USAGE_FILE: usageFile } : {}), ...env },
    nodeArgs: [...nodeArgs, ...(usage ? ['--import', USAGE_PRELOAD] : [])],
    bundle,
    timeoutMs,
  });
  try {
    const resources = usageFile ? JSON.parse(await readFile(usageFile, 'utf8').catch(() => 'null')) : null;
    const cpuMs = resources ? resources.userMs + resources.systemMs : undefined;
    // The report lives under the child's RUNNER_TEMP, removed below: read it now.
    const reportPath = run.outputs['report-path'];
    const report = reportPath ? JSON.parse(await readFile(reportPath, 'utf8').catch(() => 'null')) : undefined;
    // `fetch-logs: all`: the evidence file beside the report, one raw request a line.
    const evidencePath = run.outputs['raw-requests-path'];
    const evidenceLines = evidencePath ? await countLines(evidencePath) : undefined;
    return { ...run, maxRssKb: resources?.maxRssKb, cpuMs, report, evidenceLines };
  } finally {
    await rm(run.work, { recursive: true, force: true });
    if (usageDir) await rm(usageDir, { recursive: true, force: true });
  }
}

async function countLines(path) {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : text.split('\n').filter((l) => l !== '').length;
}

/** Milliseconds from spawn to the earliest request any of the recorders saw; undefined when none arrived. */
export function timeToFirstRequest(spawnAt, ...recorded) {
  let first = Infinity;
  for (const list of recorded) for (const request of list) if (request.at < first) first = request.at;
  return Number.isFinite(first) ? first - spawnAt : undefined;
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A one-line reason a child failed, for the printout. */
export function describeFailure(run) {
  if (run.timedOut) return 'timed out (killed)';
  const tail = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((l) => /error|::error|failed/i.test(l))
    .slice(-2)
    .join(' | ');
  return `exit ${run.code ?? run.signal}${tail ? `: ${tail.slice(0, 300)}` : ''}`;
}
