import { codeSpan, inline } from '../render/markdown.js';
import type { Report } from '../report/report.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import { shortTime } from '../text/time.js';
import { plural } from '../text/plural.js';
import type { Group } from '../types.js';
import type { IssueDeps } from './issue-list.js';
import { OVERFLOW_MARKER, type OverflowIssue } from './overflow-marker.js';

/**
 * The one issue for the groups past `max-open-issues`. Anyone can send a hit,
 * so a flood of new error groups must not become a flood of issues (each
 * assigned, each a notification): past the cap, groups are listed here, in
 * one issue the action keeps up to date, and each gets an issue of its own
 * once fewer are open. Found again by its first line (src/github/overflow-marker.ts).
 */

/** Rows listed; the rest are counted. Keeps the body far below GitHub's 65,536 characters. */
const LISTED = 100;

function overflowTitle(groups: readonly Group[]): string {
  return `[Piwik PRO] ${groups.length} more error ${plural(groups.length, 'group')} past the open-issue limit`;
}

/** The body: what the limit is and how to get below it, then a row per group (largest first). */
function overflowBody(groups: readonly Group[], report: Report, limit: { readonly max: number; readonly input: string }): string {
  const listed = groups.slice(0, LISTED);
  const rows = listed.map((g) => {
    const site = inline(siteLabel(siteOf(report.sites, g.siteId)), 60);
    const message = inline(g.normalizedMessage || g.message || '(no message)', 160);
    return `| ${codeSpan(g.fingerprint, 40, true)} | ${site} | ${g.count} | ${inline(shortTime(g.lastSeen), 40)} UTC | ${message} |`;
  });
  const rest = groups.length - listed.length;
  return [
    `${OVERFLOW_MARKER}\n<!-- Keep the line above: piwik-pro-broken-event-checker finds this issue again by it. -->`,
    `The last run found ${groups.length} error ${plural(groups.length, 'group')} that got no issue of ${groups.length === 1 ? 'its' : 'their'} own: ${limit.max} of the action's issues are open, the most ${limit.input} allows. Each gets its own issue in a later run once fewer are open (fix and close some, or raise ${limit.input}). The job summary and the JSON report have every group in full.`,
    ['| Fingerprint | Site | Events | Last seen | Message |', '|---|---|---|---|---|', ...rows].join('\n'),
    rest > 0 ? `…and ${rest} more.` : '',
    `<sub>Updated on ${shortTime(report.generatedAt)} UTC by ${inline(report.tool.name, 80)} ${inline(report.tool.version, 40)}.</sub>`,
  ]
    .filter((p) => p !== '')
    .join('\n\n');
}

/** What syncing the overflow issue needs of the issue run: the repository, and its guarded GitHub call. */
export interface OverflowSync {
  readonly deps: IssueDeps;
  readonly report: Report;
  readonly labels: readonly string[];
  readonly existing?: OverflowIssue;
  readonly max: number;
  readonly dryRun: boolean;
  /** Runs one GitHub call; undefined when it failed (recorded by the issue run). */
  readonly call: <T>(what: string, fn: () => Promise<T>) => Promise<T | undefined>;
}

/** Creates the overflow issue, or rewrites (and reopens) the one there is; returns its URL when written. */
export async function syncOverflow(sync: OverflowSync, groups: readonly Group[]): Promise<string | undefined> {
  const { deps, existing } = sync;
  const title = overflowTitle(groups);
  const body = overflowBody(groups, sync.report, { max: sync.max, input: deps.names.of('max-open-issues') });
  const target = existing ? `issue #${existing.number} (${existing.url})` : 'an issue';
  if (sync.dryRun) {
    deps.log(
      `Dry run: would ${existing ? 'update' : 'create'} ${target} listing ${groups.length} ${plural(groups.length, 'group')} past the open-issue limit.`,
    );
    return undefined;
  }
  const base = { owner: deps.owner, repo: deps.repo, title, body };
  if (existing?.locked) return undefined;
  const written = existing
    ? await sync.call(`update the overflow issue #${existing.number}`, () =>
        deps.octokit.rest.issues.update({ ...base, issue_number: existing.number, state: 'open' }),
      )
    : await sync.call('create the overflow issue', () => deps.octokit.rest.issues.create({ ...base, labels: [...sync.labels] }));
  if (!written) return undefined;
  deps.log(
    `Listed ${groups.length} ${plural(groups.length, 'group')} past the open-issue limit in issue #${written.data.number} ${written.data.html_url}.`,
  );
  return written.data.html_url;
}

/**
 * Closes the overflow issue once nothing is past the limit: its list would
 * be empty, and an open issue that lists nothing reads as work to do. The
 * comment says why; the issue is reopened and rewritten when groups go past
 * the limit again. Returns its URL when closed.
 */
export async function closeOverflow(sync: OverflowSync, issue: OverflowIssue): Promise<string | undefined> {
  const { deps } = sync;
  const input = deps.names.of('max-open-issues');
  if (sync.dryRun) {
    deps.log(`Dry run: would close the overflow issue #${issue.number} (${issue.url}): no group is past the open-issue limit.`);
    return undefined;
  }
  const target = { owner: deps.owner, repo: deps.repo, issue_number: issue.number };
  const body = [
    '### ✅ Nothing past the open-issue limit',
    `The last run scanned every site completely, and every error group it found has an issue of its own (or none was found): this list is empty. Closing it; it is reopened if more groups than ${input} allows are open again.`,
    `<sub>${inline(sync.report.tool.name, 80)} ${inline(sync.report.tool.version, 40)}, ${shortTime(sync.report.generatedAt)} UTC.</sub>`,
  ].join('\n\n');
  if (
    !(await sync.call(`comment on the overflow issue #${issue.number}`, () => deps.octokit.rest.issues.createComment({ ...target, body })))
  ) {
    return undefined;
  }
  const closed = await sync.call(`close the overflow issue #${issue.number}`, () =>
    deps.octokit.rest.issues.update({ ...target, state: 'closed', state_reason: 'completed' }),
  );
  if (!closed) return undefined;
  deps.log(`Closed the overflow issue #${issue.number} ${issue.url}: no group is past the open-issue limit.`);
  return issue.url;
}
