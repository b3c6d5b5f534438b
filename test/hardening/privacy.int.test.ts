import { describe, expect, it } from 'vitest';
import { closeServersAfterEach } from '../support/action-harness.js';
import { everythingWritten, runWithSinks, SHOP, shopSimulator, startSinks } from './loopback-run.js';

/**
 * Issue 28, item 5: personal data that used to pass `redact: true`, each
 * kind sent in a real hit through the simulator and looked for in everything
 * the run wrote (log, summary, report, raw requests file, Slack, GitHub,
 * the public Piwik PRO annotation). Run: npx vitest run test/hardening
 */
closeServersAfterEach();

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const JWT = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url('{"sub":"jwt-subject-5531","name":"Zofia"}')}.c2lnbmF0dXJlLXNlY3JldC0xMjM0`;
const SHOP_ACCOUNT = {
  app: { name: 'Example Store', timezone: 'UTC' },
  customDimensions: [
    { trackingId: 4, name: 'User ID' },
    { trackingId: 5, name: 'Customer full name' },
    { trackingId: 6, name: 'Plan' },
  ],
};

/** Each value checked apart, so that a failure names the one that leaked. */
function expectNone(text: string, values: readonly string[]): void {
  for (const value of values) expect(text, value).not.toContain(value);
}

describe('personal data past redact: true (issue 28, item 5)', () => {
  it('redacts values sent to custom dimensions the account names as personal, in samples and the raw requests file', async () => {
    const sim = await shopSimulator(
      [
        {
          type: 17,
          errorMessage: 'Invalid custom dimension value',
          queryParams: { dimension4: 'crm-884421', dimension5: 'zofia wisniewska', dimension6: 'gold-plan' },
        },
      ],
      { accounts: { [SHOP]: SHOP_ACCOUNT } },
    );
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { 'fetch-logs': 'all' });
    expect(run.report?.groups[0]?.sampleRequests).toHaveLength(1);
    const text = await everythingWritten(run, s, sim);
    expectNone(text, ['crm-884421', 'zofia wisniewska']);
    // Only what the account says is personal: the plan's value is still there to debug with.
    expect(run.report?.groups[0]?.sampleRequests[0]?.queryParams.dimension6).toBe('gold-plan');
  });

  it('decodes nested percent-encoded query strings and removes secrets, campaign ids, customer numbers, IBANs, cards and id headers', async () => {
    const returnTo = encodeURIComponent('/account?uid=u-90417&phone=+48601234567');
    const sim = await shopSimulator([
      {
        type: 17,
        errorMessage: 'Request rejected',
        url: `https://shop.example.com/login?return_to=${returnTo}&t=${JWT}&code=4/0AX4Xf-oauth-grant-77&pk_vid=a1b2c3d4e5f6a7b81733390000&_gl=1*1x2y3z*_ga*NTY3ODkwMTIz&mc_eid=5f1e2d3c4b`,
        queryParams: {
          urlref: `https://shop.example.com/cb?return_to=${encodeURIComponent(`/orders?customer_no=C-99812&email=${encodeURIComponent('z@example.org')}`)}`,
          customer_no: 'C-99812',
          dimension1: 'pay to PL61 1090 1014 0000 0712 1981 2874',
          dimension2: 'card 4556 7375 8689 9855',
          dimension3: Buffer.from('zofia.w@example.org').toString('base64'),
        },
        headers: { 'x-visitor-id': 'vis-771-abc', 'x-customer-id': 'cust-5531' },
      },
    ]);
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { 'fetch-logs': 'all' });
    expect(run.report?.groups[0]?.sampleRequests).toHaveLength(1);
    const text = await everythingWritten(run, s, sim);
    expectNone(text, [
      'u-90417',
      '48601234567',
      JWT.split('.')[1] ?? JWT,
      'oauth-grant-77',
      'a1b2c3d4e5f6a7b8',
      '1x2y3z',
      '5f1e2d3c4b',
      'C-99812',
      '1090 1014',
      '4556 7375',
      'vis-771-abc',
      'cust-5531',
      Buffer.from('zofia.w@example.org').toString('base64'),
    ]);
  });

  it('removes phone numbers, IBANs, cards, e-mails (also spelled out) and names from the message, Slack, issues and the public annotation', async () => {
    const message =
      "Customer full name 'Zofia Wisniewska' rejected for Mr Jan Kowalski; call +48 601 234 567, write zofia.w at example dot com, IBAN DE89 3704 0044 0532 0130 00, card 4556737586899855";
    const sim = await shopSimulator([{ type: 17, errorMessage: message }], { accounts: { [SHOP]: SHOP_ACCOUNT } });
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { annotate: 'true' });
    expect(s.slack.messages).toHaveLength(1);
    expect(sim.annotations(SHOP)).toHaveLength(1);
    expect(s.github.issues).toHaveLength(1);
    const text = await everythingWritten(run, s, sim);
    expectNone(text, ['Zofia', 'Wisniewska', 'Kowalski', '601 234', 'zofia.w', 'example dot com', '3704 0044', '4556737586899855']);
    // The template's own words stay.
    expect(run.report?.groups[0]?.message).toMatch(/^Customer full name '\[redacted\]' rejected for Mr \[redacted\]; call \[redacted\]/);
  });

  it('keys the fingerprint on the redacted message, so it cannot confirm a guessed redacted value', async () => {
    const sim = await shopSimulator([
      { type: 17, errorMessage: 'Order refused for Mr Jan Kowalski, contact jan.k at example dot com' },
      { type: 17, errorMessage: 'Order refused for Mr Adam Nowak, contact adam at mail dot example dot org' },
    ]);
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { 'create-issue': 'false' });
    expect(run.report?.groups).toHaveLength(1);
    expect(run.report?.groups[0]).toMatchObject({ count: 2, normalizedMessage: 'Order refused for Mr [redacted], contact [redacted]' });
  });
});
