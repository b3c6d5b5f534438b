import type { OptionNames } from '../text/option-names.js';
import { parseUrl } from '../text/parse-url.js';
import { isAllowedUrl } from '../http/url-rule.js';
import type { ChannelsConfig, Destination, EmailDestination, TeamsDestination, WebhookDestination } from './channels.js';
import { retiredConnector, RETIRED_CONNECTOR_HELP } from './teams-url.js';

/**
 * The channels' inputs, read with parseConfig's readers (each records a
 * problem and returns a placeholder, so every problem is said at once). No
 * value of a secret input is ever quoted.
 */
export interface ChannelInputs {
  optional(name: string): string | undefined;
  boolean(name: string, fallback: boolean): boolean;
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  list(name: string, fallback: readonly string[]): readonly string[];
  webhookUrl(name: string): string | undefined;
  fail<T>(name: string, message: string, placeholder: T): T;
}

/** At most this many recipients: a digest is for a team, not a mailing list. */
const MAX_RECIPIENTS = 50;
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function parseChannels(p: ChannelInputs, names: OptionNames): ChannelsConfig {
  const slackUrl = p.webhookUrl('slack-webhook-url');
  const mention = p.optional('slack-mention');
  const teams = teamsDestination(p);
  const webhook = webhookDestination(p, names);
  const email = emailDestination(p, names);
  const destination: Destination = {
    ...(slackUrl ? { slack: { webhookUrl: slackUrl, ...(mention ? { mention } : {}) } } : {}),
    ...(teams ? { teams } : {}),
    ...(webhook ? { webhook } : {}),
    ...(email ? { email } : {}),
  };
  return {
    destination,
    onClean: renamedBoolean(p, 'notify-on-clean', 'slack-on-clean', false),
    onFailure: renamedBoolean(p, 'notify-on-failure', 'slack-on-failure', true),
  };
}

/**
 * A setting with a new name and an old one that still works: the new name
 * wins unless it is at its default (the action fills defaults in, so "not
 * given" looks like the default), then the old one when given.
 */
function renamedBoolean(p: ChannelInputs, name: string, oldName: string, fallback: boolean): boolean {
  const current = p.boolean(name, fallback);
  if (current !== fallback) return current;
  return p.boolean(oldName, fallback);
}

function teamsDestination(p: ChannelInputs): TeamsDestination | undefined {
  const name = 'teams-webhook-url';
  const value = p.optional(name);
  if (value === undefined) return undefined;
  const url = parseUrl(value);
  if (url && retiredConnector(url)) {
    refuse(p, name, `is the URL of a retired Office 365 connector. ${RETIRED_CONNECTOR_HELP}`);
    return;
  }
  if (!url || !isAllowedUrl(url) || url.username || url.password) {
    refuse(p, name, `must be the https URL of a Teams Workflows webhook; the value given is not one. ${RETIRED_CONNECTOR_HELP}`);
    return;
  }
  return { webhookUrl: value };
}

function webhookDestination(p: ChannelInputs, names: OptionNames): WebhookDestination | undefined {
  const value = p.optional('webhook-url');
  const secret = p.optional('webhook-secret');
  const on = p.choice('webhook-on', ['alerts', 'always'] as const, 'alerts');
  if (value === undefined) {
    if (secret !== undefined) p.fail('webhook-secret', `signs what is sent to ${names.of('webhook-url')}, which is not set.`, undefined);
    return undefined;
  }
  const url = parseUrl(value);
  if (!url || !isAllowedUrl(url)) {
    refuse(p, 'webhook-url', 'must be an https URL (plain http only for loopback hosts); the value given is not one.');
    return;
  }
  if (secret !== undefined && secret.length < 16) {
    refuse(p, 'webhook-secret', 'must be at least 16 characters long (a random string: `openssl rand -hex 32`).');
    return;
  }
  return { url: value, ...(secret !== undefined ? { secret } : {}), on };
}

function emailDestination(p: ChannelInputs, names: OptionNames): EmailDestination | undefined {
  const smtpUrl = p.optional('smtp-url');
  const to = p.list('email-to', []);
  const from = p.optional('email-from');
  if (smtpUrl === undefined && to.length === 0 && from === undefined) return undefined;
  const missing = [smtpUrl === undefined ? 'smtp-url' : '', to.length === 0 ? 'email-to' : '', from === undefined ? 'email-from' : ''];
  for (const name of missing.filter((n) => n !== ''))
    p.fail(
      name,
      `is required for e-mail: set ${names.of('smtp-url')}, ${names.of('email-to')} and ${names.of('email-from')} together.`,
      undefined,
    );
  if (smtpUrl === undefined || to.length === 0 || from === undefined) return undefined;
  const problems = [smtpProblem(smtpUrl), ...addressProblems(to, from)];
  for (const [name, problem] of problems.filter((x): x is [string, string] => x !== undefined)) p.fail(name, problem, undefined);
  return problems.some((x) => x !== undefined) ? undefined : { smtpUrl, to, from };
}

/** smtps:// (TLS from the start) or smtp:// (STARTTLS required, plain only on loopback), with a host. Never quotes the URL. */
function smtpProblem(value: string): [string, string] | undefined {
  const accepted =
    'must be smtps://USER:PASSWORD@HOST:465 (TLS) or smtp://USER:PASSWORD@HOST:587 (STARTTLS, required; plain only for loopback hosts), user and password URL-encoded';
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'smtps:' && url.protocol !== 'smtp:') || url.hostname === '')
    return ['smtp-url', `${accepted}; the value given is not one.`];
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash)
    return ['smtp-url', `${accepted}, without a path, query or fragment.`];
  return undefined;
}

function addressProblems(to: readonly string[], from: string): ([string, string] | undefined)[] {
  const bad = to.filter((a) => !ADDRESS.test(a));
  return [
    bad.length > 0
      ? [
          'email-to',
          `must hold e-mail addresses separated by commas (not an address: ${bad.map((b) => `'${b.slice(0, 60)}'`).join(', ')}).`,
        ]
      : undefined,
    to.length > MAX_RECIPIENTS
      ? ['email-to', `holds ${to.length} addresses; at most ${MAX_RECIPIENTS} (use a list address for more).`]
      : undefined,
    fromAddress(from) === undefined
      ? [
          'email-from',
          `must be an e-mail address, or a name and one: 'Piwik PRO monitor <alerts@example.com>' (got '${from.slice(0, 60)}').`,
        ]
      : undefined,
  ];
}

/** Records a problem of an input; the destination it was for is then not set. */
function refuse(p: ChannelInputs, name: string, problem: string): void {
  p.fail<undefined>(name, problem, undefined);
}

/** The address of `a@b.c` or `Name <a@b.c>`; undefined when it is neither. */
export function fromAddress(from: string): { readonly name?: string; readonly address: string } | undefined {
  const named = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/.exec(from);
  const address = (named?.[2] ?? from).trim();
  if (!ADDRESS.test(address)) return undefined;
  const name = named?.[1]?.trim();
  return name ? { name, address } : { address };
}
