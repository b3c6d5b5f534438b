import { describe, expect, it } from 'vitest';
import { issueBody, occurrenceComment } from '../../src/github/issue-content.js';
import { issueTitle } from '../../src/github/issue-title.js';
import { buildDigest, buildFailureNotice } from '../../src/slack/message.js';
import { failedReport, goldenReport } from '../support/golden-report.js';

/**
 * Golden files for the Slack digest and the issue renderers: one fixed
 * report in, the exact payload out, reviewed as a diff whenever a renderer
 * changes (update with `npx vitest -u`). The hostile groups show, in one
 * place, what inert payload text looks like in each.
 */
describe('golden renderings', () => {
  it('the Slack digest', async () => {
    const message = buildDigest(goldenReport(), {
      mention: '<!subteam^S0123|@web-analytics>',
      runUrl: 'https://github.com/acme/shop/actions/runs/123456789',
    });
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./__golden__/slack-digest.json');
  });

  it('the Slack failure notice', async () => {
    await expect(`${JSON.stringify(buildFailureNotice(failedReport(), {}), null, 2)}\n`).toMatchFileSnapshot(
      './__golden__/slack-failure.json',
    );
  });

  it('the issue of a new group, as docs/github-issues.md shows it', async () => {
    const r = goldenReport();
    const group = r.groups[0];
    const text = [`# ${issueTitle(group, { multipleSites: true })}`, issueBody(group, { report: r, redact: true })].join('\n\n');
    await expect(`${text}\n`).toMatchFileSnapshot('./__golden__/issue-new.md');
  });

  it('an issue title, body and occurrence comment', async () => {
    const r = goldenReport();
    const group = r.groups[1];
    const ctx = { report: r, redact: true };
    const text = [
      `# ${issueTitle(group, { multipleSites: true })}`,
      issueBody(group, ctx),
      '---- comment ----',
      occurrenceComment(group, ctx),
    ].join('\n\n');
    await expect(`${text}\n`).toMatchFileSnapshot('./__golden__/issue.md');
  });
});
