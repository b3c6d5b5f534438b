import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_IDS, makeSession, trafficSessions } from '../../simulator/dataset.mjs';
import { startMailSink, type MailSink } from '../../simulator/mail.mjs';
import { startPiwikSimulator, type PiwikSimulator } from '../../simulator/piwik.mjs';
import { startSlackSink, type SlackSink } from '../../simulator/slack.mjs';
import { startTeamsSink, teamsMessageProblems } from '../../simulator/teams.mjs';
import { startWebhookSink } from '../../simulator/webhook.mjs';
import type { HttpSink } from '../../simulator/types/channels.js';
import { DEFAULT_HTTP_POLICY } from '../../src/http/client.js';
import { closeLater, closeServersAfterEach, piwikInputs, runAction, type ReportFile } from '../support/action-harness.js';
import { cardLines } from '../support/teams-card.js';
import { WHAT_TO_CHECK } from '../support/volume-reports.js';
import { readmeReceiverCheck } from '../support/webhook-receiver.js';
import { validateWebhookDocument } from '../support/webhook-schema.js';

/**
 * Every channel end to end: the action against the Piwik PRO simulator, with
 * Slack, a Teams Workflows webhook (cards checked by Microsoft's parser), a
 * generic webhook (signatures checked the README's way, documents against the
 * schema) and a real SMTP server (mails parsed by mailparser), over loopback.
 */
