import { describe, expect, it } from 'vitest';
import { issueBody, issueTitle, occurrenceComment } from '../../src/github/issue-content.js';
import { buildDigest, buildFailureNotice } from '../../src/slack/message.js';
import { makeGroup, makeRawRequest, makeReport, makeSite, SITE_A, SITE_B } from '../support/report-factory.js';

/**
 * Golden files for the Slack digest and the issue renderers: one fixed
 * report in, the exact payload out, reviewed as a diff whenever a renderer
 * changes (update with `npx vitest -u`). The hostile group shows, in one
 * place, what inert payload text looks like in each.
 */
function report() {
  return makeReport({
    groups: [
      makeGroup({ fingerprint: 'a1b2c3d4e5f60718', count: 12, newCount: 5, state: 'new', alert: true, issue: { number: 12, url: 'https://github.com/acme/shop/issues/12', action: 'created' } }),
      makeGroup({
        fingerprint: '0badc0de0badc0de',
        siteId: SITE_B,
        eventType: 17,
        eventTypeLabel: 'Broken event',
        message: '<!channel> <@U123> <https://evil.example|click> @octocat #1 ``` <img src=x>',
        count: 3,
        newCount: 3,
        state: 'regressed',
        alert: true,
        sampleUrls: ['https://shop.example/?q=<!here>'],
        sampleRequests: [makeRawRequest({ queryParams: { idsite: SITE_B, e_n: '``` </details> <!channel>' } })],
        diagnosis: undefined,
      }),
    ],
    sites: [makeSite({ siteId: SITE_A, eventCount: 12, matchedSessions: 7 }), makeSite({ siteId: SITE_B, eventCount: 3, matchedSessions: 2 })],
    alerting: { since: 'auto', cut: '2025-03-04T09:30:00.000Z', cutSource: 'the start of the previous successful run', notify: 'changes', newEvents: 8, alreadyReported: 7, alertingGroups: 2, silencedGroups: 0, alert: true },
  });
}

describe('golden renderings', () => {
  it('the Slack digest', async () => {
    const message = buildDigest(report(), { mention: '<!subteam^S0123|@web-analytics>', runUrl: 'https://github.com/acme/shop/actions/runs/123456789', issueUrls: ['https://github.com/acme/shop/issues/12'] });
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./__golden__/slack-digest.json');
  });

  it('the Slack failure notice', async () => {
    const failed = makeReport({ groups: [], sites: [makeSite({ siteId: SITE_A, error: `Site ${SITE_A}: no access (HTTP 404).`, complete: false })] });
    await expect(`${JSON.stringify(buildFailureNotice(failed, {}), null, 2)}\n`).toMatchFileSnapshot('./__golden__/slack-failure.json');
  });

  it('an issue title, body and occurrence comment', async () => {
    const r = report();
    const group = r.groups[1]!;
    const ctx = { report: r, redact: true };
    const text = [`# ${issueTitle(group, { multipleSites: true })}`, issueBody(group, ctx), '---- comment ----', occurrenceComment(group, ctx)].join('\n\n');
    await expect(`${text}\n`).toMatchFileSnapshot('./__golden__/issue.md');
  });
});
