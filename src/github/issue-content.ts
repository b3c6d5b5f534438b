import { DISTINCT_VALUES_CAP } from '../analysis/groups.js';
import { diagnosisMarkdown } from '../render/diagnosis.js';
import { codeBlock, codeSpan, inline, isPlainHttpUrl } from '../render/markdown.js';
import { clip } from '../text/clip.js';
import { formatRawRequest } from '../render/raw-request.js';
import type { Report } from '../report/report.js';
import { shortTime } from '../text/time.js';
import { plural } from '../text/plural.js';
import { siteOf } from '../text/site-label.js';
import type { Group, RawRequest } from '../types.js';
import { publishSection } from '../render/tagmanager.js';
import { issueMarker, issueStateLine, reportedUpTo } from './issue-marker.js';
import { isVolumeTypeCode } from '../volume/groups.js';
import { volumeIssueSections, volumeRegressionSections, volumeResolvedSections } from '../report/volume.js';

/**
 * Issue titles, bodies and comments for one error group. Pure functions of the
 * report: no network, no clock. Everything that came from Piwik PRO (messages,
 * URLs, parameters, headers) is made inert with src/render/markdown.ts: it can
 * mention nobody, reference no issue, render no HTML and leave no code block.
 * Every body starts with the hidden lines of src/github/issue-marker.ts.
 */

export const ISSUE_LIMITS = {
  /** GitHub refuses longer titles. */
  titleChars: 256,
  /** GitHub refuses longer issue bodies and comments. */
  bodyChars: 65_536,
  samples: 3,
  sampleChars: 20_000,
  sampleUrls: 10,
  findings: 5,
  messageChars: 4_000,
} as const;

export interface IssueContext {
  readonly report: Report;
  /** The workflow run to link to; defaults to report.run.url. */
  readonly runUrl?: string;
  /** Whether personal data was redacted (the report already is when true). */
  readonly redact: boolean;
}

// ---------------------------------------------------------------------------
// Body and comments

/** How much of the variable-size content a rendering shows. The first level is the normal one; later ones trim to fit. */
interface Budget {
  readonly samples: number;
  readonly sampleChars: number;
  readonly urls: number;
  readonly findings: number;
  readonly messageChars: number;
}

const FULL: Budget = {
  samples: ISSUE_LIMITS.samples,
  sampleChars: ISSUE_LIMITS.sampleChars,
  urls: ISSUE_LIMITS.sampleUrls,
  findings: ISSUE_LIMITS.findings,
  messageChars: ISSUE_LIMITS.messageChars,
};

/** Samples go first, then everything else shrinks. */
const TRIM_LEVELS: readonly Budget[] = [
  FULL,
  { ...FULL, samples: 2 },
  { ...FULL, samples: 1 },
  { ...FULL, samples: 1, sampleChars: 5_000 },
  { ...FULL, samples: 0 },
  { ...FULL, samples: 0, urls: 3, findings: 3, messageChars: 1_000 },
  { ...FULL, samples: 0, urls: 0, findings: 1, messageChars: 300 },
];

/** The issue body: marker, summary table, message, diagnosis, sample pages and raw requests, run link. */
export function issueBody(group: Group, ctx: IssueContext): string {
  const hidden = `${issueMarker(group)}\n${issueStateLine({ count: group.count, reportedAt: reportedUpTo(ctx.report, group) })}\n<!-- Keep the two lines above: piwik-pro-broken-event-checker finds this issue again by them. -->`;
  // A silence or a drop (src/volume/) has no message or raw request: what was measured instead.
  const problem = group.volume;
  if (problem) {
    const note =
      'This issue is kept up to date by the action: it reopens the issue when the tracking stops again after it was closed, and can close it when the volume is back.';
    return fit(() => [hidden, ...volumeIssueSections(group, problem, ctx.report), footer(ctx, note)]);
  }
  return fit((budget, trim) => [
    hidden,
    `Piwik PRO could not process ${bold(group.count)} ${plural(group.count, 'tracking request')} with the error below${windowPhrase(ctx.report)}.`,
    summaryTable(group, ctx.report),
    messageSection(group, budget, trim),
    publishSection(group),
    diagnosisSection(group, budget, trim),
    urlsSection(group, budget, trim, '### Sample pages'),
    samplesSection(group.sampleRequests, budget, trim, ctx.redact, '### Sample raw requests'),
    trim.note(),
    footer(
      ctx,
      'This issue is kept up to date by the action: it comments when the error recurs, reopens the issue when the error comes back after it was closed, and can close it when a complete scan no longer finds it.',
    ),
  ]);
}

/** This run's occurrences of a group whose issue is open: count, window, one new sample. */
export function occurrenceComment(group: Group, ctx: IssueContext): string {
  return fit((budget, trim) => [
    seenAgainHeading(group),
    occurrenceLine(group, ctx.report),
    urlsSection(group, budget, trim, '**Pages:**', 3),
    samplesSection(group.sampleRequests, budget, trim, ctx.redact, '**New sample:**', 1),
    trim.note(),
    footer(ctx),
  ]);
}

