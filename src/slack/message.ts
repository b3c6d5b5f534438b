import type { ContextBlock, SectionBlock } from '@slack/types';
import { shorten } from '../text/shorten.js';
import { attentionOf, changeLead, changeOf, eventNoun, failurePhrase, problemName, totalsLine } from '../report/attention.js';
import type { Report } from '../report/report.js';
import type { OptionNames } from '../text/option-names.js';
import { siteStatus, siteStatusText } from '../report/site-status.js';
import type { Group, SiteResult } from '../types.js';
import { divider, header, mrkdwn, section, type MessageBlock } from './blocks.js';
import { alertSection } from './group-section.js';
import { cappedLine, knownBlock } from './group-lists.js';
import { blockText, clampMessage, DIGEST_LIMITS, slackLimitViolations } from './limits.js';
import { escapeMrkdwn, inert, inertPlain, link, truncate } from './mrkdwn.js';
import { plural } from '../text/plural.js';
import { afterPublishSlack } from './tagmanager.js';
import { volumeAllClearLines } from './volume.js';

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
  /** How a setting is named (the action's inputs, or the CLI's flags); the action's by default. */
  readonly names?: OptionNames;
}

/** A webhook message as Slack takes it; its blocks typed by @slack/types. */
export interface SlackMessage {
  text: string;
  blocks: MessageBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

// ---------------------------------------------------------------------------
// The three messages

/**
 * The digest for a run that alerts, leading with the change: a header that
 * names it, the totals and any failure second, a compact block per alerting
 * group, one line per known group still happening (capped), the silenced
 * ones only counted, and the run link. It fits a phone screen or two.
 */
export function buildDigest(report: Report, options: DigestOptions = {}): SlackMessage {
  const attention = attentionOf(report);
  const runUrl = runUrlOf(report, options);
  const headline = headlineText(report);
  const failure = failurePhrase(report);
  const intro = section(
    [
      `${mentionPrefix(options)}${escapeMrkdwn(totalsLine(report))}; ${sitesScanned(report)}.`,
      ...report.errors.slice(0, DIGEST_LIMITS.notices).map((e) => `❌ ${inert(e, DIGEST_LIMITS.notice)}`),
      warningLine(report),
      ...afterPublishSlack(report.sites, (n) => eventNoun(report, n), DIGEST_LIMITS.notice),
    ],
    { verbatim: true },
  );
  const footer = footerBlock(report, options);
  // The headline quotes the payload (a message, a site name): escaped like every other text, so nothing in it can look like a sequence.
  const fixed: MessageBlock[] = [header(escapeMrkdwn(headline)), intro, divider()];
  const tail = [...knownBlock(report, attention.stillHappening), ...silencedBlock(attention.silenced)];

  // Groups past max-open-issues are only counted: a flood of new groups must not flood the channel either.
  const listable = attention.alerting.filter((g) => !g.pastIssueCap);
  const capped = attention.alerting.filter((g) => g.pastIssueCap);
  // Alerting groups in full while they fit the budget; the rest of them as one line each.
  const moreReserve = blockText([moreLine(attention.alerting, runUrl), ...cappedLine(capped)]);
  let budget = DIGEST_LIMITS.textBudget - blockText([...fixed, ...tail, footer]) - moreReserve;
  const sections: SectionBlock[] = [];
  for (const group of listable) {
    if (sections.length >= DIGEST_LIMITS.groups) break;
    const block = alertSection(group, report);
    const size = blockText([block]);
    if (size > budget) break;
    budget -= size;
    sections.push(block);
  }
  const hidden = listable.slice(sections.length);
  const more = [...(hidden.length > 0 ? [moreLine(hidden, runUrl)] : []), ...cappedLine(capped)];
  const first = attention.alerting.at(0);
  const subject = attention.alerting.length > 1 && first ? `: ${problemName(first, 100)} and ${attention.alerting.length - 1} more` : '';
  const textLine = [`${headline}${subject}`, failure, totalsLine(report)].filter(Boolean).join(' · ');
  return finish(
    {
      text: fallbackText(options, textLine),
      blocks: [...fixed, ...sections, ...more, ...(tail.length > 0 ? [divider(), ...tail] : []), footer],
      unfurl_links: false,
      unfurl_media: false,
    },
    report,
    options,
  );
}

/** "🆕 1 new problem on ACME Shop: Invalid custom event value (e_v)": the change, plain text (header and notification). */
export function headlineText(report: Report): string {
  const lead = changeLead(report) ?? `${report.totals.groups} ${plural(report.totals.groups, 'problem')}`;
  const alerting = attentionOf(report).alerting;
  const only = alerting.length === 1 ? alerting.at(0) : undefined;
  const changes = new Set(alerting.map((g) => changeOf(g, report.alerting?.notify)));
  const emoji = report.status === 'failed' ? '❌' : changes.has('back') ? '🔴' : changes.has('new') ? '🆕' : '⚠️';
  return `${emoji} ${capitalise(lead)}${only ? `: ${problemName(only, 100)}` : ''}`;
}

/** Silenced groups are only counted: silencing is how a known problem leaves the channel. */
function silencedBlock(silenced: readonly Group[]): ContextBlock[] {
  if (silenced.length === 0) return [];
  const events = silenced.reduce((n, g) => n + g.count, 0);
  return [
    {
      type: 'context',
      elements: [mrkdwn(`🔕 ${silenced.length} silenced ${plural(silenced.length, 'group')}, ${events} ${plural(events, 'event')}`, true)],
    },
  ];
}

/** The first warning (degraded but working) and how many more: the summary has them all. */
function warningLine(report: Report): string {
  const first = report.warnings.at(0);
  if (first === undefined) return '';
  const rest = report.warnings.length - 1;
  return `⚠️ ${inert(first, DIGEST_LIMITS.notice)}${rest > 0 ? ` (+${rest} more in the run summary)` : ''}`;
}

/** Why sites without an error were not scanned completely, in our own words: the cap, or lines that could not be read. */
function incompleteWhy(sites: readonly SiteResult[], names: OptionNames | undefined): string {
  const why = new Set(sites.map((s) => (siteStatus(s) === 'capped' ? siteStatusText(s, names) : 'lines of the answer could not be read')));
  return [...why].join('; ');
}

/** A short message for a run that found nothing (`slack-on-clean`); no mention: there is nothing to act on. */
export function buildAllClear(report: Report, options: DigestOptions = {}): SlackMessage {
  const { totals } = report;
  const headerText = `✅ Piwik PRO: no ${eventNoun(report, 2)}`;
  const incomplete = report.sites.filter((s) => siteStatus(s) === 'capped' || siteStatus(s) === 'unreadable');
  // Clean sites are never listed: at 600 sites the count says it all.
  const intro = section(
    [
      `No ${eventNoun(report, 2)} in the last ${windowMinutes(report)}; ${sitesScanned(report)}.`,
      incomplete.length > 0
        ? `⚠️ ${incomplete.length} of them ${incomplete.length === 1 ? 'was' : 'were'} not scanned completely (${incompleteWhy(incomplete, options.names)}): finding nothing there proves less.`
        : '',
      ...afterPublishSlack(report.sites, (n) => eventNoun(report, n), DIGEST_LIMITS.notice),
      ...volumeAllClearLines(report),
    ],
    { verbatim: true },
  );
  return finish(
    {
      text: fallbackText({}, `${headerText} on ${totals.sites} ${plural(totals.sites, 'site')}, last ${windowMinutes(report)}.`),
      blocks: [header(headerText), intro, footerBlock(report, options)],
      unfurl_links: false,
      unfurl_media: false,
    },
    report,
    options,
  );
}

/** A short message for a failed scan: which sites could not be checked and why, each error once (it names its sites). */
export function buildFailureNotice(report: Report, options: DigestOptions = {}): SlackMessage {
  const { totals } = report;
  const phrase = failurePhrase(report) ?? 'the check did not finish';
  const headerText = `❌ Piwik PRO ${phrase}`;
  const found =
    totals.events > 0
      ? `Where it could look, it found *${totals.events} ${eventNoun(report, totals.events)}* in *${totals.groups} ${plural(totals.groups, 'group')}*: see the run.`
      : '';
  const intro = section([`${mentionPrefix(options)}The monitor ${phrase} in the last ${windowMinutes(report)}.`, found], {
    verbatim: true,
  });
  const shown = report.errors.slice(0, 8);
  const lines = shown.map((e) => `• ${inert(e, DIGEST_LIMITS.notice)}`);
  if (report.errors.length > shown.length) lines.push(`…and ${report.errors.length - shown.length} more: see the run.`);
  const details = section(lines.length > 0 ? lines : ['No reason was recorded: see the run.'], { verbatim: true });
  const first = report.errors.at(0) ?? 'no reason recorded';
  const others = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more)` : '';
  return finish(
    {
      text: fallbackText(options, `❌ Piwik PRO: ${shorten(first, DIGEST_LIMITS.notice)}${others}`),
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

/** "600 sites scanned", and the shard when the run was one: what a reader needs to trust a quiet channel. */
function sitesScanned(report: Report): string {
  const n = report.totals.sites;
  const shard = report.settings.sites?.shard;
  return `${n} ${plural(n, 'site')} scanned${shard ? ` (shard ${shard})` : ''}`;
}

function windowMinutes(report: Report): string {
  return `${report.window.minutes} ${plural(report.window.minutes, 'minute')}`;
}

function mentionPrefix(options: DigestOptions): string {
  const mention = options.mention?.trim();
  return mention ? `${truncate(mention, DIGEST_LIMITS.mention)} ` : '';
}

/** "+N more groups": points to the run, where the job summary lists every group. */
function moreLine(hidden: readonly Group[], runUrl: string | undefined): SectionBlock {
  const events = hidden.reduce((n, g) => n + g.count, 0);
  const where = (runUrl && link(runUrl, 'run summary')) ?? undefined;
  const pointer = where ? `the ${where} shows them.` : 'the job summary of this run shows them.';
  return section(
    [`*+${hidden.length} more alerting ${plural(hidden.length, 'group')}* (${events} ${plural(events, 'event')}): ${pointer}`],
    { verbatim: true },
  );
}

/** The run link and the tool's version (each group carries its own issue link). */
function footerBlock(report: Report, options: DigestOptions): ContextBlock {
  const elements: string[] = [];
  const run = runUrlOf(report, options);
  const runLink = run ? link(run, 'Workflow run (job summary)') : undefined;
  if (runLink) elements.push(`🔗 ${runLink}`);
  elements.push(inert(`${report.tool.name} ${report.tool.version}`, 100));
  return { type: 'context', elements: elements.map((text) => mrkdwn(text, true)) };
}

function runUrlOf(report: Report, options: DigestOptions): string | undefined {
  return options.runUrl ?? report.run.url;
}

/**
 * The notification text. Slack processes it without `verbatim`, so it is
 * escaped and de-linked throughout; only the mention goes in as given.
 */
function fallbackText(options: DigestOptions, line: string): string {
  return truncate(`${mentionPrefix(options)}${inertPlain(line, DIGEST_LIMITS.fallbackText)}`, DIGEST_LIMITS.fallbackText);
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
