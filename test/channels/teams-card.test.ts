import { describe, expect, it } from 'vitest';
import { adaptiveCardProblems } from '../../simulator/adaptive-card.mjs';
import { teamsMessageProblems } from '../../simulator/teams.mjs';
import { byteSize, teamsCard, TEAMS_MAX_BYTES } from '../../src/channels/teams/card.js';
import { noticeView } from '../../src/channels/view.js';
import type { Report } from '../../src/report/report.js';
import { cardLines, cardTexts } from '../support/teams-card.js';
import { makeGroup, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';
import { silentAndDropReport, uncheckedAllClearReport, WHAT_TO_CHECK } from '../support/volume-reports.js';

/** The Teams card: valid for Microsoft's parser, within the webhook's size, the change first, nothing untrusted live. */
function card(report: Report, kind: 'alert' | 'failure' | 'all-clear' = 'alert') {
  return teamsCard(noticeView(kind, report));
}

const texts = cardTexts;

describe('the Teams card', () => {
  it('leads with the change and gives each alerting group its container, issue link included', () => {
    const report = makeReport({
      groups: [
        makeGroup({ state: 'new', alert: true, issue: { number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' } }),
        makeGroup({ state: 'ongoing', alert: false, message: 'Invalid custom event value: twelve' }),
      ],
    });
    const message = card(report);
    expect(adaptiveCardProblems(message.attachments[0].content)).toEqual([]);
    const runs = texts(message);
    expect(runs[0]).toMatch(/^🆕 1 new problem on 0b6f0b9c…: Invalid value for parameter 'idgoal'/);
    expect(runs).toContain('🆕 NEW');
    expect(runs).toContain('Issue #12');
    expect(runs.some((t) => t.includes('Still happening'))).toBe(true);
    expect(JSON.stringify(message)).toContain('"selectAction":{"type":"Action.OpenUrl","url":"https://github.com/acme/shop/issues/12"');
    expect(message.attachments[0].content.actions).toEqual([
      { type: 'Action.OpenUrl', url: 'https://github.com/acme/shop/actions/runs/123456789', title: 'Workflow run (job summary)' },
    ]);
  });

  it('stays within the webhook size with fewer groups in full when they would not fit, counting the rest', () => {
    // Three-byte characters everywhere, at every length limit: five full groups would be far over 28 KB.
    const wide = '漢'.repeat(2_000);
    const groups = Array.from({ length: 12 }, (_, i) =>
      makeGroup({
        state: 'new',
        alert: true,
        count: 20 - i,
        message: `${i} ${wide}`,
        diagnosis: {
          summary: wide,
          findings: [{ parameter: 'e_v', value: wide, problem: wide, expected: '', hint: wide, severity: 'cause' }],
        },
      }),
    );
    const report = makeReport({
      groups,
      sites: [makeSite({ siteId: SITE_A, name: wide, eventCount: 200 }), makeSite({ siteId: SITE_B, error: wide })],
      warnings: [wide],
    });
    const message = card(report);
    expect(byteSize(message)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(teamsMessageProblems(JSON.stringify(message))).toEqual([]);
    const shown = texts(message).filter((t) => t === '🆕 NEW').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(5);
    expect(texts(message)).toContain(`+${12 - shown} more alerting groups`);
  });

  it('shows at most five groups in full, as the Slack digest does', () => {
    const report = makeReport({ groups: Array.from({ length: 40 }, (_, i) => makeGroup({ state: 'new', alert: true, count: 50 - i })) });
    const runs = texts(card(report));
    expect(runs.filter((t) => t === '🆕 NEW')).toHaveLength(5);
    expect(runs).toContain('+35 more alerting groups');
  });

  it('has a failure notice and an all-clear', () => {
    const failed = makeReport({ sites: [makeSite({ siteId: SITE_A, error: 'no access (HTTP 403)', complete: false })] });
    const notice = card(failed, 'failure');
    expect(adaptiveCardProblems(notice.attachments[0].content)).toEqual([]);
    expect(texts(notice)[0]).toBe('❌ Piwik PRO could not check 1 of 1 site');
    expect(texts(notice).join('\n')).toContain('no access (HTTP 403)');
    const clear = card(makeReport({ sites: [makeSite({ name: 'Example Store' })] }), 'all-clear');
    expect(adaptiveCardProblems(clear.attachments[0].content)).toEqual([]);
    expect(texts(clear)).toContain('No broken events on 1 site (Example Store) in the last 60 minutes.');
  });

  it("shows the diagnosis's quoted values in monospace, as Slack shows them as code", () => {
    const diagnosis = {
      summary: '`e_v` = `twelve` is not a number',
      findings: [
        {
          parameter: 'e_v',
          value: 'twelve',
          problem: 'is not a number',
          expected: '',
          hint: 'send `e_v` as a number',
          severity: 'cause' as const,
        },
      ],
    };
    const json = JSON.stringify(card(makeReport({ groups: [makeGroup({ state: 'new', alert: true, diagnosis })] })));
    expect(json).toContain(
      '{"type":"TextRun","text":"e_v","fontType":"Monospace"},{"type":"TextRun","text":" = "},{"type":"TextRun","text":"twelve","fontType":"Monospace"}',
    );
    expect(json).toContain('{"type":"TextRun","text":"Send "},{"type":"TextRun","text":"e_v","fontType":"Monospace"}');
    expect(json).not.toContain('`');
  });

  it('keeps untrusted text out of Markdown and out of links', () => {
    const hostile = '<at>all</at> [x](https://evil.example) **b** www.evil.example @channel \u202e';
    const report = makeReport({ groups: [makeGroup({ state: 'new', alert: true, message: hostile })] });
    const message = card(report);
    const json = JSON.stringify(message);
    expect(json).not.toContain('"TextBlock"');
    expect(json).not.toContain('https://evil');
    expect(json).not.toContain('www.evil');
    expect(json).not.toContain('\u202e');
    expect(texts(message).join(' ')).toContain('\\u202e');
  });

  it('shows a SILENT and a DROP site first, in the volume words, with no event counts, cause or parameters', () => {
    const message = card(silentAndDropReport());
    expect(adaptiveCardProblems(message.attachments[0].content)).toEqual([]);
    const lines = cardLines(message);
    const first = lines.indexOf('🆕 NEW  🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before');
    expect(lines.slice(first, first + 10)).toEqual([
      '🆕 NEW  🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before',
      'Last page view 11:14 UTC',
      `🔧 ${WHAT_TO_CHECK}`,
      '📈 Chart: page views per 5 min in the run summary',
      'Issue #31',
      '🆕 NEW  📉 Traffic drop on Example Blog: 12 page views in the last 30 min, 10 % of the 120 at the same time last week',
      'Last page view 11:57 UTC',
      `🔧 ${WHAT_TO_CHECK}`,
      '📈 Chart: page views per 5 min in the run summary',
      "🆕 NEW  Invalid value for parameter 'idgoal': expected an integer",
    ]);
    // The header and the totals come before them, and nothing of an event group is said of a silent site.
    expect(first).toBe(2);
    expect(lines.slice(0, first + 9).filter((l) => /\bevents?\b|sessions?|Sent: |Page: /.test(l))).toEqual([
      '12 broken events in 1 group in the last 60 minutes on 3 sites.',
    ]);
    const json = JSON.stringify(message);
    expect(json).toContain('"selectAction":{"type":"Action.OpenUrl","url":"https://github.com/acme/shop/issues/31","title":"Issue #31"}');
    expect(json).toContain(
      '"selectAction":{"type":"Action.OpenUrl","url":"https://github.com/acme/shop/actions/runs/123456789","title":"page views per 5 min in the run summary"}',
    );
  });

  it('keeps a hostile site name inert in a volume headline', () => {
    const message = card(silentAndDropReport('<at>Everyone</at> [x](https://evil.example) **b** @channel \u202e'));
    const json = JSON.stringify(message);
    expect(adaptiveCardProblems(message.attachments[0].content)).toEqual([]);
    expect(json).not.toContain('"TextBlock"');
    expect(json).not.toContain('https://evil');
    expect(json).not.toContain('\u202e');
    expect(cardLines(message)).toContain(
      '🆕 NEW  🔇 Tracking silent on <at>Everyone</at> [x](https:\u200b//evil.example) **b** @\u200bchannel \\u202e since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before',
    );
  });

  it('heads the known groups as Slack does: still happening, or known with no new events', () => {
    const report = makeReport({
      groups: [
        makeGroup({ state: 'ongoing', alert: false, message: 'Happening', count: 4, newCount: 1 }),
        makeGroup({ state: 'ongoing', alert: false, message: 'Quiet', count: 30, newCount: 0 }),
      ],
    });
    const lines = cardLines(card(report));
    expect(lines).toContain('Still happening (known, no alert): 1 problem');
    expect(lines).toContain('• Happening · 4 events (1 new) · 0b6f0b9c…');
    expect(lines).toContain('Known, no new events: 1 problem');
    expect(lines).toContain('• Quiet · 30 events · 0b6f0b9c…');
  });

  it('says in the all-clear which sites the volume check could not check, never calling them fine', () => {
    const message = card(uncheckedAllClearReport(), 'all-clear');
    expect(adaptiveCardProblems(message.attachments[0].content)).toEqual([]);
    expect(cardLines(message)).toEqual([
      '✅ Piwik PRO: no broken events',
      'No broken events on 2 sites (Example Store, Example Blog) in the last 60 minutes.',
      "⚠️ Volume not checked for Example Blog (HTTP 403 from the Analytics API: the API client needs at least view access to the site's Analytics data): no broken events does not mean tracking works there.",
      '📈 Tracking arrives on 1 site: 1240 page views in the last 30 min.',
      'piwik-pro-broken-event-checker 0.1.0',
    ]);
  });

  it('confirms a Tag Manager publish in the intro and the all-clear, as the Slack digest does', () => {
    const site = makeSite({
      name: 'ACME Shop',
      tagManager: { publishes: [], afterPublish: { version: '42', publishedAt: '2025-03-04T09:33:00Z', minutesAgo: 12, eventsSince: 0 } },
    });
    const confirmation = '🏷️ ACME Shop: Version 42 published 12 min ago: 0 broken events since.';
    const clear = cardLines(card(makeReport({ sites: [site] }), 'all-clear'));
    expect(clear.slice(0, 3)).toEqual([
      '✅ Piwik PRO: no broken events',
      'No broken events on 1 site (ACME Shop) in the last 60 minutes.',
      confirmation,
    ]);
    const alert = cardLines(card(makeReport({ sites: [{ ...site, eventCount: 12 }], groups: [makeGroup({ state: 'new', alert: true })] })));
    expect(alert.slice(1, 3)).toEqual(['12 broken events in 1 group in the last 60 minutes on 1 site.', confirmation]);
  });
});