/** For a closed issue whose error is back: says when it was closed and what came back. */
export function regressionComment(group: Group, ctx: IssueContext, previous: { readonly closedAt?: string } = {}): string {
  const problem = group.volume;
  if (problem) return fit(() => [...volumeRegressionSections(group, problem, previous.closedAt), footer(ctx)]);
  const closed = previous.closedAt ? ` on ${shortTime(previous.closedAt)} UTC` : '';
  return fit((budget, trim) => [
    '### 🔁 Regression: this error is back',
    `This issue was closed${closed}, and Piwik PRO reported the error again: ${bold(group.count)} ${plural(group.count, 'event')} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}. Reopening it.`,
    occurrenceLine(group, ctx.report),
    publishSection(group),
    diagnosisSection(group, budget, trim, 3),
    urlsSection(group, budget, trim, '**Pages:**', 3),
    samplesSection(group.sampleRequests, budget, trim, ctx.redact, '**New sample:**', 1),
    trim.note(),
    footer(ctx),
  ]);
}

/** For an open issue whose error a complete scan no longer found. */
export function resolvedComment(
  target: { readonly siteId: string; readonly fingerprint: string; readonly eventType?: number },
  ctx: IssueContext,
): string {
  if (isVolumeTypeCode(target.eventType)) return fit(() => [...volumeResolvedSections(target.siteId, ctx.report), footer(ctx)]);
  const { window } = ctx.report;
  return fit(() => [
    '### ✅ Resolved: not seen in a complete scan',
    `The scan of site ${codeSpan(target.siteId)} covered every session from ${shortTime(window.from)} to ${shortTime(window.to)} UTC (the last ${window.minutes} ${plural(window.minutes, 'minute')}) and found no event with this error: it has been gone since at least ${shortTime(window.from)} UTC.`,
    'Closing this issue. If the error comes back, the action reopens it.',
    footer(ctx),
  ]);
}

// ---------------------------------------------------------------------------
// Sections

function windowPhrase(report: Report): string {
  return ` in the last ${report.window.minutes} ${plural(report.window.minutes, 'minute')}`;
}

