import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_LIMITS } from '../../src/report/summary.js';
import { goldenRuns } from '../support/golden-report.js';
import { makeGroup, makeRawRequest, makeReport, SITE_A } from '../support/report-factory.js';

/**
 * The job summary as golden files: a report in, Markdown out, reviewed as a
 * diff whenever the renderer changes (update with `npx vitest -u`). The found
 * and failed summaries are of the golden runs' reports (test/support/golden-report.ts).
 */
const golden = goldenRuns();

describe('renderSummary', () => {
  it('renders a run with events: headline, what was new, sites, groups with states and issues, chart, samples', async () => {
    const run = await golden.found();
    // The job summary the action wrote in the golden run (test/support/golden-report.ts) is this rendering of its report.
    expect(run.summary).toBe(`${renderSummary(run.report)}\n`);
    await expect(renderSummary(run.report)).toMatchFileSnapshot('./__golden__/summary-found.md');
  });

  it('renders a clean run', async () => {
    await expect(renderSummary(makeReport({ groups: [] }))).toMatchFileSnapshot('./__golden__/summary-clean.md');
  });

  it('renders a failed scan with its reasons first', async () => {
    const run = await golden.failed();
    expect(run.summary).toBe(`${renderSummary(run.report)}\n`);
    await expect(renderSummary(run.report)).toMatchFileSnapshot('./__golden__/summary-failed.md');
  });

  it('stays under GitHub’s 1 MiB summary limit however many and however large the groups are', () => {
    const huge = 'x'.repeat(50_000);
    const groups = Array.from({ length: 2_000 }, (_, i) =>
      makeGroup({
        fingerprint: i.toString(16).padStart(16, '0'),
        message: huge,
        sampleUrls: [huge, huge, huge],
        sampleRequests: [makeRawRequest({ queryParams: { e_n: huge } })],
      }),
    );
    const markdown = renderSummary(makeReport({ groups }));
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMITS.maxBytes);
    expect(markdown).toContain('…and 1900 more groups: the JSON report holds them all.');
  });

  it('says in the folded heading when a value of the sample was shortened, not only inside it', () => {
    const request = makeRawRequest({ queryParams: { idsite: SITE_A, idgoal: 'z'.repeat(200_000) } });
    const markdown = renderSummary(makeReport({ groups: [makeGroup({ sampleRequests: [request] })] }));
    expect(markdown).toContain('<summary>Raw request (2 parameters, trimmed)</summary>');
    expect(markdown).toContain('(trimmed: 1 value longer than 300 characters shortened with …)');
    expect(renderSummary(makeReport({ groups: [makeGroup()] }))).toMatch(/<summary>Raw request \(\d+ parameters\)<\/summary>/);
  });

  it('cuts a long raw request sample at a line break and says how much was cut', () => {
    const queryParams = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, 'v'.repeat(20)]));
    const markdown = renderSummary(makeReport({ groups: [makeGroup({ sampleRequests: [makeRawRequest({ queryParams })] })] }));
    const sample = /```text\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '';
    expect(sample).toMatch(/\np\d+ = v{20}\n\(trimmed: \d+ more characters in the JSON report\)$/);
    expect(sample.length).toBeLessThanOrEqual(SUMMARY_LIMITS.sampleChars + 40);
  });
});
