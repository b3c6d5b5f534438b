import type { Report } from '../../src/report/report.js';
import { makeGroup, makeRawRequest, makeReport } from './report-factory.js';

/**
 * Reports at the edges of what the Slack digest must handle, shared by the
 * digest's own tests and the test of every payload shape.
 */

/** 40 groups: a third known and quiet, the rest NEW or REGRESSED with issues, every tenth silenced. */
export function fortyGroupReport(): Report {
  const groups = Array.from({ length: 40 }, (_, i) =>
    makeGroup({
      count: 100 - i,
      state: i % 3 === 0 ? 'ongoing' : i % 3 === 1 ? 'new' : 'regressed',
      alert: i % 3 !== 0,
      silenced: i % 10 === 9 ? { rule: 'noise' } : undefined,
      issue: { number: i + 1, url: `https://github.com/acme/shop/issues/${i + 1}`, action: 'commented' },
    }),
  );
  return makeReport({ groups });
}

/** What arrives hostile and oversized in every field: 200 NEW groups whose every text is 15,000 characters of `x&<`. */
export function oversizedReport(): { report: Report; huge: string } {
  const huge = 'x&<'.repeat(5_000);
  const groups = Array.from({ length: 200 }, (_, i) =>
    makeGroup({
      count: 1000 - i,
      state: 'new',
      message: huge,
      sampleUrls: [huge],
      sampleRequests: [makeRawRequest({ queryParams: { idgoal: huge } })],
      diagnosis: {
        summary: huge,
        findings: [{ parameter: 'idgoal', value: huge, problem: 'p', expected: 'e', hint: huge, severity: 'cause' }],
      },
    }),
  );
  return { report: makeReport({ groups, warnings: [huge, huge], errors: [huge] }), huge };
}