function summaryTable(group: Group, report: Report): string {
  const ctx = group.sampleContext;
  const customEvent = [ctx.customEventCategory, ctx.customEventAction, ctx.customEventName].filter((v): v is string => !!v);
  const site = siteOf(report.sites, group.siteId);
  const rows: [string, string][] = [
    ['Site', `${site.name ? `${inline(site.name, 80)} ` : ''}${codeSpan(group.siteId, 80, true)}`],
    ['Event type', `${inline(group.eventTypeLabel || 'Unknown', 60)} (${group.eventType})`],
    ['Events', `${group.count} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`],
    ...distinctValuesRow(group),
    ['First seen', `${inline(shortTime(group.firstSeen), 40)} UTC`],
    ['Last seen', `${inline(shortTime(group.lastSeen), 40)} UTC`],
    [
      'Window',
      `last ${report.window.minutes} ${plural(report.window.minutes, 'minute')} (${shortTime(report.window.from)} – ${shortTime(report.window.to)} UTC)`,
    ],
    ['Piwik PRO account', codeSpan(report.instanceUrl, 200, true)],
    ['Fingerprint', codeSpan(group.fingerprint, 40, true)],
  ];
  if (ctx.title) rows.push(['Page title', inline(ctx.title, 200)]);
  if (customEvent.length > 0) rows.push(['Custom event', customEvent.map((v) => inline(v, 120)).join(' / ')]);
  if (ctx.goalId) rows.push(['Goal', codeSpan(ctx.goalId, 80, true)]);
  return ['| Fact | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** One template sent with many values is one group: how many the message quoted (`<value>` in its normalised form). */
function distinctValuesRow(group: Group): [string, string][] {
  const n = group.distinctValues;
  if (n === undefined) return [];
  return [
    [
      'Distinct values',
      `${n >= DISTINCT_VALUES_CAP ? `${DISTINCT_VALUES_CAP} or more` : n} in the message (shown as \`<value>\` in the title)`,
    ],
  ];
}

function messageSection(group: Group, budget: Budget, trim: Trim): string {
  const message = group.message || group.normalizedMessage;
  if (!message) return '### Error message\n\n(no message)';
  const shown = clip(message, budget.messageChars);
  if (shown.length < clip(message, FULL.messageChars).length) trim.cut('the error message');
  return `### Error message\n\n${codeBlock(shown, 'text')}`;
}

/** The shared diagnosis rendering (job summary and issues): likely cause, fix, other findings. */
function diagnosisSection(group: Group, budget: Budget, trim: Trim, cap: number = FULL.findings): string {
  const diagnosis = group.diagnosis;
  if (!diagnosis) return '';
  const max = Math.max(1, Math.min(budget.findings, cap));
  if (max < Math.min(diagnosis.findings.length, cap)) trim.cut('diagnosis findings');
  return `### Diagnosis\n\n${diagnosisMarkdown(diagnosis, max)}`;
}

function urlsSection(group: Group, budget: Budget, trim: Trim, heading: string, cap: number = FULL.urls): string {
  if (group.sampleUrls.length === 0) return '';
  const urls = group.sampleUrls.slice(0, Math.min(budget.urls, cap));
  if (urls.length < Math.min(group.sampleUrls.length, cap)) trim.cut('sample pages');
  if (urls.length === 0) return '';
  // Code spans are never autolinked: the URLs stay text.
  return [heading, '', ...urls.map((u) => `- ${codeSpan(u, 500)}`)].join('\n');
}

function samplesSection(
  requests: readonly RawRequest[],
  budget: Budget,
  trim: Trim,
  redact: boolean,
  heading: string,
  cap: number = FULL.samples,
): string {
  if (requests.length === 0) return '';
  const shown = requests.slice(0, Math.min(budget.samples, cap));
  if (shown.length < Math.min(requests.length, cap)) trim.cut('raw request samples');
  if (shown.length === 0) return '';
  const privacy = redact
    ? ''
    : '> [!WARNING]\n> Redaction is off (`redact: false`): these requests are shown as Piwik PRO received them and may hold personal data. Everyone who can read this repository can read them.';
  const blocks = shown.map((request, i) => {
    const text = formatRawRequest(request);
    const body = clip(text, budget.sampleChars);
    if (body.length < clip(text, FULL.sampleChars).length) trim.cut('raw request samples');
    const block = codeBlock(body, 'text');
    // The first sample is shown; further ones fold away.
    return i === 0 ? block : `<details>\n<summary>Sample ${i + 1}</summary>\n\n${block}\n\n</details>`;
  });
  return [heading, privacy, ...blocks].filter((p) => p !== '').join('\n\n');
}

/** What is new since the last report leads; the window's total follows when it differs. */
function seenAgainHeading(group: Group): string {
  const fresh = group.newCount ?? group.count;
  const window = fresh === group.count ? '' : ` (${group.count} in the window)`;
  return `### Seen again: ${fresh} new ${plural(fresh, 'event')}${window}`;
}

function occurrenceLine(group: Group, report: Report): string {
  return `First seen ${inline(shortTime(group.firstSeen), 40)} UTC, last seen ${inline(shortTime(group.lastSeen), 40)} UTC, within the last ${report.window.minutes} ${plural(report.window.minutes, 'minute')} (${shortTime(report.window.from)} – ${shortTime(report.window.to)} UTC), in ${group.sessionCount} ${plural(group.sessionCount, 'session')}.`;
}

function footer(ctx: IssueContext, extra = ''): string {
  const url = ctx.runUrl ?? ctx.report.run.url;
  const run = url ? (isPlainHttpUrl(url) ? `[workflow run](${url})` : `workflow run ${codeSpan(url, 300)}`) : 'a workflow run';
  const parts = [
    `Reported by ${run} on ${shortTime(ctx.report.generatedAt)} UTC`,
    `${ctx.report.tool.name} ${inline(ctx.report.tool.version, 40)}`,
  ];
  return ['---', `<sub>${parts.join(' · ')}${extra ? `. ${extra}` : ''}</sub>`].join('\n');
}

function bold(n: number): string {
  return `**${n}**`;
}

// ---------------------------------------------------------------------------
// Fitting under GitHub's limit

/** Records what a trimmed rendering left out, so the body can say so. */
class Trim {
  private readonly what = new Set<string>();
  constructor(private readonly active: boolean) {}

  cut(what: string): void {
    if (this.active) this.what.add(what);
  }

  note(): string {
    if (!this.active) return '';
    const what = this.what.size > 0 ? ` (${[...this.what].join(', ')} shortened or left out)` : '';
    return `> [!NOTE]\n> Trimmed to stay under GitHub's limit of ${ISSUE_LIMITS.bodyChars.toLocaleString('en-US')} characters${what}. The run's JSON report holds everything.`;
  }
}

function fit(render: (budget: Budget, trim: Trim) => readonly string[]): string {
  let text = '';
  for (const [index, budget] of TRIM_LEVELS.entries()) {
    text = render(budget, new Trim(index > 0))
      .filter((p) => p !== '')
      .join('\n\n');
    if (text.length <= ISSUE_LIMITS.bodyChars) return text;
  }
  // Unreachable with the caps above; a last resort that still keeps the marker and closes no block early.
  const tail = '\n\n…cut to stay under GitHub\u2019s size limit; the run\u2019s JSON report holds everything.';
  const cut = text.slice(0, ISSUE_LIMITS.bodyChars - tail.length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf('\n\n'), 0))}${tail}`;
}
