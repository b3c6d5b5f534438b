import type { HttpClient } from '../http/client.js';
import { CHANNELS, channelDeliveries, type ChannelDeliveries, type ChannelKey, type Delivery } from '../report/deliveries.js';
import type { Report } from '../report/report.js';
import type { Scrubber } from '../safety/secrets.js';
import { shorten } from '../text/shorten.js';
import type { Channel, Notice, SendDeps } from './channel.js';
import { chooseNotice, type NoticeRules } from './choose.js';
import { emailChannel } from './email/channel.js';
import type { Destination } from '../config/channels.js';
import { slackChannel } from './slack/channel.js';
import { teamsChannel } from './teams/channel.js';
import { webhookChannel } from './webhook/channel.js';

/**
 * Every channel of a destination, each on its own: one that throws or fails
 * is that channel's failed delivery, never another's. The chat and mail
 * channels go out side by side; the webhook goes last, so the document it
 * sends can tell what the others did. A dry run renders and shows every
 * message and sends none.
 */
export interface DeliverDeps extends NoticeRules {
  readonly http: HttpClient;
  readonly scrubber: Scrubber;
  readonly dryRun: boolean;
  readonly showDryRun: (title: string, payload: string) => void;
  readonly now: () => Date;
}

/** A failure detail is one line of at most this many characters. */
const MAX_DETAIL_CHARS = 300;

/** A channel with its types put away, so different channels fit one list. */
interface Deliverer {
  readonly key: ChannelKey;
  run(destination: Destination, report: Report, deps: DeliverDeps): Promise<Delivery>;
}

function deliverer<S, M>(channel: Channel<S, M>): Deliverer {
  return { key: channel.key, run: (destination, report, deps) => deliverOne(channel, destination, report, deps) };
}

const FIRST = [deliverer(slackChannel), deliverer(teamsChannel), deliverer(emailChannel)];
const LAST = deliverer(webhookChannel);

export async function deliverAll(destination: Destination, report: Report, deps: DeliverDeps): Promise<ChannelDeliveries> {
  const first = await Promise.all(FIRST.map(async (channel) => [channel.key, await channel.run(destination, report, deps)] as const));
  const known: Partial<Record<ChannelKey, Delivery>> = Object.fromEntries(first);
  const soFar = { ...report, deliveries: { ...report.deliveries, ...channelDeliveries(known) } };
  return channelDeliveries({ ...known, [LAST.key]: await LAST.run(destination, soFar, deps) });
}

async function deliverOne<S, M>(channel: Channel<S, M>, destination: Destination, report: Report, deps: DeliverDeps): Promise<Delivery> {
  const settings = channel.settings(destination);
  if (settings === undefined) return { status: 'not-configured' };
  const what = CHANNELS.find((c) => c.key === channel.key)?.what ?? channel.key;
  try {
    const choice = chooseNotice(report, deps);
    const kind = choice.kind ?? (channel.always?.(settings) ? 'report' : undefined);
    if (kind === undefined) return { status: 'skipped', detail: choice.why };
    const notice: Notice = { kind, report, why: choice.kind ? choice.why : 'every run is sent', at: deps.now(), names: deps.names };
    const message = deps.scrubber.value(channel.render(notice, settings));
    if (deps.dryRun) {
      deps.showDryRun(`${what} (dry run: not sent)`, channel.show(message));
      return { status: 'dry-run', detail: notice.why };
    }
    const sendDeps: SendDeps = { http: deps.http, deadline: deps.http.deadline, scrub: (text) => deps.scrubber.text(text) };
    const delivery = await channel.send(message, settings, sendDeps);
    return delivery.detail === undefined ? delivery : { ...delivery, detail: oneLine(deps.scrubber.text(delivery.detail)) };
  } catch (error) {
    // A bug in a renderer or a sender is this channel's failure, said once, and never stops the others.
    const text = error instanceof Error ? error.message : String(error);
    return { status: 'failed', detail: oneLine(deps.scrubber.text(`${what} could not be prepared or sent: ${text}`)) };
  }
}

/** A delivery detail as one readable line: runs of white space and control characters become one space; cut. */
function oneLine(text: string): string {
  return shorten(text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim(), MAX_DETAIL_CHARS);
}
