import { describe, expect, it } from 'vitest';
import { startTeamsSink } from '../../simulator/teams.mjs';
import { closeLater, closeServersAfterEach } from '../support/action-harness.js';
import { NOW, runWithSinks, SHOP, shopSimulator, startSinks, type Sinks } from './loopback-run.js';

/**
 * Issue 28, item 9: what the channel reads. Every alerting group says where
 * it happened and what to look at; a known group without new events says
 * so; the diagnosis that agrees with the server's own message leads.
 * Run: npx vitest run test/hardening
 */
closeServersAfterEach();

/** The Slack message's block texts, one string. */
const slackText = (s: Sinks) => JSON.stringify(s.slack.messages);

describe('messages (issue 28, item 9)', () => {
  it('shows an alerting group whose diagnosis names no parameter with its page path and the raw request key line', async () => {
    const sim = await shopSimulator([
      {
        type: 17,
        errorMessage: 'Request rejected by processing rules',
        url: 'https://shop.example.com/checkout/step-2?email=jane.doe@example.com&ref=mail',
        customEvent: { category: 'Cart', action: 'Pay' },
      },
    ]);
    const s = await startSinks();
    const teams = closeLater(await startTeamsSink());
    const run = await runWithSinks(sim, s, { 'create-issue': 'false', 'teams-webhook-url': teams.url });
    expect(run.report?.groups[0]?.diagnosis?.findings.filter((f) => f.severity === 'cause')).toEqual([]);
    const text = slackText(s);
    expect(text).toContain('📍 `/checkout/step-2`');
    expect(text).toContain('Sent: `e_c = Cart`');
    expect(text).not.toContain('jane.doe');
    // Teams reads the same: the page and the key line.
    const card = JSON.stringify(teams.messages);
    expect(card).toMatch(/"Page: ".*"\/checkout\/step-2"/);
    expect(card).toMatch(/"Sent: ".*"e_c = Cart"/);
    expect(card).not.toContain('jane.doe');
  });

  it('says "known, no new events" for a known group whose events were all reported, never "still happening … none new"', async () => {
    const sim = await shopSimulator(
      [
        { type: 17, errorMessage: 'Missing required parameter: idsite', queryParams: { idsite: undefined } },
        { type: 17, errorMessage: 'Unsupported parameter ec_items' },
      ],
      { minutesAgo: [30, 1] },
    );
    const s = await startSinks();
    const since = new Date(NOW.getTime() - 10 * 60_000).toISOString();
    await runWithSinks(sim, s, { 'create-issue': 'false', since });
    expect(s.slack.messages).toHaveLength(1);
    const text = slackText(s);
    expect(text).toContain('*Known, no new events*: 1 problem');
    expect(text).toMatch(/• `Missing required parameter: idsite` · 1 event · /);
    expect(text).not.toMatch(/Still happening|none new/);
  });

  it("leads with the finding that matches the server's message (a stated length) over an account finding that does not", async () => {
    const sim = await shopSimulator(
      [
        {
          type: 17,
          errorMessage: 'Custom dimension value exceeds the maximum length of 255 characters',
          queryParams: { dimension7: 'x'.repeat(300) },
        },
      ],
      { accounts: { [SHOP]: { app: { name: 'Example Store' }, customDimensions: [{ trackingId: 1, name: 'Plan' }] } } },
    );
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { 'create-issue': 'false' });
    const findings = run.report?.groups[0]?.diagnosis?.findings ?? [];
    expect(findings.map((f) => [f.parameter, f.problem])).toEqual([
      ['dimension7', 'is 300 characters long'],
      ['dimension7', 'is sent, but the site has no custom dimension with ID 7'],
    ]);
    expect(slackText(s)).toMatch(
      /🔎 `dimension7` = `x{10}[^`]*` is 300 characters long \(expected at most 255 characters, as the error message says\)/,
    );
  });
});
