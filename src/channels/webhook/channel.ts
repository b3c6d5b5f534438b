import { randomUUID } from 'node:crypto';
import type { Channel } from '../channel.js';
import { postJson } from '../post.js';
import type { WebhookDestination } from '../../config/channels.js';
import { webhookDocument, type WebhookDocument } from './document.js';
import { DELIVERY_HEADER, EVENT_HEADER, signature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** Any tool: one JSON document per run that alerts (or every run, with webhook-on: always), signed when a secret is set. */
export const webhookChannel: Channel<WebhookDestination, WebhookDocument> = {
  key: 'webhook',
  settings: (destination) => destination.webhook,
  always: (settings) => settings.on === 'always',
  render: ({ kind, report, at }) => webhookDocument(kind, report, { id: randomUUID(), sentAt: at }),
  show: (document) => JSON.stringify(document, null, 2),
  async send(document, settings, deps) {
    // The exact bytes signed are the bytes sent; a retry sends them again, id and timestamp included.
    const body = JSON.stringify(document);
    const headers: Record<string, string> = {
      [DELIVERY_HEADER]: document.id,
      [EVENT_HEADER]: document.event,
      [TIMESTAMP_HEADER]: String(document.timestamp),
      'user-agent': `${document.tool.name}/${document.tool.version}`,
    };
    if (settings.secret !== undefined) headers[SIGNATURE_HEADER] = signature(settings.secret, body);
    return postJson(deps, { url: settings.url, body, headers, what: 'the webhook' });
  },
};
