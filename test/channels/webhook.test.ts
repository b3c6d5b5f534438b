import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookDocument } from '../../src/channels/webhook/document.js';
import { signature } from '../../src/channels/webhook/signature.js';
import { channelDeliveries } from '../../src/report/deliveries.js';
import { makeGroup, makeReport, makeSite, SITE_A } from '../support/report-factory.js';
import { schemaErrors, validateWebhookDocument } from '../support/webhook-schema.js';

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

describe('the signature', () => {
  it('is the HMAC-SHA256 of the exact body, as X-Hub-Signature-256 carries it', () => {
    const body = '{"a":"ü"}';
    expect(signature('k'.repeat(16), body)).toBe(
      `sha256=${createHmac('sha256', 'k'.repeat(16)).update(Buffer.from(body, 'utf8')).digest('hex')}`,
    );
  });
});
