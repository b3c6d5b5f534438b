import { buildAllClear, buildDigest, buildFailureNotice, type SlackMessage } from '../../slack/message.js';
import { describeForLog, sendSlack } from '../../slack/send.js';
import type { Channel } from '../channel.js';
import type { SlackDestination } from '../../config/channels.js';

/** Slack behind the channel interface: src/slack/ renders and sends, as before. */
export const slackChannel: Channel<SlackDestination, SlackMessage> = {
  key: 'slack',
  settings: (destination) => destination.slack,
  render({ kind, report, names }, settings) {
    const options = { mention: settings.mention, runUrl: report.run.url, names };
    if (kind === 'failure') return buildFailureNotice(report, options);
    if (kind === 'all-clear') return buildAllClear(report, options);
    return buildDigest(report, options);
  },
  show: describeForLog,
  send: (message, settings, deps) => sendSlack(deps.http, settings.webhookUrl, message),
};
