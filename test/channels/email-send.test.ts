import { createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { startMailSink } from '../../simulator/mail.mjs';
import { emailChannel } from '../../src/channels/email/channel.js';
import { sendEmail } from '../../src/channels/email/send.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';
import { makeGroup, makeReport } from '../support/report-factory.js';
import { DEMO_SITE_IDS } from '../../simulator/dataset.mjs';
import { closeLater, closeServersAfterEach, piwikInputs, piwikSimulator, runAction } from '../support/action-harness.js';

/**
 * The SMTP connection the e-mail channel opens itself (so that it can end it): within the run's time budget
 * (timeout-seconds), like every HTTP request, not past it by its own timeouts; with TLS on it for smtps://.
 */
closeServersAfterEach();

const report = makeReport({ groups: [makeGroup({ state: 'new', alert: true })] });
const message = emailChannel.render(
  { kind: 'alert', report, why: '1 group alerts', at: new Date(), names: INPUT_NAMES },
  undefined as never,
);
const scrub = (text: string) => text;
const to = { to: ['a@example.com'], from: 'm@example.com' };

/** A server that takes the connection and never greets: nodemailer would wait its own 10 s greeting timeout. */
async function silentServer() {
  const sockets: Socket[] = [];
  let closed = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('close', () => (closed += 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://u:p@127.0.0.1:${port}`,
    connections: () => sockets.length,
    closed: () => closed,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

describe('e-mail within the run’s time budget', () => {
  it('stops a send the server never answers when the budget runs out, says so, and hangs up', async () => {
    const server = closeLater(await silentServer());
    const budget = new AbortController();
    const sending = sendEmail(message, { smtpUrl: server.url, ...to }, { scrub, deadline: budget });
    await expect.poll(() => server.connections()).toBe(1);
    budget.abort();
    expect(await sending).toEqual({ status: 'failed', detail: "the run's time budget ran out before the SMTP server took the e-mail" });
    await expect.poll(() => server.closed()).toBe(1);
  });

  it('is given the run’s budget by the action: a server that never answers costs timeout-seconds, not its own timeouts', async () => {
    const server = closeLater(await silentServer());
    const sim = await piwikSimulator(new Date());
    const inputs = {
      ...piwikInputs(sim, [DEMO_SITE_IDS.shop]),
      'smtp-url': server.url,
      'email-to': 'web@example.com',
      'email-from': 'monitor@example.com',
      'timeout-seconds': '2',
    };
    const { kit, report } = await runAction(inputs);
    expect(kit.failure()).toMatch(
      /^The e-mail could not be delivered: the run's time budget ran out before the SMTP server took the e-mail/,
    );
    expect(report?.deliveries.email).toEqual({
      status: 'failed',
      detail: "the run's time budget ran out before the SMTP server took the e-mail",
    });
  });

  it('does not connect when the budget is already spent', async () => {
    const sink = closeLater(await startMailSink());
    const budget = new AbortController();
    budget.abort();
    const delivery = await sendEmail(message, { smtpUrl: sink.url, ...to }, { scrub, deadline: budget });
    expect(delivery.status).toBe('failed');
    expect(sink.connections()).toBe(0);
  });

  it('sends as usual while the budget lasts', async () => {
    const sink = closeLater(await startMailSink());
    const delivery = await sendEmail(message, { smtpUrl: sink.url, ...to }, { scrub, deadline: new AbortController() });
    expect(delivery).toEqual({ status: 'sent' });
    expect(sink.mails).toHaveLength(1);
  });
});

describe('smtps:// over the connection it opens', () => {
  it('speaks TLS and checks the certificate: an untrusted one is refused before the password is sent', async () => {
    let authenticated = false;
    // smtp-server's built-in certificate is self-signed (and expired): a client that checks certificates refuses it.
    const server = new SMTPServer({
      secure: true,
      logger: false,
      onAuth: (_auth, _session, callback) => {
        authenticated = true;
        callback(null, { user: 'u' });
      },
    });
    // The handshake the client breaks off is an error on the server's side, expected here.
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeLater({
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    });
    const { port } = server.server.address() as { port: number };
    const delivery = await sendEmail(message, { smtpUrl: `smtps://u:p@127.0.0.1:${port}`, ...to }, { scrub });
    expect(delivery.status).toBe('failed');
    expect(delivery.detail).toMatch(/^the SMTP server did not take the e-mail: ESOCKET: .*certificate/);
    expect(authenticated).toBe(false);
  });
});
