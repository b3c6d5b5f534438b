import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookDocument } from '../../src/channels/webhook/document.js';
import { signature } from '../../src/channels/webhook/signature.js';
import { channelDeliveries } from '../../src/report/deliveries.js';
import { makeGroup, makeReport, makeSite, SITE_A } from '../support/report-factory.js';
import { schemaErrors, validateWebhookDocument } from '../support/webhook-schema.js';
import { BLOG, silentAndDropReport, STORE, uncheckedAllClearReport, WHAT_TO_CHECK } from '../support/volume-reports.js';

/** The webhook document against schema/webhook-v1.json, for every kind of run; and its signature. */
const IDS = { id: '6f1c2d4e-5a6b-4c7d-8e9f-a0b1c2d3e4f5', sentAt: new Date('2025-03-04T10:00:07.250Z') };

describe('the webhook document', () => {
  it('matches the schema for an alert, with what the other deliveries did', () => {
    const report = makeReport({
      groups: [
        makeGroup({ state: 'new', alert: true, issue: { number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' } }),
        makeGroup({ state: 'ongoing', alert: false }),
        makeGroup({ state: 'new', alert: false, silenced: { rule: 'Invalid' } }),
      ],
      deliveries: {
        ...channelDeliveries({ slack: { status: 'sent' }, teams: { status: 'failed', detail: 'HTTP 500' } }),
        github: { status: 'sent', urls: ['u'] },
      },
    });
    const document = webhookDocument('alert', report, IDS);
    expect(validateWebhookDocument(document), schemaErrors()).toBe(true);
    expect(document).toMatchObject({
      schemaVersion: 1,
      event: 'alert',
      sentAt: '2025-03-04T10:00:07.000Z',
      timestamp: 1741082407,
      deliveries: { slack: { status: 'sent' }, teams: { status: 'failed', detail: 'HTTP 500' }, github: { status: 'sent', issues: 1 } },
      priority: 'P2',
      pagerduty: { event_action: 'trigger', dedup_key: 'piwik-pro-broken-events/acme/shop', payload: { severity: 'warning' } },
    });
    const groups = document.groups as { change: string | null; alert: boolean; silenced: boolean; issue: unknown }[];
    expect(groups.map((g) => [g.change, g.alert, g.silenced])).toEqual([
      ['new', true, false],
      [null, false, false],
      [null, false, true],
    ]);
    expect(groups[0]?.issue).toEqual({ number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' });
  });

  it('matches the schema for a failure, an all-clear and a run sent only because of webhook-on: always', () => {
    const failed = makeReport({ sites: [makeSite({ siteId: SITE_A, error: 'HTTP 403', complete: false })] });
    const clean = makeReport({ sites: [makeSite()] });
    for (const [kind, report] of [
      ['failure', failed],
      ['all-clear', clean],
      ['report', clean],
    ] as const) {
      const document = webhookDocument(kind, report, IDS);
      expect(validateWebhookDocument(document), `${kind}: ${schemaErrors()}`).toBe(true);
      expect(document.event).toBe(kind);
    }
    expect(webhookDocument('all-clear', clean, IDS)).toMatchObject({ pagerduty: { event_action: 'resolve' }, priority: 'P5' });
    expect(webhookDocument('report', clean, IDS)).toMatchObject({ summary: 'Piwik PRO: clean run' });
  });

  it('holds at most 50 groups and counts the rest, and cuts huge text', () => {
    const huge = `<script>${'x'.repeat(100_000)}`;
    const report = makeReport({
      groups: Array.from({ length: 60 }, (_, i) => makeGroup({ state: 'new', alert: true, count: 100 - i, message: huge })),
    });
    const document = webhookDocument('alert', report, IDS);
    expect(validateWebhookDocument(document), schemaErrors()).toBe(true);
    expect(document.groups).toHaveLength(50);
    expect(document.groupsOmitted).toBe(10);
    expect(JSON.stringify(document).length).toBeLessThan(200_000);
  });
});

describe('the volume check in the webhook document', () => {
  it('leads the summary with a SILENT and a DROP site, and gives their groups what was measured instead of a diagnosis', () => {
    const document = webhookDocument('alert', silentAndDropReport(), IDS);
    expect(validateWebhookDocument(document), schemaErrors()).toBe(true);
    expect(String(document.description).split('\n')).toEqual([
      '🆕 NEW: 🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before',
      'Last page view 11:14 UTC',
      WHAT_TO_CHECK,
      '📈 Chart: page views per 5 min in the run summary (https://github.com/acme/shop/actions/runs/123456789)',
      'Issue #31: https://github.com/acme/shop/issues/31',
      '🆕 NEW: 📉 Traffic drop on Example Blog: 12 page views in the last 30 min, 10 % of the 120 at the same time last week',
      'Last page view 11:57 UTC',
      WHAT_TO_CHECK,
      '📈 Chart: page views per 5 min in the run summary (https://github.com/acme/shop/actions/runs/123456789)',
      '12 broken events in 1 group in the last 60 minutes on 3 sites.',
    ]);
    expect(document.summary).toBe('🆕 3 new problems on 3 sites');
    const groups = document.groups as { siteId: string; eventType: number; diagnosis: unknown; fix: unknown; volume: unknown }[];
    expect(groups.map((g) => [g.siteId, g.eventType])).toEqual([
      [STORE, 1001],
      [BLOG, 1002],
      [expect.any(String), 5],
    ]);
    expect(groups[0]).toMatchObject({ diagnosis: null, fix: null, parameters: [], count: 0 });
    expect(groups[0]?.volume).toEqual({
      kind: 'silent',
      spanMinutes: 30,
      pageViews: 0,
      expected: 30,
      lastPageView: '2026-11-30T11:14:00.000Z',
      quietSince: '2026-11-30T11:15:00.000Z',
      quietMinutes: 45,
      lastWeekSpan: null,
      whatToCheck: WHAT_TO_CHECK.replace('What to check: ', ''),
    });
    expect(groups[1]?.volume).toMatchObject({ kind: 'drop', pageViews: 12, lastWeekSpan: 120 });
    expect(groups[2]?.volume).toBeNull();
  });

  it('says in an all-clear, and in a clean run sent with webhook-on: always, which sites the volume check could not check', () => {
    const report = uncheckedAllClearReport();
    const unchecked =
      "⚠️ Volume not checked for Example Blog (HTTP 403 from the Analytics API: the API client needs at least view access to the site's Analytics data): no broken events does not mean tracking works there.";
    for (const kind of ['all-clear', 'report'] as const) {
      const document = webhookDocument(kind, report, IDS);
      expect(validateWebhookDocument(document), schemaErrors()).toBe(true);
      expect(String(document.description).split('\n'), kind).toEqual([
        'No broken events on 2 sites (Example Store, Example Blog) in the last 60 minutes.',
        unchecked,
        '📈 Tracking arrives on 1 site: 1240 page views in the last 30 min.',
      ]);
      expect((document.sites as { volume: unknown }[]).map((s) => s.volume)).toEqual([
        { status: 'ok', reason: null },
        {
          status: 'not-checked',
          reason: "HTTP 403 from the Analytics API: the API client needs at least view access to the site's Analytics data",
        },
      ]);
    }
  });
});

describe('the signature', () => {
  it('is the HMAC-SHA256 of the exact body, as X-Hub-Signature-256 carries it', () => {
    const body = '{"a":"ü"}';
    expect(signature('k'.repeat(16), body)).toBe(
      `sha256=${createHmac('sha256', 'k'.repeat(16)).update(Buffer.from(body, 'utf8')).digest('hex')}`,
    );
  });
});
