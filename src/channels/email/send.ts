import { connect, type Socket } from 'node:net';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Delivery } from '../../report/deliveries.js';
import { quoteServerText } from '../../safety/server-text.js';
import { isLoopbackHost } from '../../http/url-rule.js';
import { fromAddress } from '../../config/channel-inputs.js';
import type { SendDeps } from '../channel.js';
import type { EmailDestination } from '../../config/channels.js';
import type { EmailMessage } from './message.js';

/**
 * Sending the e-mail through nodemailer (SMTP, MIME and encodings are its
 * job): `smtps://` speaks TLS from the start, `smtp://` must upgrade with
 * STARTTLS (requireTLS), and only a loopback host may be spoken to in plain
 * text. Certificates are checked. A transient failure (a 4xx answer, a
 * dropped or refused connection) is tried once more, within the run's time
 * budget; the library loads only when a run sends mail.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;
const ATTEMPTS = 2;
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNRESET', 'ECONNREFUSED']);

export function transportOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const user = decoded(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: !secure && !isLoopbackHost(url.hostname),
    ...(user === '' ? {} : { auth: { user, pass: decoded(url.password) } }),
    ...TIMEOUTS,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export async function sendEmail(
  message: EmailMessage,
  settings: EmailDestination,
  deps: Pick<SendDeps, 'scrub' | 'deadline'>,
): Promise<Delivery> {
  const budget = deps.deadline?.signal;
  if (budget?.aborted) return BUDGET_SPENT;
  const { createTransport } = await import('nodemailer');
  // nodemailer takes no signal, so it is handed each connection's socket (TLS, for smtps://, is still its job, on top
  // of that socket, certificates checked): at the run's deadline those sockets are destroyed, which fails the send
  // under way at once.
  const sockets: Socket[] = [];
  const transport = createTransport({
    ...transportOptions(settings.smtpUrl),
    getSocket: (options, callback) => {
      sockets.push(openSocket(options, callback));
    },
  });
  const from = fromAddress(settings.from) ?? { address: settings.from };
  const stop = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  budget?.addEventListener('abort', stop, { once: true });
  try {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const info = await transport.sendMail({
          from,
          to: [...settings.to],
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
        const refused = info.rejected.length;
        return refused === 0
          ? { status: 'sent' }
          : {
              status: 'sent',
              detail: `the SMTP server refused ${refused} of ${settings.to.length} ${settings.to.length === 1 ? 'recipient' : 'recipients'}`,
            };
      } catch (error) {
        if (budget?.aborted) return BUDGET_SPENT;
        lastError = error;
        if (!transient(error)) break;
      }
    }
    return { status: 'failed', detail: deps.scrub(`the SMTP server did not take the e-mail: ${describe(lastError)}`) };
  } finally {
    budget?.removeEventListener('abort', stop);
    transport.close();
  }
}

/** A TCP connection to the server for nodemailer, within its connection timeout. */
function openSocket(
  options: SMTPTransport.Options,
  callback: (error: Error | null, socketOptions?: { connection: Socket }) => void,
): Socket {
  const socket = connect({ host: options.host, port: Number(options.port) });
  const fail = (error: Error): void => {
    socket.destroy();
    callback(error);
  };
  socket.setTimeout(TIMEOUTS.connectionTimeout, () => {
    fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }));
  });
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', fail);
    callback(null, { connection: socket });
  });
  return socket;
}

/** The SMTP exchange is bounded by the run's budget like every HTTP request, not only by its own timeouts. */
const BUDGET_SPENT: Delivery = { status: 'failed', detail: "the run's time budget ran out before the SMTP server took the e-mail" };

/** A 4xx answer (try again later) or a connection that failed; a 5xx answer or bad credentials will not change. */
function transient(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  if (responseCode !== undefined) return responseCode >= 400 && responseCode < 500;
  return code !== undefined && TRANSIENT_CODES.has(code);
}

function describe(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  const what = [responseCode === undefined ? undefined : String(responseCode), code].filter(Boolean).join(' ');
  return quoteServerText(`${what ? `${what}: ` : ''}${message ?? String(error)}`, 300);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
