import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from './report.js';

/** A fresh folder under RUNNER_TEMP per run, so two steps in one job never overwrite each other's report. */
export async function reportLocation(runnerTemp: string | undefined): Promise<string> {
  const folder = await mkdtemp(join(runnerTemp || tmpdir(), 'piwik-broken-events-'));
  return join(folder, 'report.json');
}

export async function writeReport(path: string, report: Report): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
