import type { Channel } from '../channel.js';
import { postJson } from '../post.js';
import type { TeamsDestination } from '../../config/channels.js';
import { noticeView } from '../view.js';
import { teamsCard } from './card.js';
import type { TeamsMessage } from './elements.js';

/** Microsoft Teams through a Workflows webhook: the Adaptive Card of card.ts, posted as JSON; any 2xx is delivered. */
export const teamsChannel: Channel<TeamsDestination, TeamsMessage> = {
  key: 'teams',
  settings: (destination) => destination.teams,
  render: ({ kind, report }) => teamsCard(noticeView(kind, report)),
  show: (message) => JSON.stringify(message, null, 2),
  send: (message, settings, deps) =>
    postJson(deps, { url: settings.webhookUrl, body: JSON.stringify(message), what: 'the Microsoft Teams webhook' }),
};
