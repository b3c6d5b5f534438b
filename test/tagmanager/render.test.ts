import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/text.js';
import { eventLinesOf } from '../../src/events/store.js';
import { renderSummary } from '../../src/report/summary.js';
import { buildAllClear } from '../../src/slack/message.js';
import type { PublishBlame } from '../../src/types.js';
import { renderGfm } from '../support/gfm.js';
import { makeGroup, makeReport, makeSite, SITE_A } from '../support/report-factory.js';

/** The renderers' Tag Manager hooks on a report built by hand: the CLI text, the chart marks, the all-clear. */
const blame: PublishBlame = {
  version: '42',
  versionId: 'v42',
  publishedAt: '2025-03-04T10:03:00Z',
  minutesAfter: 4,
  changes: [{ type: 'edit', resource: 'tag', name: 'GA4 purchase\u202e', sends: ['dimension12'] }],
  changeCount: 1,
  suspects: [
    {
      change: { type: 'edit', resource: 'tag', name: 'GA4 purchase\u202e', sends: ['dimension12'] },
      parameter: 'dimension12',
      dropped: false,
    },
  ],
};

describe('Tag Manager in the renderings', () => {
  it('the CLI text names the publish and the resource, control characters made visible', () => {
    const text = renderText(makeReport({ groups: [makeGroup({ state: 'new', publish: blame })] }));
    expect(text).toContain('Tag Manager: Began 4 min after Tag Manager version 42 was published (10:03 UTC).');
    expect(text).toContain('Most likely cause: tag "GA4 purchase\\u202e" changed in version 42 sends `dimension12`');
    expect(text).not.toContain('\u202e');
  });

  it('the chart marks the interval of a publish, and the all-clear confirms it', () => {
    const group = makeGroup({ state: 'new', publish: blame });
    const site = makeSite({
      siteId: SITE_A,
      name: 'ACME Shop',
      tagManager: {
        publishes: [{ versionId: 'v42', version: '42', publishedAt: '2025-03-04T09:33:00Z', changes: blame.changes, changeCount: 1 }],
        afterPublish: { version: '42', publishedAt: '2025-03-04T09:33:00Z', minutesAgo: 12, eventsSince: 0 },
      },
    });
    const event = {
      siteId: SITE_A,
      eventId: '1',
      sessionId: '1',
      eventType: 17,
      serverTime: '2025-03-04T09:37:00Z',
      fingerprint: group.fingerprint,
      logStatus: 'skipped' as const,
    };
    const report = makeReport({ groups: [group], sites: [site], events: eventLinesOf([event]) });
    const summary = renderSummary(report);
    expect(summary).toMatch(/x-axis \[[^\]]*"09:30 ▲42"/);
    expect(summary).toContain('▲N on the time axis marks a Tag Manager publish');
    expect(renderGfm(summary)).toContain('ACME Shop: Version 42 published 12 min ago: 0 broken events since.');
    const clean = buildAllClear(makeReport({ groups: [], sites: [site] }));
    expect(JSON.stringify(clean)).toContain('ACME Shop: Version 42 published 12 min ago: 0 broken events since.');
  });
});
