// A real SMTP server on loopback (the smtp-server package) for tests and the
// demo: plain SMTP (no STARTTLS: loopback is the one place the action speaks
// without TLS), AUTH required with the user and password in its URL, and every
// message parsed with mailparser as a mail client would read it. Scripted
// faults refuse the next messages with an SMTP reply code.

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * @typedef {import('./types/channels.js').MailFault} MailFault
 * @typedef {import('./types/channels.js').MailSink} MailSink
 * @typedef {import('./types/channels.js').ReceivedMail} ReceivedMail
 */

/**
 * @param {{ faults?: MailFault[], user?: string, password?: string }} [options]
 * @returns {Promise<MailSink>}
 */
export async function startMailSink(options = {}) {
  const user = options.user ?? 'monitor';
  const password = options.password ?? 'Mail-Sink-Password-42';
  /** @type {MailFault[]} */
  const faults = options.faults ?? [];
  /** @type {ReceivedMail[]} */
  const mails = [];
  let connections = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: 10 * 1024 * 1024,
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      /** @type {Buffer[]} */
      const chunks = [];
      stream.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const fault = faults.shift();
        if (fault) {
          const error = /** @type {Error & { responseCode?: number }} */ (new Error(fault.message ?? 'Refused by the sink'));
          error.responseCode = fault.code;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const type = parsed.headers.get('content-type');
            const contentType = typeof type === 'object' && type !== null && 'value' in type ? String(type.value) : String(type ?? '');
            const from = session.envelope.mailFrom;
            mails.push({
              envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              parsed,
              contentType,
            });
            callback();
          })
          .catch((/** @type {Error} */ error) => callback(error));
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => resolve(undefined));
    server.once('error', reject);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.server.address());
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${address.port}`,
    user,
    password,
    mails,
    faults,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
