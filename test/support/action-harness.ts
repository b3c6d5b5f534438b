import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { demoDataset } from '../../simulator/dataset.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { DEFAULT_HTTP_POLICY } from '../../src/http/client.js';
import { run } from '../../src/main.js';
import type { RunOptions } from '../../src/run.js';
import type { Report } from '../../src/report/report.js';
import type { ReportedEvent } from '../../src/types.js';
import { recordingToolkit, type RecordingToolkit } from './toolkit.js';

/**
 * Running the action's edge (`run`) in a test: real retries with short
 * waits, a fresh RUNNER_TEMP, loopback servers closed after each test, and
 * the report read back from `report-path`.
 */
/** Retries wait no real time: the delay asked for is still computed (and logged), the clock moves on at once. */
const FAST_HTTP = { ...DEFAULT_HTTP_POLICY, minDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_500, wait: () => Promise.resolve() };

const servers: { close(): Promise<unknown> }[] = [];

/** Registers the cleanup in the calling test file; call once at its top level. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
}

/** Closed after the current test. */
export function closeLater<T extends { close(): Promise<unknown> }>(server: T): T {
  servers.push(server);
  return server;
}

/** The Piwik PRO simulator with the demo data at `now`, unless options say otherwise. */
export async function piwikSimulator(now: Date, options: Parameters<typeof startPiwikSimulator>[0] = {}): Promise<PiwikSimulator> {
  return closeLater(await startPiwikSimulator({ sites: demoDataset(now).sites, now, ...options }));
}

/** The report as the file holds it: the events are an array there. */
export type ReportFile = Omit<Report, 'events'> & { readonly events: readonly ReportedEvent[] };

export interface ActionRun {
  readonly kit: RecordingToolkit;
  /** Undefined when the run failed before writing one (bad input). */
  readonly report?: ReportFile;
}

export async function runAction(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, options: RunOptions = {}): Promise<ActionRun> {
  const kit = recordingToolkit(inputs);
  const runnerTemp = await mkdtemp(join(tmpdir(), 'runner-temp-'));
  await run(kit, { RUNNER_TEMP: runnerTemp, ...env }, { httpPolicy: FAST_HTTP, githubMsPerSecond: 1, ...options });
  const path = kit.outputs['report-path'];
  return { kit, report: path ? (JSON.parse(await readFile(path, 'utf8')) as ReportFile) : undefined };
}

/** The inputs every test passes to reach the simulator. */
export function piwikInputs(sim: PiwikSimulator, siteIds: readonly string[]): Record<string, string> {
  return { 'instance-url': sim.url, 'site-id': siteIds.join(' '), 'client-id': 'test-client', 'client-secret': 'test-secret' };
}
