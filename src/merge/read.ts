import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPORT_SCHEMA_VERSION, TOOL_NAME } from '../report/report.js';
import type { MergeInput, StoredReport } from './merge.js';

/**
 * The reports `--merge-reports` names: files, or folders searched for
 * `*.json` files (an artifact download puts each shard's report in a folder
 * of its own). Each must be a report of this tool with the schema this
 * version writes; anything else is a clear error naming the file, before
 * anything is merged or sent.
 */
export class MergeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeInputError';
  }
}

/** A folder of artifacts holds a few dozen files; a deeper tree is not what was meant. */
const MAX_DEPTH = 4;

export async function readReports(paths: readonly string[]): Promise<MergeInput[]> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await reportFiles(path, 0)));
  if (files.length === 0) throw new MergeInputError(`--merge-reports found no .json report in ${paths.join(', ')}.`);
  const inputs: MergeInput[] = [];
  for (const file of [...new Set(files)]) inputs.push({ source: relative(process.cwd(), file) || file, report: await readReport(file) });
  return inputs;
}

async function reportFiles(path: string, depth: number): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new MergeInputError(`--merge-reports: ${path} does not exist.`);
  }
  if (!info.isDirectory()) return [path];
  if (depth >= MAX_DEPTH) return [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const found: string[] = [];
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await reportFiles(full, depth + 1)));
    else if (entry.isFile() && /\.json$/i.test(entry.name)) found.push(full);
  }
  return found;
}

async function readReport(file: string): Promise<StoredReport> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new MergeInputError(`--merge-reports: ${file} is not a JSON report (${error instanceof Error ? error.message : String(error)}).`);
  }
  const report = value as Partial<StoredReport> | null;
  if (report?.tool?.name !== TOOL_NAME || report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new MergeInputError(`--merge-reports: ${file} is not a report of ${TOOL_NAME} with schema version ${REPORT_SCHEMA_VERSION}.`);
  }
  if (
    !Array.isArray(report.sites) ||
    !Array.isArray(report.groups) ||
    !Array.isArray(report.events) ||
    !report.window ||
    !report.settings
  ) {
    throw new MergeInputError(`--merge-reports: ${file} lacks the sites, groups, events, window or settings of a report.`);
  }
  return report as StoredReport;
}
