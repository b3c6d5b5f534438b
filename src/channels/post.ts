import { HttpClient } from '../http/client.js';
import type { Delivery } from '../report/deliveries.js';
import { quoteServerText } from '../safety/server-text.js';
import type { SendDeps } from './channel.js';

/**
 * A POST of one JSON body to a webhook (Teams, the generic webhook): any 2xx
 * is success; 429 and 5xx are retried by HttpClient (Retry-After honoured)
 * like Slack; whatever answer is left decides. The URL is a secret and never
 * named: `what` stands for it, and the detail passes the run's scrubber.
 */
export async function postJson(
  deps: SendDeps,
  request: { readonly url: string; readonly body: string; readonly headers?: Record<string, string>; readonly what: string },
): Promise<Delivery> {
  try {
    const response = await deps.http.send({
      method: 'POST',
      url: request.url,
      headers: { 'content-type': 'application/json; charset=utf-8', ...request.headers },
      body: request.body,
      what: request.what,
    });
    const body = (await HttpClient.text(response, 4 * 1024)).trim();
    if (response.status >= 200 && response.status < 300) return { status: 'sent' };
    const said = body === '' ? 'an empty body' : quoteServerText(body, 300);
    return { status: 'failed', detail: deps.scrub(`${capitalise(request.what)} answered HTTP ${response.status}: ${said}`) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const described = text.startsWith(request.what) ? text : `${request.what} could not be reached: ${text}`;
    return { status: 'failed', detail: deps.scrub(described) };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
