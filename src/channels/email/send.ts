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
 * dropped or refused connection) is tried once more; the library loads only
 * when a run sends mail.
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

export async function sendEmail(message: EmailMessage, settings: EmailDestination, deps: Pick<SendDeps, 'scrub'>): Promise<Delivery> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(transportOptions(settings.smtpUrl));
  const from = fromAddress(settings.from) ?? { address: settings.from };
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
        lastError = error;
        if (!transient(error)) break;
      }
    }
    return { status: 'failed', detail: deps.scrub(`the SMTP server did not take the e-mail: ${describe(lastError)}`) };
  } finally {
    transport.close();
  }
}

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
