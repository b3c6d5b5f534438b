import { describe, expect, it } from 'vitest';
import { renderGfm } from '../support/gfm.js';
import { closeServersAfterEach } from '../support/action-harness.js';
import { runWithSinks, shopSimulator, startSinks, type Sinks } from './loopback-run.js';

/**
 * Issue 28, item 6: public data must not flood the tracker or the channel.
 * Random values in one template make one group (its distinct values
 * counted); the action's open issues are capped across runs, the rest listed
 * in one overflow issue; Slack counts the groups past the cap. Run: npx vitest run test/hardening
 */
closeServersAfterEach();

const WORDS = ['twelve', 'zwölf', 'douze', 'doce', 'dodici', 'tolv'];
const TEMPLATES = [
  'Missing required parameter: idsite',
  'Unsupported parameter ec_items',
  'Invalid ec_products: cannot parse JSON',
  'Request rejected by processing rules',
];

const openIssues = (s: Sinks) => s.github.issues.filter((i) => i.state === 'open');
const slackText = (s: Sinks) => s.slack.requests.map((r) => r.body ?? '').join('\n');

describe('no flood from public data (issue 28, item 6)', () => {
  it('makes one group of one template sent with many values, and counts the values in the report and the issue', async () => {
    const sim = await shopSimulator([
      ...WORDS.map((word) => ({ type: 17, errorMessage: `Invalid custom event value: ${word}` })),
      ...['sku-1a', 'sku-2b', 'sku-3c'].map((sku) => ({ type: 17, errorMessage: `Unknown product '${sku}' in cart` })),
    ]);
    const s = await startSinks();
    const run = await runWithSinks(sim, s);
    expect(run.report?.groups.map((g) => [g.normalizedMessage, g.count, g.distinctValues])).toEqual([
      ['Invalid custom event value: <value>', 6, 6],
      ["Unknown product '<value>' in cart", 3, 3],
    ]);
    expect(s.github.issues).toHaveLength(2);
    const body = s.github.issues.find((i) => i.title.includes('custom event value'))?.body ?? '';
    expect(renderGfm(body)).toMatch(/<td>Distinct values<\/td>\s*<td>6 in the message/);
  });

  it('caps open issues across runs (max-open-issues), lists the rest in one overflow issue, and counts them in Slack', async () => {
    const s = await startSinks();
    for (const title of ['Checkout pixel fires twice', 'Consent banner blocks tags'])
      s.github.addIssue({
        title,
        body: 'Found by a person.',
        labels: ['broken-events'],
        user: { login: 'alice', id: 7, type: 'User', site_admin: false },
      });
    const sim = await shopSimulator(TEMPLATES.map((errorMessage) => ({ type: 17, errorMessage })));

    await runWithSinks(sim, s, { 'max-open-issues': '3', since: 'window' });
    // Two open already, room for one: the largest group gets it, the three others are listed together.
    expect(openIssues(s)).toHaveLength(4);
    const overflow = s.github.issues.find((i) => i.body?.startsWith('<!-- piwik-broken-events:overflow -->'));
    expect(overflow?.title).toBe('[Piwik PRO] 3 more error groups past the open-issue limit');
    expect(overflow?.body?.match(/^\| `[0-9a-f]{16}` \|/gm)).toHaveLength(3);
    const slack = slackText(s);
    expect(s.slack.messages).toHaveLength(1);
    expect(slack).toContain('+3 alerting groups past the open-issue limit');
    expect(slack.match(/🆕 \*NEW\*/g)).toHaveLength(1);

    // The next run finds a new template too: still no issue past the cap, the same overflow issue rewritten.
    const next = await shopSimulator([...TEMPLATES, 'Invalid goal id'].map((errorMessage) => ({ type: 17, errorMessage })));
    await runWithSinks(next, s, { 'max-open-issues': '3', since: 'window' });
    expect(openIssues(s)).toHaveLength(4);
    expect(s.github.issues.filter((i) => i.body?.startsWith('<!-- piwik-broken-events:overflow -->'))).toHaveLength(1);
    expect(overflow?.title).toBe('[Piwik PRO] 4 more error groups past the open-issue limit');

    // A capped scan (max-sessions) with room for every group: it may have missed what the list holds, so it stays open.
    await runWithSinks(next, s, { 'max-open-issues': '20', 'max-sessions': '2', since: 'window' });
    expect(overflow?.state).toBe('open');
    expect(s.github.commentsOn(overflow?.number ?? 0)).toEqual([]);

    // A complete scan with room for every group: each gets its own issue, and the empty list is closed with the reason.
    await runWithSinks(next, s, { 'max-open-issues': '20', since: 'window' });
    expect(overflow?.state).toBe('closed');
    expect(s.github.commentsOn(overflow?.number ?? 0).map((c) => c.body.split('\n')[0])).toEqual([
      '### ✅ Nothing past the open-issue limit',
    ]);
    expect(openIssues(s).filter((i) => i.user?.login !== 'alice')).toHaveLength(5);
  });

  it('refuses a max-open-issues that is not a whole number from 1, naming the input, before any request', async () => {
    const sim = await shopSimulator([{ type: 17, errorMessage: 'x' }]);
    const s = await startSinks();
    const run = await runWithSinks(sim, s, { 'max-open-issues': '0' });
    expect(run.kit.failure()).toMatch(/'max-open-issues' must be a whole number from 1 to 10000/);
    expect(sim.requests).toEqual([]);
  });
});
