import type { Channel } from '../channel.js';
import type { EmailDestination } from '../../config/channels.js';
import { noticeView } from '../view.js';
import { emailMessage, type EmailMessage } from './message.js';
import { sendEmail } from './send.js';

/** E-mail over SMTP: one multipart/alternative message per run that alerts, to every address of email-to. */
export const emailChannel: Channel<EmailDestination, EmailMessage> = {
  key: 'email',
  settings: (destination) => destination.email,
  render: ({ kind, report }) => emailMessage(noticeView(kind, report)),
  show: (message) => `Subject: ${message.subject}\n\n${message.text}`,
  send: (message, settings, deps) => sendEmail(message, settings, deps),
};
