import { describe, expect, it } from 'vitest';
import { demoDataset, DEMO_SITE_IDS } from '../../simulator/dataset.mjs';
import { startMailSink } from '../../simulator/mail.mjs';
import { startPiwikSimulator } from '../../simulator/piwik.mjs';
import { startTeamsSink } from '../../simulator/teams.mjs';
import { startWebhookSink } from '../../simulator/webhook.mjs';
import { main } from '../../src/cli/main.js';
import { closeLater, closeServersAfterEach } from '../support/action-harness.js';

/** The CLI has the channels' options as flags and variables (TEAMS_WEBHOOK_URL, SMTP_URL, …), in process through main(). */
closeServersAfterEach();

describe('the CLI channels', () => {
  it('delivers to Teams, the webhook and e-mail from flags and variables, printing no secret', async () => {
    const now = new Date();
    const piwik = closeLater(await startPiwikSimulator({ sites: demoDataset(now).sites, now }));
    const teams = closeLater(await startTeamsSink());
    const webhook = closeLater(await startWebhookSink());
    const mail = closeLater(await startMailSink());
    const out: string[] = [];
    const secret = 'cli-signing-secret-0123456789';
    const code = await main(
      ['--webhook-url', webhook.url, '--webhook-secret', secret, '--email-to', 'team@example.com', '--email-from', 'monitor@example.com'],
      {
        PIWIK_INSTANCE_URL: piwik.url,
        PIWIK_SITE_ID: DEMO_SITE_IDS.shop,
        PIWIK_CLIENT_ID: 'test-client',
        PIWIK_CLIENT_SECRET: 'test-secret',
        TEAMS_WEBHOOK_URL: teams.url,
        SMTP_URL: mail.url,
      },
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
    );
    expect(code).toBe(0);
    expect([teams.messages.length, webhook.messages.length, mail.mails.length]).toEqual([1, 1, 1]);
    const printed = out.join('');
    expect(printed).toMatch(/Microsoft Teams: sent\nWebhook: sent\nE-mail: sent/);
    for (const value of [teams.url, webhook.url, secret, mail.url, mail.password]) expect(printed).not.toContain(value);
  });

  it('refuses a retired Teams connector in TEAMS_WEBHOOK_URL, naming the flag and the variables', async () => {
    const out: string[] = [];
    const code = await main(
      [],
      {
        PIWIK_INSTANCE_URL: 'https://acme.piwik.pro',
        PIWIK_SITE_ID: DEMO_SITE_IDS.shop,
        PIWIK_CLIENT_ID: 'id',
        PIWIK_CLIENT_SECRET: 'secret',
        TEAMS_WEBHOOK_URL: 'https://acme.webhook.office.com/webhookb2/x@y/IncomingWebhook/ConnectorSecret1/z',
      },
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
    );
    expect(code).toBe(2);
    expect(out.join('')).toContain(
      '--teams-webhook-url (or PIWIK_TEAMS_WEBHOOK_URL or TEAMS_WEBHOOK_URL) is the URL of a retired Office 365 connector',
    );
    expect(out.join('')).not.toContain('ConnectorSecret1');
  });
});
