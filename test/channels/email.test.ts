import { describe, expect, it } from 'vitest';
import { startMailSink } from '../../simulator/mail.mjs';
import { emailChannel } from '../../src/channels/email/channel.js';
import { sendEmail, transportOptions } from '../../src/channels/email/send.js';
import { Scrubber } from '../../src/safety/secrets.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import { makeGroup, makeReport } from '../support/report-factory.js';
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
