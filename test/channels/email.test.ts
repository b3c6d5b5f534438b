import { describe, expect, it } from 'vitest';
import { startMailSink } from '../../simulator/mail.mjs';
import { emailChannel } from '../../src/channels/email/channel.js';
import { sendEmail, transportOptions } from '../../src/channels/email/send.js';
import { Scrubber } from '../../src/safety/secrets.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import type { NoticeKind } from '../../src/channels/channel.js';
import type { Report } from '../../src/report/report.js';
import { makeGroup, makeReport } from '../support/report-factory.js';
import { silentAndDropReport, uncheckedAllClearReport, WHAT_TO_CHECK } from '../support/volume-reports.js';
import { closeLater, closeServersAfterEach } from '../support/action-harness.js';

closeServersAfterEach();

describe('the SMTP connection', () => {
  it('speaks TLS from the start with smtps://, and requires STARTTLS with smtp:// off loopback', () => {
    expect(transportOptions('smtps://u:p@smtp.example.com')).toMatchObject({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      requireTLS: false,
    });
    expect(transportOptions('smtp://u:p@smtp.example.com')).toMatchObject({ port: 587, secure: false, requireTLS: true });
    expect(transportOptions('smtp://u:p@smtp.example.com:2525')).toMatchObject({ port: 2525, requireTLS: true });
  });

  it('allows plain SMTP only to a loopback host', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]'])
      expect(transportOptions(`smtp://${host}:25`), host).toMatchObject({ requireTLS: false });
    expect(transportOptions('smtp://[::1]:25').host).toBe('::1');
  });

  it('decodes the user and password, and reads no file or URL a message could name', () => {
    expect(transportOptions('smtps://mon%40example.com:p%40ss%3Aword@smtp.example.com')).toMatchObject({
      auth: { user: 'mon@example.com', pass: 'p@ss:word' },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    expect(transportOptions('smtps://smtp.example.com').auth).toBeUndefined();
  });
});

describe('sending', () => {
  const report = makeReport({ groups: [makeGroup({ state: 'new', alert: true })] });
  const message = emailChannel.render(
    { kind: 'alert', report, why: '1 group alerts', at: new Date(), names: INPUT_NAMES },
    undefined as never,
  );
  const scrub = (text: string) => text;

  it('tries a temporary refusal (4xx) once more, and delivers', async () => {
    const sink = closeLater(await startMailSink({ faults: [{ code: 451, message: 'Try again later' }] }));
    const delivery = await sendEmail(message, { smtpUrl: sink.url, to: ['a@example.com'], from: 'm@example.com' }, { scrub });
    expect(delivery).toEqual({ status: 'sent' });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]?.parsed.subject).toBe('[Piwik PRO] 1 new problem on 0b6f0b9c…');
  });

  it('fails at once on a permanent refusal (5xx), saying what the server said and never the password', async () => {
    const sink = closeLater(await startMailSink({ faults: [{ code: 550, message: 'Relaying denied' }] }));
    const scrubber = new Scrubber([sink.url, sink.password]);
    const delivery = await sendEmail(
      message,
      { smtpUrl: sink.url, to: ['a@example.com'], from: 'm@example.com' },
      { scrub: (t) => scrubber.text(t) },
    );
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/^the SMTP server did not take the e-mail: 550 .*Relaying denied/);
    expect(sink.mails).toHaveLength(0);
    expect(sink.connections()).toBe(1);
  });

  it('fails on a wrong password without quoting it', async () => {
    const sink = closeLater(await startMailSink());
    const wrong = sink.url.replace(encodeURIComponent(sink.password), 'Wrong-Password-123');
    const scrubber = new Scrubber([wrong, 'Wrong-Password-123']);
    const delivery = await sendEmail(
      message,
      { smtpUrl: wrong, to: ['a@example.com'], from: 'm@example.com' },
      { scrub: (t) => scrubber.text(t) },
    );
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/535|EAUTH/);
    expect(delivery.detail).not.toContain('Wrong-Password-123');
  });
});

