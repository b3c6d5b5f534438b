import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventLinesOf } from '../../src/events/store.js';
import { evidencePathFor, reportChunks, writeReport } from '../../src/report/write.js';
import type { ReportedEvent } from '../../src/types.js';
import { makeReport } from '../support/report-factory.js';

const events: ReportedEvent[] = Array.from({ length: 3000 }, (_, i) => ({
  siteId: 's',
  eventId: String(9007199254740993n + BigInt(i)),
  sessionId: String(i),
  eventType: 17,
  serverTime: '2026-11-29T10:00:00Z',
  fingerprint: 'f',
  url: i === 0 ? 'https://a.example/"events-x"' : undefined,
  logStatus: 'skipped',
}));

describe('the JSON report, streamed', () => {
  it('is the same value as the report, events included, one event a line, in chunks', async () => {
    const report = makeReport({ events: eventLinesOf(events) });
    const chunks: string[] = [];
    for await (const chunk of reportChunks(report)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks.join('');
    const { events: _lines, ...rest } = report;
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ ...rest, events })));
    expect(text.split('\n').filter((l) => l.startsWith('    {"siteId"'))).toHaveLength(3000);
    // The key order of the report stays: events between groups and warnings (a key left undefined is not written).
    expect(Object.keys(JSON.parse(text) as object)).toEqual(
      Object.keys(report).filter((k) => report[k as keyof typeof report] !== undefined),
    );
  });

  it('writes an empty event list as []', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'write-test-'));
    try {
      const path = join(folder, 'report.json');
      await writeReport(path, makeReport({ events: eventLinesOf([]) }));
      expect((JSON.parse(await readFile(path, 'utf8')) as { events: unknown[] }).events).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('puts the raw requests file beside the report', () => {
    expect(evidencePathFor('/tmp/x/report.json')).toBe('/tmp/x/report.raw-requests.ndjson');
  });
});
