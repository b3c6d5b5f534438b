import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_LIMITS } from '../../src/report/summary.js';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

/**
 * The job summary as golden files: a fixed report in, Markdown out, reviewed
 * as a diff whenever the renderer changes (update with `npx vitest -u`).
 */
function foundReport() {
  return makeReport({
    groups: [
      makeGroup({ fingerprint: 'a1b2c3d4e5f60718', count: 12, newCount: 5, state: 'new', alert: true, issue: { number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' } }),
      makeGroup({
        fingerprint: '0badc0de0badc0de',
        siteId: SITE_B,
        eventType: 17,
        eventTypeLabel: 'Broken event',
        message: '<img src=x onerror=alert(1)> @octocat #1 ::error::x ```',
        count: 3,
        newCount: 0,
        state: 'ongoing',
        alert: false,
        silenced: { rule: 'onerror' },
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_B, e_n: '``` </details> <script>' } })],
        diagnosis: undefined,
      }),
    ],
    sites: [makeSite({ siteId: SITE_A, eventCount: 12, matchedSessions: 7, logs: { fetched: 12, unavailable: 0 } }), makeSite({ siteId: SITE_B, eventCount: 3, matchedSessions: 2, capped: true, complete: false, logs: { fetched: 3, unavailable: 0 } })],
    warnings: ['Site 7c2e4d1a-9b8c-4f7e-a6d5-c4b3a2918070: stopped after max-sessions (1000) sessions.'],
    alerting: { since: 'auto', cut: '2025-03-04T09:30:00.000Z', cutSource: 'the start of the previous successful run', notify: 'changes', newEvents: 5, alreadyReported: 10, alertingGroups: 1, silencedGroups: 1, alert: true },
    deliveries: { slack: { status: 'sent' }, github: { status: 'sent', urls: ['https://github.com/acme/shop/issues/12'] } },
  });
}

describe('renderSummary', () => {
  it('renders a run with events: headline, what was new, sites, groups with states and issues, chart, samples', async () => {
    await expect(renderSummary(foundReport())).toMatchFileSnapshot('./__golden__/summary-found.md');
  });

  it('renders a clean run', async () => {
    await expect(renderSummary(makeReport({ groups: [] }))).toMatchFileSnapshot('./__golden__/summary-clean.md');
  });

  it('renders a failed scan with its reasons first', async () => {
    const report = makeReport({
      groups: [],
      sites: [makeSite({ siteId: SITE_A, error: `Site ${SITE_A}: no access (HTTP 404).`, complete: false })],
    });
    await expect(renderSummary(report)).toMatchFileSnapshot('./__golden__/summary-failed.md');
  });

  it('stays under GitHub’s 1 MiB summary limit however many and however large the groups are', () => {
    const huge = 'x'.repeat(50_000);
    const groups = Array.from({ length: 2_000 }, (_, i) =>
      makeGroup({ fingerprint: i.toString(16).padStart(16, '0'), message: huge, sampleUrls: [huge, huge, huge], sampleRequests: [makeRawRequest({ queryParams: { e_n: huge } })] }),
    );
    const markdown = renderSummary(makeReport({ groups }));
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMITS.maxBytes);
    expect(markdown).toContain('…and 1900 more groups: the JSON report holds them all.');
  });
});
