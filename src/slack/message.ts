import type { ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { BROKEN_EVENT } from '../piwik/event-types.js';
import { shorten } from '../text/shorten.js';
import type { Report } from '../report/report.js';
import { plural } from '../report/summary.js';
import type { Group } from '../types.js';
import { divider, header, mrkdwn, section, timeText } from './blocks.js';
import { groupSection } from './group-section.js';
import { blockText, clampMessage, DIGEST_LIMITS, slackLimitViolations } from './limits.js';
import { codeSpan, escapeMrkdwn, inert, link, truncate } from './mrkdwn.js';

/**
 * The Slack digest: one message per run for an incoming webhook, built from
 * the report. Payload text (messages, URLs, raw requests, diagnoses, server
 * errors) only ever appears escaped, in `verbatim` text objects, mostly as
 * code; the only live `<…>` sequences are the workflow author's `mention` and
 * our own links (the workflow run, GitHub issues).
 *
 * Slack's limits hold by construction (every piece has a budget, and a group
 * is added only when it fits the message's budget), and are checked again on
 * the finished message: anything still over a limit is cut, and a message that
 * still fails the check is replaced by a minimal one that points to the run.
 */

export interface DigestOptions {
  /** Who to notify, exactly as the workflow author wrote it (`<!here>`, `<@U123>`, `<!subteam^S1>`): trusted, not escaped. */
  readonly mention?: string;
  /** The workflow run; defaults to `report.run.url`. */
  readonly runUrl?: string;
  /** GitHub issues created or updated in this run. */
  readonly issueUrls?: readonly string[];
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

// ---------------------------------------------------------------------------
// The three messages

/** The digest for a run that found events: header, summary, one section per group (largest first), links. */
export function buildDigest(report: Report, options: DigestOptions = {}): SlackMessage {
  const noun = eventNoun(report);
  const { totals } = report;
  const headerText = `⚠️ Piwik PRO: ${totals.events} ${noun(totals.events)} in ${totals.groups} ${plural(totals.groups, 'group')}`;

  const failed =
    report.status !== 'failed'
      ? ''
      : totals.sitesFailed > 0
        ? `❌ The scan failed for ${totals.sitesFailed} of ${totals.sites} ${plural(totals.sites, 'site')}: what it found elsewhere is below; the reasons are in the run.`
        : '❌ The run reported errors: see below and in the run.';
  const intro = section(
    [
      mentionPrefix(options) +
        `*${totals.events} ${noun(totals.events)}* in *${totals.groups} ${plural(totals.groups, 'group')}* on ${totals.sites} ${plural(totals.sites, 'site')} in the last ${windowMinutes(report)}.`,
      failed,
    ],
    { verbatim: false },
    introFields(report, true),
  );
  const notices = noticesBlock(report);
  const footer = footerBlock(report, options);
  const groups = orderForAlerting(report.groups);
  const runUrl = runUrlOf(report, options);

  const fixed: KnownBlock[] = [header(headerText), intro, ...(notices ? [notices] : []), divider()];
  // Room for the "+N more" line: with every group hidden, its numbers are the longest they can be.
  const moreReserve = blockText([moreLine(groups, runUrl)]);
  let budget = DIGEST_LIMITS.textBudget - blockText([...fixed, footer]) - moreReserve;
  const sections: SectionBlock[] = [];
  const multiSite = report.sites.length > 1 || new Set(report.groups.map((g) => g.siteId)).size > 1;
  for (const group of groups) {
    if (sections.length >= DIGEST_LIMITS.groups) break;
    const block = groupSection(group, multiSite);
    const size = blockText([block]);
    if (size > budget) break;
    budget -= size;
    sections.push(block);
  }
  const hidden = groups.slice(sections.length);
  const more = hidden.length > 0 ? [moreLine(hidden, runUrl)] : [];

  return finish(
    {
      text: fallbackText(
        options,
        `${headerText} on ${totals.sites} ${plural(totals.sites, 'site')}, last ${windowMinutes(report)}.${largest(groups[0])}`,
      ),
      blocks: [...fixed, ...sections, ...more, footer],
      unfurl_links: false,
      unfurl_media: false,
    },
    report,
    options,
  );
}

/** A short message for a run that found nothing (`slack-on-clean`); no mention: there is nothing to act on. */
export function buildAllClear(report: Report, options: DigestOptions = {}): SlackMessage {
  const noun = eventNoun(report);
  const { totals } = report;
  const headerText = `✅ Piwik PRO: no ${noun(2)}`;
  const incomplete = report.sites.filter((s) => !s.complete && !s.error);
  const intro = section(
    [
      `No ${noun(2)} on ${totals.sites} ${plural(totals.sites, 'site')} in the last ${windowMinutes(report)}.`,
      incomplete.length > 0
        ? `⚠️ ${incomplete.length} of them ${incomplete.length === 1 ? 'was' : 'were'} not scanned completely (capped by max-sessions): finding nothing there proves less.`
        : '',
    ],
    { verbatim: false },
    introFields(report, false),
  );
  const notices = noticesBlock(report);
  return finish(
    {
      text: fallbackText({}, `${headerText} on ${totals.sites} ${plural(totals.sites, 'site')}, last ${windowMinutes(report)}.`),
      blocks: [header(headerText), intro, ...(notices ? [notices] : []), footerBlock(report, options)],
      unfurl_links: false,
      unfurl_media: false,
    },
    report,
    options,
  );
}

/** A short message for a failed scan: which sites could not be checked, and why. */
export function buildFailureNotice(report: Report, options: DigestOptions = {}): SlackMessage {
  const noun = eventNoun(report);
  const { totals } = report;
  const failedSites = report.sites.filter((s) => s.error);
  const headerText = `❌ Piwik PRO: the monitor could not ${failedSites.length > 0 ? 'check every site' : 'finish its check'}`;
  const scope =
    failedSites.length > 0
      ? `could not check ${failedSites.length} of ${totals.sites} ${plural(totals.sites, 'site')}`
      : 'could not finish its check';
  const found =
    totals.events > 0
      ? `Where it could look, it found *${totals.events} ${noun(totals.events)}* in *${totals.groups} ${plural(totals.groups, 'group')}*: see the run.`
      : '';
  const intro = section([`${mentionPrefix(options)}The monitor ${scope} in the last ${windowMinutes(report)}.`, found], {
    verbatim: false,
  });

  const reasons = failureReasons(report);
  const shown = reasons.slice(0, 8);
  const lines = shown.map((r) => `• ${r}`);
  if (reasons.length > shown.length) lines.push(`…and ${reasons.length - shown.length} more: see the run.`);
  const details = section(lines.length > 0 ? lines : ['No reason was recorded: see the run.'], { verbatim: true });

  const firstSite = failedSites.at(0);
  const firstReason = shorten(firstSite?.error ?? report.errors.at(0) ?? 'no reason recorded', DIGEST_LIMITS.notice);
  const others = failedSites.length > 1 ? ` (and ${failedSites.length - 1} more ${plural(failedSites.length - 1, 'site')})` : '';
  const textLine = `❌ Piwik PRO: the monitor ${firstSite ? `could not check site ${firstSite.siteId}${others}` : 'could not finish its check'}: ${firstReason}`;
  return finish(
    {
      text: fallbackText(options, textLine, true),
      blocks: [header(headerText), intro, details, footerBlock(report, options)],
      unfurl_links: false,
      unfurl_media: false,
    },
    report,
    options,
  );
}

// ---------------------------------------------------------------------------
// Parts

function eventNoun(report: Report): (n: number) => string {
  const broken = report.eventTypes.length === 1 && report.eventTypes[0]?.id === BROKEN_EVENT;
  const word = broken ? 'broken event' : 'matching event';
  return (n) => plural(n, word);
}

function windowMinutes(report: Report): string {
  return `${report.window.minutes} ${plural(report.window.minutes, 'minute')}`;
}

function mentionPrefix(options: DigestOptions): string {
  const mention = options.mention?.trim();
  return mention ? `${truncate(mention, DIGEST_LIMITS.mention)} ` : '';
}

/** Sites, window and types as fields (payload-free, but escaped all the same). */
function introFields(report: Report, withStates: boolean): MrkdwnElement[] {
  const sites = report.sites.map((s) => s.siteId);
  const shownSites = sites.slice(0, DIGEST_LIMITS.sites).map((id) => codeSpan(id, 60));
  const moreSites = sites.length - shownSites.length;
  const fields = [
    `*${plural(sites.length, 'Site')}*\n${shownSites.join('\n') || '_none_'}${moreSites > 0 ? `\n+${moreSites} more` : ''}`,
    `*Window (UTC)*\n${timeText(report.window.from)} – ${timeText(report.window.to)}`,
    `*Event types*\n${inert(report.eventTypes.map((t) => t.label).join(', ') || 'none', 300)}`,
  ];
  if (withStates) {
    const counts = (['new', 'regressed', 'ongoing'] as const)
      .map((state) => [state, report.groups.filter((g) => g.state === state).length] as const)
      .filter(([, n]) => n > 0);
    if (counts.length > 0) fields.push(`*Groups*\n${counts.map(([state, n]) => `${n} ${state}`).join(' · ')}`);
    const alerting = report.alerting;
    if (alerting?.cut) {
      fields.push(
        `*New since ${inert(alerting.cutSource, 100)}*\n${alerting.newEvents} ${plural(alerting.newEvents, 'event')} (cut ${timeText(alerting.cut)} UTC)`,
      );
    }
  }
  return fields.map((text) => mrkdwn(text, true));
}

/** Errors and warnings of the run: our words, but they may quote a server, so escaped. */
function noticesBlock(report: Report): ContextBlock | undefined {
  const errors = report.errors.slice(0, DIGEST_LIMITS.notices).map((e) => `❌ ${inert(e, DIGEST_LIMITS.notice)}`);
  const warnings = report.warnings.slice(0, DIGEST_LIMITS.notices).map((w) => `⚠️ ${inert(w, DIGEST_LIMITS.notice)}`);
  const hidden = report.errors.length + report.warnings.length - errors.length - warnings.length;
  const elements = [...errors, ...warnings, ...(hidden > 0 ? [`+${hidden} more in the run summary`] : [])];
  if (elements.length === 0) return undefined;
  return { type: 'context', elements: elements.map((text) => mrkdwn(text, true)) };
}

/** "+N more groups": points to the run, where the job summary lists every group. */
function moreLine(hidden: readonly Group[], runUrl: string | undefined): SectionBlock {
  const events = hidden.reduce((n, g) => n + g.count, 0);
  const where = (runUrl && link(runUrl, 'run summary')) ?? undefined;
  const pointer = where ? `the ${where} lists them all.` : 'the job summary of this run lists them all.';
  return section(
    [`*+${hidden.length} more ${plural(hidden.length, 'group')}* (${events} ${plural(events, 'event')}) not shown here: ${pointer}`],
    { verbatim: true },
  );
}

/** The run link, GitHub issues touched in this run, and the tool's version. */
function footerBlock(report: Report, options: DigestOptions): ContextBlock {
  const elements: string[] = [];
  const run = runUrlOf(report, options);
  const runLink = run ? link(run, 'Workflow run') : undefined;
  if (runLink) elements.push(`🔗 ${runLink}`);
  const issues = [...new Set(options.issueUrls ?? [])];
  // Whole links only, never one cut in half: added while they fit.
  const links: string[] = [];
  let length = 0;
  for (const url of issues) {
    const l = link(url, issueLabel(url));
    if (l === undefined) continue;
    if (links.length >= DIGEST_LIMITS.issueLinks || length + l.length + 2 > DIGEST_LIMITS.issueLinksChars) break;
    links.push(l);
    length += l.length + 2;
  }
  if (links.length > 0) {
    const more = issues.length - links.length;
    elements.push(`📋 GitHub ${plural(issues.length, 'issue')}: ${links.join(', ')}${more > 0 ? ` +${more} more` : ''}`);
  }
  elements.push(inert(`${report.tool.name} ${report.tool.version}`, 100));
  return { type: 'context', elements: elements.map((text) => mrkdwn(text, true)) };
}

function issueLabel(url: string): string {
  const number = /\/(?:issues|pull)\/(\d+)\/?$/.exec(url)?.[1];
  return number ? `#${number}` : 'issue';
}

function runUrlOf(report: Report, options: DigestOptions): string | undefined {
  return options.runUrl ?? report.run.url;
}

/** Alerting groups first (order kept: largest first), then those that do not alert in this run. */
function orderForAlerting(groups: readonly Group[]): Group[] {
  return [...groups.filter((g) => g.alert !== false), ...groups.filter((g) => g.alert === false)];
}

/** The run's errors: each names its sites already (src/report/report.ts), so they are shown as they are. */
function failureReasons(report: Report): string[] {
  return report.errors.map((error) => inert(error, DIGEST_LIMITS.notice));
}

function largest(group: Group | undefined): string {
  if (!group) return '';
  return ` Largest: ${group.count} × ${group.eventTypeLabel}: ${shorten(group.message || '(no message)', 200)}`;
}

/**
 * The notification text. Slack processes it without `verbatim`, so it is
 * escaped and de-linked throughout; only the mention goes in as given.
 */
function fallbackText(options: DigestOptions, line: string, withMention = true): string {
  const mention = withMention ? mentionPrefix(options) : '';
  return truncate(`${mention}${inert(line, DIGEST_LIMITS.fallbackText)}`, DIGEST_LIMITS.fallbackText);
}

// ---------------------------------------------------------------------------
// The last check

/**
 * Cuts whatever is still over a limit (it should not be: every part has its
 * budget), and falls back to a minimal message when the result still breaks
 * one, so a bug here can never make Slack refuse the post.
 */
function finish(message: SlackMessage, report: Report, options: DigestOptions): SlackMessage {
  const clamped = clampMessage(message, 'Piwik PRO broken-event monitor');
  if (slackLimitViolations(clamped).length === 0) return clamped;
  return minimalMessage(report, options);
}

function minimalMessage(report: Report, options: DigestOptions): SlackMessage {
  const run = runUrlOf(report, options);
  const runLink = run ? link(run, 'the workflow run') : undefined;
  const line = `Piwik PRO: ${report.totals.events} matching events in ${report.totals.groups} groups; status ${report.status}.`;
  return {
    text: fallbackText(options, line),
    blocks: [
      section(
        [
          `${mentionPrefix(options)}${escapeMrkdwn(line)}`,
          `The details did not fit in a Slack message: see ${runLink ?? 'the job summary of this run'}.`,
        ],
        {
          verbatim: false,
        },
      ),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
