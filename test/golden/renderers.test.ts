import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES } from '../../simulator/dataset.mjs';
import { issueBody, occurrenceComment, regressionComment } from '../../src/github/issue-content.js';
import { reportTitle } from '../../src/github/issue-title.js';
import type { Report } from '../../src/report/report.js';
import { buildDigest, buildFailureNotice } from '../../src/slack/message.js';
import type { Group, GroupState } from '../../src/types.js';
import { GOLDEN_MENTION, goldenRuns, type GoldenIssue, type GoldenRun } from '../support/golden-report.js';

/**
 * Golden files for the Slack messages and the issues, reviewed as a diff
 * whenever a renderer changes (update with `npx vitest run test/golden -u`,
 * then `npm run docs`, which writes the README's and docs' examples from
 * them). Each is what the action itself posted in the golden runs
 * (test/support/golden-report.ts), and each is checked to be what its
 * renderer makes of the run's report: neither a golden file nor the report
 * can be written by hand. The hostile groups show, in one place, what inert
 * payload text looks like in each.
 */

const golden = goldenRuns();
const json = (payload: unknown) => `${JSON.stringify(payload, null, 2)}\n`;

/** The run's one group in this state (the silenced one aside), and the issue the run left it. */
function groupIn(run: GoldenRun, state: GroupState): { group: Group; issue: GoldenIssue } {
  const groups = run.report.groups.filter((g) => g.state === state && !g.silenced);
  expect(groups).toHaveLength(1);
  const issue = run.issues.find((i) => i.number === groups[0].issue?.number);
  if (!issue) throw new Error(`The ${state} group has no issue.`);
  return { group: groups[0], issue };
}

const context = (report: Report) => ({ report, redact: true });

describe('the golden runs', () => {
  it('hold every shape the docs describe: new, back, still happening, silenced, a capped site, a cut, hostile text', async () => {
    const run = await golden.found();
    const { report } = run;
    expect(run.failed).toBeUndefined();
    const shape = report.groups.map((g) => [g.state, g.alert, g.silenced?.rule, g.issue?.action]);
    expect(shape).toEqual(
      expect.arrayContaining([
        ['new', true, undefined, 'created'],
        ['regressed', true, undefined, 'reopened'],
        ['ongoing', false, undefined, 'commented'],
        ['ongoing', false, 'onerror', undefined],
      ]),
    );
    expect(report.groups).toHaveLength(4);
    expect(report.sites.map((s) => s.capped)).toEqual([false, true]);
    expect(report.warnings).toEqual([expect.stringMatching(/^Site Example Blog: stopped after 100 sessions;/)]);
    expect(report.alerting).toMatchObject({ cut: '2025-03-04T09:30:00.000Z', cutSource: 'the start of the previous successful run' });
    // The hostile messages reach the report as the simulator sent them, for the renderers to make inert.
    const hostile = report.groups.filter((g) => g.siteId === report.sites[1].siteId).map((g) => g.message);
    expect(hostile.sort()).toEqual([EXAMPLE_MESSAGES.back, EXAMPLE_MESSAGES.silenced].sort());
    for (const text of ['<!channel>', '<@U123>', '<https://evil.example|click>', '@octocat', '#1', '```', '<img', '::error::'])
      expect(hostile.join(' ')).toContain(text);
    // Every group the scan diagnosed is a broken event: the only type it diagnoses, and the only one scanned.
    expect(report.eventTypes).toEqual([{ id: 17, label: 'Broken event' }]);
  });
});

describe('golden renderings, as the action posted them', () => {
  it('the Slack digest', async () => {
    const run = await golden.found();
    expect(run.slack).toHaveLength(1);
    const posted: unknown = JSON.parse(run.slack[0]);
    expect(posted).toEqual(JSON.parse(JSON.stringify(buildDigest(run.report, { mention: GOLDEN_MENTION, runUrl: run.report.run.url }))));
    await expect(json(posted)).toMatchFileSnapshot('./__golden__/slack-digest.json');
  });

  it('the Slack failure notice', async () => {
    const run = await golden.failed();
    expect(run.failed).toContain(run.report.errors[0]);
    expect(run.slack).toHaveLength(1);
    const posted: unknown = JSON.parse(run.slack[0]);
    expect(posted).toEqual(JSON.parse(JSON.stringify(buildFailureNotice(run.report, { runUrl: run.report.run.url }))));
    await expect(json(posted)).toMatchFileSnapshot('./__golden__/slack-failure.json');
  });

  it('the issue of a new group, as docs/github-issues.md shows it', async () => {
    const run = await golden.found();
    const { group, issue } = groupIn(run, 'new');
    expect(issue).toMatchObject({ title: reportTitle(run.report, group), body: issueBody(group, context(run.report)), comments: [] });
    await expect(`# ${issue.title}\n\n${issue.body}\n`).toMatchFileSnapshot('./__golden__/issue-new.md');
  });

  it('an issue reopened for a group that came back: its title, body and the comment that says so', async () => {
    const run = await golden.found();
    const { group, issue } = groupIn(run, 'regressed');
    expect(issue).toMatchObject({ state: 'open', title: reportTitle(run.report, group) });
    // Closed as fixed 20 minutes before the run (simulator/datasets/examples.mjs).
    expect(issue.comments).toEqual([regressionComment(group, context(run.report), { closedAt: '2025-03-04T09:40:00.000Z' })]);
    const text = [`# ${issue.title}`, issue.body, '---- comment ----', issue.comments[0]].join('\n\n');
    await expect(`${text}\n`).toMatchFileSnapshot('./__golden__/issue.md');
  });

  it('the comment on the issue of a known group still happening', async () => {
    const run = await golden.found();
    const { group, issue } = groupIn(run, 'ongoing');
    expect(issue.comments).toEqual([occurrenceComment(group, context(run.report))]);
    await expect(`${issue.comments[0]}\n`).toMatchFileSnapshot('./__golden__/issue-comment.md');
  });
});