closeServersAfterEach();
const { shop, blog } = DEMO_SITE_IDS;
const SECRET = 'webhook-signing-secret-0123456789';
const FAST = { ...DEFAULT_HTTP_POLICY, minDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_500 };
const ENV = { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com' };

interface World {
  piwik: PiwikSimulator;
  slack: SlackSink;
  teams: HttpSink;
  webhook: HttpSink;
  mail: MailSink;
}

async function world(sites?: Record<string, unknown>): Promise<World> {
  const now = new Date();
  const { demoDataset } = await import('../../simulator/dataset.mjs');
  return {
    piwik: closeLater(await startPiwikSimulator({ sites: (sites ?? demoDataset(now).sites) as never, now })),
    slack: closeLater(await startSlackSink()),
    teams: closeLater(await startTeamsSink()),
    webhook: closeLater(await startWebhookSink()),
    mail: closeLater(await startMailSink()),
  };
}

function channelInputs(w: World, siteIds: readonly string[] = [shop, blog]): Record<string, string> {
  return {
    ...piwikInputs(w.piwik, siteIds),
    since: 'window',
    'slack-webhook-url': w.slack.url,
    'teams-webhook-url': w.teams.url,
    'webhook-url': w.webhook.url,
    'webhook-secret': SECRET,
    'smtp-url': w.mail.url,
    'email-to': 'web-team@example.com, analytics@example.com',
    'email-from': 'Piwik PRO monitor <monitor@example.com>',
  };
}

const validateDocument = validateWebhookDocument;

function cardOf(message: unknown): string {
  return JSON.stringify((message as { attachments: [{ content: unknown }] }).attachments[0].content);
}

async function runAll(
  inputs: Record<string, string>,
  options = {},
): Promise<{ kit: Awaited<ReturnType<typeof runAction>>['kit']; report: ReportFile }> {
  const { kit, report } = await runAction(inputs, ENV, { httpPolicy: FAST, ...options });
  return { kit, report: report! };
}

describe('four channels', () => {
  it('delivers one message to each of Slack, Teams, the webhook and e-mail, with the same groups', async () => {
    const w = await world();
    const { kit, report } = await runAll(channelInputs(w));
    expect(kit.failure()).toBeUndefined();
    expect([w.slack.messages.length, w.teams.messages.length, w.webhook.messages.length, w.mail.mails.length]).toEqual([1, 1, 1, 1]);
    expect(w.teams.requests[0]?.problem).toBeUndefined();
    for (const name of ['slack-sent', 'teams-sent', 'webhook-sent', 'email-sent']) expect(kit.outputs[name], name).toBe('true');
    expect(report.deliveries).toMatchObject({
      slack: { status: 'sent' },
      teams: { status: 'sent' },
      webhook: { status: 'sent' },
      email: { status: 'sent' },
    });

    // The same alerting groups everywhere: in full in the chat and mail messages (the first five, as in Slack), all in the webhook.
    const alerting = report.groups.filter((g) => g.alert);
    expect(alerting.length).toBeGreaterThan(1);
    const slack = JSON.stringify(w.slack.messages[0]);
    const card = cardOf(w.teams.messages[0]);
    const mail = w.mail.mails[0];
    for (const group of alerting.slice(0, 5)) {
      const words = group.message.slice(0, 30);
      expect(slack).toContain(words);
      expect(card).toContain(words);
      expect(mail.parsed.text).toContain(words);
    }
    if (alerting.length > 5)
      for (const text of [slack, card, mail.parsed.text ?? '']) expect(text).toContain(`+${alerting.length - 5} more alerting`);
    const document = w.webhook.messages[0] as { groups: { fingerprint: string; alert: boolean }[]; event: string };
    expect(document.event).toBe('alert');
    expect(document.groups.filter((g) => g.alert).map((g) => g.fingerprint)).toEqual(alerting.map((g) => g.fingerprint));

    // The webhook: valid against the schema, signed the way the README checks, sent after the others and telling what they did.
    expect(validateDocument(document), JSON.stringify(validateDocument.errors)).toBe(true);
    const verify = await readmeReceiverCheck();
    const request = w.webhook.requests[0];
    expect(verify(request.body!, request.headers, SECRET)).toBe(true);
    expect(verify(request.body!.replace('"alert"', '"all-clear"'), request.headers, SECRET)).toBe(false);
    expect(verify(request.body!, request.headers, 'another-secret-0123456789')).toBe(false);
    expect(verify(request.body!, request.headers, SECRET, Date.now() + 10 * 60_000)).toBe(false);
    expect(verify(request.body!, { ...request.headers, 'x-piwik-checker-timestamp': '1' }, SECRET)).toBe(false);
    expect(document).toMatchObject({ deliveries: { slack: { status: 'sent' }, teams: { status: 'sent' }, email: { status: 'sent' } } });

    // The e-mail: multipart/alternative, text and HTML, a subject that names the change, to every address.
    expect(mail.contentType).toBe('multipart/alternative');
    expect(mail.parsed.subject).toMatch(/^\[Piwik PRO\] \d+ new problems on 2 sites$/);
    expect(mail.parsed.html).toContain('<a href="https://github.com/acme/site/actions/runs/4242">');
    expect(mail.envelope.to).toEqual(['web-team@example.com', 'analytics@example.com']);
    expect(mail.envelope.from).toBe('monitor@example.com');

    // The Teams card: the change in the header, the run as the card's action.
    expect(card).toContain('new problems on 2 sites');
    expect(card).toContain('"url":"https://github.com/acme/site/actions/runs/4242"');

    // The secrets (URLs, the signing secret, the SMTP password) appear nowhere the run wrote.
    const written = `${kit.everything()}\n${JSON.stringify(report)}`;
    for (const secret of [
      w.teams.url,
      'TeamsSinkSignature0123456789abcdef',
      w.webhook.url,
      SECRET,
      w.mail.url,
      w.mail.password,
      w.slack.url,
    ]) {
      expect(written).not.toContain(secret);
      expect(kit.secrets).toContain(secret === 'TeamsSinkSignature0123456789abcdef' ? w.teams.url : secret);
    }
    expect(kit.summaryText()).toMatch(/Slack: sent · Microsoft Teams: sent · Webhook: sent · E-mail: sent/);
  });

  it('delivers the other three when Teams answers 500 three times, and reports the Teams failure once', async () => {
    const w = await world();
    w.teams.faults.push({ status: 500 }, { status: 500 }, { status: 500 });
    // Two retries: the third 500 is the last answer.
    const stateFile = join(await mkdtemp(join(tmpdir(), 'state-')), 'state.json');
    const { kit, report } = await runAll({ ...channelInputs(w), 'state-file': stateFile }, { httpPolicy: { ...FAST, retries: 2 } });
    expect(w.teams.requests).toHaveLength(3);
    expect([w.slack.messages.length, w.webhook.messages.length, w.mail.mails.length]).toEqual([1, 1, 1]);
    expect(report.deliveries.teams).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^The Microsoft Teams webhook answered HTTP 500/),
    });
    expect(kit.outputs).toMatchObject({ 'teams-sent': 'false', 'slack-sent': 'true', 'webhook-sent': 'true', 'email-sent': 'true' });
    const failure = kit.failure() ?? '';
    expect(failure.split('\n').filter((l) => l.includes('Teams'))).toHaveLength(1);
    expect(failure).toMatch(/^The Microsoft Teams message could not be delivered: The Microsoft Teams webhook answered HTTP 500/m);
    expect(kit.summaryText().match(/Microsoft Teams: failed/g)).toHaveLength(1);
    expect([...kit.warnings, ...kit.notices].some((a) => a.message.includes('Teams'))).toBe(false);
    // As for a failed Slack message: the run is not recorded as reported, so the next one reports these events again.
    expect(existsSync(stateFile)).toBe(false);
    expect(kit.logs.join('\n')).toContain('not updated (a delivery failed, so the next run reports these events again)');
    // The webhook tells its receiver that Teams failed.
    expect(w.webhook.messages[0]).toMatchObject({ deliveries: { teams: { status: 'failed' } } });
  });

  it('keeps a hostile error message inert and within limits in the card, the e-mail and the webhook body', async () => {
    const hostile = [
      '<!channel> <at>Everyone</at> @here',
      '[click me](https://evil.example/phish) **bold** _it_',
      '- list item\n1. numbered',
      '<img src=x onerror=alert(1)> <a href="https://evil.example">x</a> <script>alert(1)</script>',
      'x'.repeat(100_000),
    ].join(' ');
    const now = new Date();
    const session = makeSession({
      appId: shop,
      updatedAt: new Date(now.getTime() - 60_000),
      events: [{ type: 17, errorMessage: hostile, url: 'https://shop.example.com/?q=<b>x</b>', queryParams: { e_v: hostile } }],
    });
    const w = await world({ [shop]: [session] });
    const { kit, report } = await runAll(channelInputs(w, [shop]));
    expect(kit.failure()).toBeUndefined();
    expect(report.groups).toHaveLength(1);

    const teams = w.teams.requests[0];
    expect(teams.bytes).toBeLessThanOrEqual(28 * 1024);
    expect(teamsMessageProblems(teams.body!)).toEqual([]);
    const card = (w.teams.messages[0] as { attachments: [{ content: { body: unknown[]; actions?: { url: string }[] } }] }).attachments[0]
      .content;
    // Markdown is read only in TextBlocks: the card has none, and its only links are ours.
    expect(JSON.stringify(card)).not.toMatch(/"type":"TextBlock"/);
    expect(urlsIn(card)).toEqual(['https://github.com/acme/site/actions/runs/4242']);
    expect(JSON.stringify(card)).not.toContain('https://evil');
    expect(JSON.stringify(card)).not.toContain('msteams":{"entities');

    const mail = w.mail.mails[0];
    expect(mail.raw.length).toBeLessThan(60_000);
    const html = mail.parsed.html as string;
    expect(html).not.toMatch(/<img|<script|<a href="https:\/\/evil|<at>/i);
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://github.com/acme/site/actions/runs/4242']);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.parsed.text).not.toContain('https://evil');

    const body = w.webhook.requests[0].body!;
    expect(body.length).toBeLessThan(40_000);
    const document = JSON.parse(body) as { groups: { message: string; parameters: { value: string }[] }[] };
    expect(validateDocument(document), JSON.stringify(validateDocument.errors)).toBe(true);
    expect(document.groups[0].message.length).toBeLessThanOrEqual(1_001);
    expect(document.groups[0].message.startsWith('<!channel> <at>Everyone</at>')).toBe(true);
  });

  it('sends nothing anywhere in a dry run, and prints each message instead', async () => {
    const w = await world();
    const { kit, report } = await runAll({ ...channelInputs(w), 'dry-run': 'true' });
    expect([w.slack.requests.length, w.teams.requests.length, w.webhook.requests.length, w.mail.connections()]).toEqual([0, 0, 0, 0]);
    expect(report.deliveries).toMatchObject({
      slack: { status: 'dry-run' },
      teams: { status: 'dry-run' },
      webhook: { status: 'dry-run' },
      email: { status: 'dry-run' },
    });
    const logs = kit.logs.join('\n');
    for (const title of ['The Slack message', 'The Microsoft Teams message', 'The webhook', 'The e-mail'])
      expect(logs).toContain(`${title} (dry run: not sent)`);
    expect(logs).toContain('"application/vnd.microsoft.card.adaptive"');
    expect(logs).toContain('Subject: [Piwik PRO]');
    expect(kit.everything()).not.toContain(w.mail.password);
  });

  it('posts the all-clear to every channel with notify-on-clean, and the webhook on every run with webhook-on: always', async () => {
    const w = await world({ [shop]: [] });
    const { report } = await runAll({ ...channelInputs(w, [shop]), 'notify-on-clean': 'true' });
    expect(report.status).toBe('clean');
    expect([w.slack.messages.length, w.teams.messages.length, w.webhook.messages.length, w.mail.mails.length]).toEqual([1, 1, 1, 1]);
    expect(w.mail.mails[0]?.parsed.subject).toBe('[Piwik PRO] No broken events on 1 site');
    expect(w.webhook.messages[0]).toMatchObject({ event: 'all-clear', pagerduty: { event_action: 'resolve' } });

    const quiet = await runAll({ ...channelInputs(w, [shop]), 'webhook-on': 'always' });
    expect(quiet.report.deliveries).toMatchObject({
      slack: { status: 'skipped' },
      teams: { status: 'skipped' },
      webhook: { status: 'sent' },
    });
    expect(w.webhook.messages[1]).toMatchObject({ event: 'report', status: 'clean' });
    expect(validateDocument(w.webhook.messages[1]), JSON.stringify(validateDocument.errors)).toBe(true);
  });

  it('still reads slack-on-clean, the old name of notify-on-clean', async () => {
    const w = await world({ [shop]: [] });
    await runAll({ ...channelInputs(w, [shop]), 'slack-on-clean': 'true' });
    expect([w.slack.messages.length, w.teams.messages.length]).toEqual([1, 1]);
  });

  it('refuses a retired Office 365 connector URL before any request, saying how to make a Workflows webhook', async () => {
    const w = await world();
    const { kit, report } = await runAll({
      ...channelInputs(w),
      'teams-webhook-url': 'https://contoso.webhook.office.com/webhookb2/1234-abcd@5678/IncomingWebhook/SecretPart0123/9abc',
    });
    expect(report).toBeUndefined();
    expect(kit.failure()).toMatch(/'teams-webhook-url' is the URL of a retired Office 365 connector\. Create a Workflows webhook instead/);
    expect(kit.failure()).toContain('Post to a channel when a webhook request is received');
    expect(kit.failure()).not.toContain('SecretPart0123');
    expect(w.piwik.requests.length).toBe(0);
    expect([w.slack.requests.length, w.teams.requests.length, w.webhook.requests.length, w.mail.connections()]).toEqual([0, 0, 0, 0]);
  });
});

