import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Report } from './report.js';

/** A fresh folder under RUNNER_TEMP per run, so two steps in one job never overwrite each other's report. */
export async function reportLocation(runnerTemp: string | undefined): Promise<string> {
  const folder = await mkdtemp(join(runnerTemp || tmpdir(), 'piwik-broken-events-'));
  return join(folder, 'report.json');
}

/** The raw requests file (fetch-logs all) beside a report: `report.json` → `report.raw-requests.ndjson`. */
export function evidencePathFor(reportPath: string): string {
  return `${reportPath.replace(/\.json$/i, '')}.raw-requests.ndjson`;
}

/** Chunks of about this many characters: few writes, little held. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The report as JSON text, in chunks: everything but the events is one
 * JSON.stringify (small: groups are bounded), the events follow one a line as
 * they are read back from disk. The whole text is never in memory.
 */
export async function* reportChunks(report: Report): AsyncGenerator<string> {
  // A random placeholder: no text from the API can be mistaken for it.
  const placeholder = `events-${randomUUID()}`;
  const shell = Object.fromEntries(Object.entries(report).map(([key, value]) => [key, key === 'events' ? placeholder : value]));
  const [head = '', tail = ''] = JSON.stringify(shell, null, 2).split(`"${placeholder}"`);
  let chunk = `${head}[`;
  let first = true;
  for await (const line of report.events.lines()) {
    chunk += `${first ? '' : ','}\n    ${line}`;
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${first ? ']' : '\n  ]'}${tail}\n`;
}

/** Streams the report to `path`; `transform` (the CLI's scrubbing) sees every chunk on the way. */
export async function writeReport(path: string, report: Report, transform: (chunk: string) => string = (c) => c): Promise<void> {
  await pipeline(
    Readable.from(
      (async function* () {
        for await (const chunk of reportChunks(report)) yield transform(chunk);
      })(),
    ),
    createWriteStream(path, { encoding: 'utf8' }),
  );
}