describe('the volume check in the e-mail', () => {
  const CHART = '📈 Chart: page views per 5 min in the run summary (https://github.com/acme/shop/actions/runs/123456789)';

  /** The e-mail of `report` as a mail client reads it, through a real SMTP server. */
  async function received(report: Report, kind: NoticeKind) {
    const sink = closeLater(await startMailSink());
    const message = emailChannel.render({ kind, report, why: 'test', at: new Date(), names: INPUT_NAMES }, undefined as never);
    const delivery = await sendEmail(message, { smtpUrl: sink.url, to: ['a@example.com'], from: 'm@example.com' }, { scrub: (t) => t });
    expect(delivery).toEqual({ status: 'sent' });
    const parsed = sink.mails[0].parsed;
    return { text: (parsed.text ?? '').split('\n'), html: String(parsed.html) };
  }

  it('shows a SILENT and a DROP site first, in the volume words, in the text and the HTML part', async () => {
    const { text, html } = await received(silentAndDropReport(), 'alert');
    expect(text.slice(0, 16)).toEqual([
      '🆕 3 new problems on 3 sites',
      '',
      '12 broken events in 1 group in the last 60 minutes on 3 sites.',
      '',
      '🆕 NEW: 🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before',
      '   Last page view 11:14 UTC',
      `   ${WHAT_TO_CHECK}`,
      `   ${CHART}`,
      '   Issue #31: https://github.com/acme/shop/issues/31',
      '',
      '🆕 NEW: 📉 Traffic drop on Example Blog: 12 page views in the last 30 min, 10 % of the 120 at the same time last week',
      '   Last page view 11:57 UTC',
      `   ${WHAT_TO_CHECK}`,
      `   ${CHART}`,
      '',
      "🆕 NEW: Invalid value for parameter 'idgoal': expected an integer",
    ]);
    expect(html).toContain(
      '<div><strong style="color:#c62828">🆕 NEW</strong> <strong>🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before</strong></div>\n<div style="color:#555">Last page view 11:14 UTC</div>',
    );
    expect(html).toContain(
      `<div>🔧 ${WHAT_TO_CHECK}</div>\n<div>📈 Chart: <a href="https://github.com/acme/shop/actions/runs/123456789">page views per 5 min in the run summary</a></div>\n<div><a href="https://github.com/acme/shop/issues/31">Issue #31</a></div>`,
    );
    // Volume groups come before the group of broken events, and say nothing of events, sessions or parameters.
    const volume = html.slice(0, html.indexOf('Invalid value for parameter'));
    expect(volume).toContain('📉 Traffic drop on Example Blog');
    expect(volume).not.toMatch(/0 events|sessions?\b|Sent: |Page: /);
  });

  it('keeps a hostile site name inert in both parts', async () => {
    const { text, html } = await received(silentAndDropReport('<img src=x onerror=alert(1)> [x](https://evil.example) @here'), 'alert');
    expect(text).toContain(
      '🆕 NEW: 🔇 Tracking silent on <img src=x onerror=alert(1)> [x](https:\u200b//evil.example) @\u200bhere since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before',
    );
    expect(html).not.toMatch(/<img|<a href="https:\/\/evil/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; [x](https:\u200b//evil.example)');
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'https://github.com/acme/shop/actions/runs/123456789',
      'https://github.com/acme/shop/issues/31',
      'https://github.com/acme/shop/actions/runs/123456789',
      'https://github.com/acme/shop/actions/runs/123456789',
    ]);
  });

  it('says in the all-clear which sites the volume check could not check', async () => {
    const { text, html } = await received(uncheckedAllClearReport(), 'all-clear');
    const unchecked =
      "⚠️ Volume not checked for Example Blog (HTTP 403 from the Analytics API: the API client needs at least view access to the site's Analytics data): no broken events does not mean tracking works there.";
    expect(text.slice(0, 6)).toEqual([
      '✅ Piwik PRO: no broken events',
      '',
      'No broken events on 2 sites (Example Store, Example Blog) in the last 60 minutes.',
      unchecked,
      '📈 Tracking arrives on 1 site: 1240 page views in the last 30 min.',
      '',
    ]);
    expect(html).toContain(`<p style="margin:4px 0">${unchecked.replace("'", '&#39;')}</p>`);
  });
});