/** Every URL a card links to: its actions, and any select action. */
function urlsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'Action.OpenUrl' && typeof record.url === 'string' ? [record.url] : [];
  return [...own, ...Object.values(record).flatMap(urlsIn)];
}

describe('the volume check in every channel', () => {
  const NOW = new Date('2026-11-30T12:00:00Z');
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const WEEK = 7 * 24 * HOUR;
  const at = (ms: number) => new Date(NOW.getTime() + ms);
  const accounts = {
    [shop]: { app: { name: 'Example Store', timezone: 'Europe/Warsaw' } },
    [blog]: { app: { name: 'Example Blog', timezone: 'UTC' } },
  };

  /** The simulator at NOW, with the sites' names and time zones, and the run's clock the simulator's. */
  async function volumeWorld(sites: Record<string, unknown>): Promise<World> {
    const piwik = closeLater(await startPiwikSimulator({ sites: sites as never, accounts, now: NOW }));
    return {
      piwik,
      slack: closeLater(await startSlackSink()),
      teams: closeLater(await startTeamsSink()),
      webhook: closeLater(await startWebhookSink()),
      mail: closeLater(await startMailSink()),
    };
  }

  async function runVolume(w: World, inputs: Record<string, string> = {}) {
    return runAll({ ...channelInputs(w), ...inputs }, { clock: { now: () => w.piwik.now(), sleep: async () => undefined } });
  }

  const SILENT = '🔇 Tracking silent on Example Store since 11:15 UTC: 0 page views in 45 min, 5 per 5 min before';
  const DROP = '📉 Traffic drop on Example Blog: 12 page views in the last 30 min, 10 % of the 120 at the same time last week';

  it('shows a SILENT and a DROP site first, in the volume words, in Teams, the e-mail and the webhook', async () => {
    const w = await volumeWorld({
      // A page view a minute for three hours, none for the last 45 minutes; the same a week ago.
      [shop]: [
        ...trafficSessions(shop, { from: at(-4 * HOUR), to: at(-45 * MINUTE), seed: 'silent' }),
        ...trafficSessions(shop, { from: at(-WEEK - 4 * HOUR), to: at(-WEEK + HOUR), seed: 'silent-week' }),
      ],
      // Four page views a minute a week ago, two per five minutes now: 10 %.
      [blog]: [
        ...trafficSessions(blog, { from: at(-WEEK - 3 * HOUR), to: at(-WEEK + HOUR), everySeconds: 15, seed: 'week' }),
        ...trafficSessions(blog, { from: at(-3 * HOUR), to: at(HOUR), everySeconds: 150, seed: 'now' }),
      ],
    });
    const { kit, report } = await runVolume(w);
    expect(kit.failure()).toBeUndefined();
    expect(report.groups.map((g) => [g.siteId, g.volume?.kind, g.state])).toEqual([
      [shop, 'silent', 'new'],
      [blog, 'drop', 'new'],
    ]);
    expect([w.slack.messages.length, w.teams.messages.length, w.webhook.messages.length, w.mail.mails.length]).toEqual([1, 1, 1, 1]);

    // Teams: each volume group's container right after the header and the totals; no event counts or parameters.
    expect(w.teams.requests[0]?.problem).toBeUndefined();
    const lines = cardLines(w.teams.messages[0]);
    expect(lines.slice(0, 10)).toEqual([
      '🆕 2 new problems on 2 sites',
      '0 broken events in 0 groups in the last 60 minutes on 2 sites.',
      `🆕 NEW  ${SILENT}`,
      'Last page view 11:14 UTC',
      `🔧 ${WHAT_TO_CHECK}`,
      '📈 Chart: page views per 5 min in the run summary',
      `🆕 NEW  ${DROP}`,
      expect.stringMatching(/^Last page view 1[12]:\d\d UTC$/),
      `🔧 ${WHAT_TO_CHECK}`,
      '📈 Chart: page views per 5 min in the run summary',
    ]);
    expect(lines.join('\n')).not.toMatch(/in 0 sessions|Sent: |Page: /);

    // The e-mail, as mailparser reads it: the text part in the same order, the HTML part escaped.
    const mail = w.mail.mails[0];
    expect(mail.parsed.subject).toBe('[Piwik PRO] 2 new problems on 2 sites');
    const text = (mail.parsed.text ?? '').split('\n');
    expect(text.slice(4, 9)).toEqual([
      `🆕 NEW: ${SILENT}`,
      '   Last page view 11:14 UTC',
      `   ${WHAT_TO_CHECK}`,
      '   📈 Chart: page views per 5 min in the run summary (https://github.com/acme/site/actions/runs/4242)',
      '',
    ]);
    expect(text[9]).toBe(`🆕 NEW: ${DROP}`);
    expect(String(mail.parsed.html)).toContain(`<strong>${DROP}</strong>`);

    // The webhook: its summary leads with them; each group carries what was measured.
    const document = w.webhook.messages[0] as { description: string; groups: { volume: { kind: string } | null }[] };
    expect(validateDocument(document), JSON.stringify(validateDocument.errors)).toBe(true);
    expect(document.description.split('\n').slice(0, 5)).toEqual([
      `🆕 NEW: ${SILENT}`,
      'Last page view 11:14 UTC',
      WHAT_TO_CHECK,
      '📈 Chart: page views per 5 min in the run summary (https://github.com/acme/site/actions/runs/4242)',
      `🆕 NEW: ${DROP}`,
    ]);
    expect(document.groups.map((g) => g.volume?.kind)).toEqual(['silent', 'drop']);
  });

  it('says in the all-clear of Teams, the e-mail and the webhook which sites the volume check could not check', async () => {
    const w = await volumeWorld({
      [shop]: trafficSessions(shop, { from: at(-4 * HOUR), to: at(HOUR), seed: 'steady' }),
      [blog]: trafficSessions(blog, { from: at(-4 * HOUR), to: at(HOUR), seed: 'steady-blog' }),
    });
    w.piwik.forbid(['realTimeQuery', 'query']);
    const { kit, report } = await runVolume(w, { 'notify-on-clean': 'true' });
    expect(kit.failure()).toBeUndefined();
    expect(report.status).toBe('clean');
    expect(report.sites.map((s) => s.volume?.status)).toEqual(['not-checked', 'not-checked']);
    const unchecked =
      /^⚠️ Volume not checked for Example Store, Example Blog \(.*HTTP 403.*\): no broken events does not mean tracking works there\.$/;

    const card = cardLines(w.teams.messages[0]);
    expect(card.slice(0, 2)).toEqual([
      '✅ Piwik PRO: no broken events',
      'No broken events on 2 sites (Example Store, Example Blog) in the last 60 minutes.',
    ]);
    expect(card[2]).toMatch(unchecked);
    const text = (w.mail.mails[0]?.parsed.text ?? '').split('\n');
    expect(text[3]).toMatch(unchecked);
    expect(String(w.mail.mails[0]?.parsed.html)).toContain('⚠️ Volume not checked for Example Store, Example Blog (');
    const document = w.webhook.messages[0] as { event: string; description: string };
    expect(document.event).toBe('all-clear');
    expect(document.description.split('\n')[1]).toMatch(unchecked);
    // Slack says the same, from the same words.
    expect(JSON.stringify(w.slack.messages[0])).toContain('⚠️ Volume not checked for Example Store, Example Blog (');
  });
});
