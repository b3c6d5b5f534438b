import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { FLAG_NAMES } from '../../src/cli/inputs.js';

/** The channels' inputs as parseConfig reads them: what is refused, and how it is said. */
const BASE: Record<string, string> = {
  'instance-url': 'https://acme.piwik.pro',
  'site-id': '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  'client-id': 'id',
  'client-secret': 'secret',
};

function channels(inputs: Record<string, string>) {
  return parseConfig((name) => ({ ...BASE, ...inputs })[name] ?? '').channels;
}

function problems(inputs: Record<string, string>, names = {}): string {
  try {
    parseConfig((name) => ({ ...BASE, ...inputs })[name] ?? '', names);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const WORKFLOWS =
  'https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Sig0123456789';

describe('teams-webhook-url', () => {
  it('takes a Workflows webhook URL', () => {
    expect(channels({ 'teams-webhook-url': WORKFLOWS }).destination.teams).toEqual({ webhookUrl: WORKFLOWS });
  });

  it.each([
    'https://contoso.webhook.office.com/webhookb2/1234@5678/IncomingWebhook/RetiredSecret42/9abc',
    'https://webhook.office.com/webhookb2/1234@5678/IncomingWebhook/RetiredSecret42/9abc',
    'https://outlook.office.com/webhook/1234@5678/IncomingWebhook/RetiredSecret42/9abc',
    'https://outlook.office365.com/webhook/1234@5678/IncomingWebhook/RetiredSecret42/9abc',
    'https://CONTOSO.WEBHOOK.OFFICE.COM/webhookb2/1234@5678/IncomingWebhook/RetiredSecret42/9abc',
  ])('refuses the retired connector URL %s, with how to make a Workflows webhook, never quoting it', (url) => {
    const message = problems({ 'teams-webhook-url': url });
    expect(message).toMatch(/'teams-webhook-url' is the URL of a retired Office 365 connector/);
    expect(message).toMatch(/Workflows → "Post to a channel when a webhook request is received"/);
    expect(message).not.toContain('RetiredSecret42');
  });

  it('refuses plain http off loopback and URLs with credentials', () => {
    expect(problems({ 'teams-webhook-url': 'http://teams.example.com/hook' })).toMatch(
      /must be the https URL of a Teams Workflows webhook/,
    );
    expect(problems({ 'teams-webhook-url': 'https://user:Pass1234@teams.example.com/hook' })).not.toContain('Pass1234');
  });
});

describe('webhook-url and webhook-secret', () => {
  it('takes an https URL, a secret and webhook-on', () => {
    expect(
      channels({ 'webhook-url': 'https://hooks.example.com/x', 'webhook-secret': 'a'.repeat(16), 'webhook-on': 'always' }).destination
        .webhook,
    ).toEqual({
      url: 'https://hooks.example.com/x',
      secret: 'a'.repeat(16),
      on: 'always',
    });
    expect(channels({ 'webhook-url': 'https://hooks.example.com/x' }).destination.webhook).toEqual({
      url: 'https://hooks.example.com/x',
      on: 'alerts',
    });
  });

  it('refuses a short secret, a secret without a URL, and a URL that is not https', () => {
    expect(problems({ 'webhook-url': 'https://hooks.example.com/x', 'webhook-secret': 'short' })).toMatch(
      /'webhook-secret' must be at least 16 characters/,
    );
    expect(problems({ 'webhook-secret': 'a'.repeat(20) })).toMatch(
      /'webhook-secret' signs what is sent to 'webhook-url', which is not set/,
    );
    expect(problems({ 'webhook-url': 'ftp://hooks.example.com/TokenXYZ123' })).not.toContain('TokenXYZ123');
    expect(problems({ 'webhook-on': 'sometimes' })).toMatch(/'webhook-on' must be one of 'alerts', 'always'/);
  });
});

describe('e-mail', () => {
  const mail = {
    'smtp-url': 'smtps://monitor:p%40ss-word@smtp.example.com:465',
    'email-to': 'a@example.com, b@example.com',
    'email-from': 'Monitor <m@example.com>',
  };

  it('takes the three together', () => {
    expect(channels(mail).destination.email).toEqual({
      smtpUrl: mail['smtp-url'],
      to: ['a@example.com', 'b@example.com'],
      from: 'Monitor <m@example.com>',
    });
  });

  it('names each missing one, as the CLI spells it there', () => {
    const message = problems({ 'email-to': 'a@example.com' }, { names: FLAG_NAMES });
    expect(message).toContain('--smtp-url (or PIWIK_SMTP_URL or SMTP_URL) is required for e-mail');
    expect(message).toContain('--email-from (or PIWIK_EMAIL_FROM) is required for e-mail');
    expect(message).not.toContain('--email-to (or PIWIK_EMAIL_TO) is required');
  });

  it('refuses another scheme, a path, bad addresses and too many recipients, never quoting the SMTP URL', () => {
    const scheme = problems({ ...mail, 'smtp-url': 'https://monitor:Secret99@smtp.example.com' });
    expect(scheme).toMatch(
      /'smtp-url' must be smtps:\/\/USER:PASSWORD@HOST:465 \(TLS\) or smtp:\/\/USER:PASSWORD@HOST:587 \(STARTTLS, required; plain only for loopback hosts\)/,
    );
    expect(scheme).not.toContain('Secret99');
    expect(problems({ ...mail, 'smtp-url': 'smtp://smtp.example.com/x' })).toMatch(/without a path/);
    expect(problems({ ...mail, 'email-to': 'a@example.com, not-an-address' })).toMatch(
      /'email-to' must hold e-mail addresses .*'not-an-address'/,
    );
    expect(problems({ ...mail, 'email-from': 'nobody' })).toMatch(/'email-from' must be an e-mail address/);
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@example.com`).join(',');
    expect(problems({ ...mail, 'email-to': many })).toMatch(/holds 51 addresses; at most 50/);
  });
});

describe('notify-on-clean and notify-on-failure', () => {
  it('default to no all-clear and a failure notice', () => {
    expect(channels({})).toMatchObject({ onClean: false, onFailure: true });
  });

  it('still read the old names when the new ones are left at their defaults', () => {
    expect(channels({ 'slack-on-clean': 'true', 'slack-on-failure': 'false' })).toMatchObject({ onClean: true, onFailure: false });
  });

  it('win over the old names when set to something else than their default', () => {
    expect(channels({ 'notify-on-clean': 'true', 'slack-on-clean': 'false' })).toMatchObject({ onClean: true });
    expect(channels({ 'notify-on-failure': 'false', 'slack-on-failure': 'true' })).toMatchObject({ onFailure: false });
  });
});
