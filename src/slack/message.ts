import type { ContextBlock, DividerBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { BROKEN_EVENT } from '../piwik/event-types.js';
import { shorten } from '../render/markdown.js';
import { formatRawRequest } from '../render/raw-request.js';
import type { Report } from '../report/report.js';
import { plural, shortTime } from '../report/summary.js';
import type { Group, GroupState } from '../types.js';
import { cleanText, codeBlock, codeSpan, escapeMrkdwn, inert, link, truncate } from './mrkdwn.js';

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

/**
 * Slack's limits. `text`: the API advises at most 4,000 characters.
 * `blockTextTotal`: Slack also refuses (`msg_blocks_too_long`) messages whose
 * blocks hold too much text altogether: undocumented, seen at about 12,000
 * characters, so we stay well below.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  fields: 10,
  fieldText: 2_000,
  contextElements: 10,
  contextText: 2_000,
  text: 3_999,
  blockTextTotal: 10_000,
} as const;

/** What the digest shows, within Slack's limits. Lengths are in characters, after escaping. */
export const DIGEST_LIMITS = {
  /** Groups with their own section; the rest are counted in "+N more groups". */
  groups: 10,
  /** All block text together: groups are added while they fit. */
  textBudget: 9_000,
  mention: 500,
  message: 300,
  diagnosis: 300,
  sampleUrls: 2,
  sampleUrl: 150,
  tagValue: 60,
  /** The raw-request code block, fences included. */
  sample: 600,
  sites: 5,
  notices: 3,
  notice: 300,
  issueLinks: 10,
  issueUrl: 300,
  issueLinksChars: 1_500,
  fallbackText: 3_000,
} as const;

type Mrkdwn = MrkdwnElement;

const STATE_BADGES: Record<GroupState, string> = {
  new: '🆕 *NEW*',
  ongoing: '🔁 *ONGOING*',
  regressed: '🔴 *REGRESSED*',
};

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

  const firstSite = failedSites[0];
  const firstReason = shorten(firstSite?.error ?? report.errors[0] ?? 'no reason recorded', DIGEST_LIMITS.notice);
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

/** A time from the report (ISO-8601 UTC), short; bounded and escaped whatever it holds. */
function time(iso: string): string {
  return inert(shortTime(iso), 40);
}

function windowMinutes(report: Report): string {
  return `${report.window.minutes} ${plural(report.window.minutes, 'minute')}`;
}

function mentionPrefix(options: DigestOptions): string {
  const mention = options.mention?.trim();
  return mention ? `${truncate(mention, DIGEST_LIMITS.mention)} ` : '';
}

/** Sites, window and types as fields (payload-free, but escaped all the same). */
function introFields(report: Report, withStates: boolean): Mrkdwn[] {
  const sites = report.sites.map((s) => s.siteId);
  const shownSites = sites.slice(0, DIGEST_LIMITS.sites).map((id) => codeSpan(id, 60));
  const moreSites = sites.length - shownSites.length;
  const fields = [
    `*${plural(sites.length, 'Site')}*\n${shownSites.join('\n') || '_none_'}${moreSites > 0 ? `\n+${moreSites} more` : ''}`,
    `*Window (UTC)*\n${time(report.window.from)} – ${time(report.window.to)}`,
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
        `*New since ${inert(alerting.cutSource, 100)}*\n${alerting.newEvents} ${plural(alerting.newEvents, 'event')} (cut ${time(alerting.cut)} UTC)`,
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

/** One group: badges and counts, the message, times, diagnosis, tag, sample URLs, issue, raw request. */
function groupSection(group: Group, multiSite: boolean): SectionBlock {
  const badges = [group.state ? STATE_BADGES[group.state] : '', silenceBadge(group)].filter((b) => b !== '').join(' ');
  const newCount = group.newCount !== undefined && group.newCount !== group.count ? ` (${group.newCount} new)` : '';
  const title = [
    `${badges ? `${badges} · ` : ''}*${inert(group.eventTypeLabel || 'Unknown event type', 60)}*`,
    `*${group.count} ${plural(group.count, 'event')}*${newCount} in ${group.sessionCount} ${plural(group.sessionCount, 'session')}`,
    ...(multiSite ? [`site ${codeSpan(group.siteId, 60)}`] : []),
  ].join(' · ');

  const message = group.message ? codeSpan(group.message, DIGEST_LIMITS.message) : '_(no message)_';
  const times = `First seen ${time(group.firstSeen)} · last seen ${time(group.lastSeen)} UTC · fingerprint ${codeSpan(group.fingerprint, 40)}`;
  const diagnosis = group.diagnosis?.summary ? `🔎 ${inert(group.diagnosis.summary, DIGEST_LIMITS.diagnosis)}` : '';
  const tag = tagLine(group);
  const urls = group.sampleUrls.slice(0, DIGEST_LIMITS.sampleUrls).map((u) => codeSpan(u, DIGEST_LIMITS.sampleUrl));
  const urlLine = urls.length > 0 ? `${plural(urls.length, 'Page')}: ${urls.join(' · ')}` : '';
  const issue = issueLine(group);
  const sample = group.sampleRequests[0];
  const raw = sample ? codeBlock(formatRawRequest(sample, 120), DIGEST_LIMITS.sample) : '_No raw request available._';

  return section([title, message, times, diagnosis, tag, urlLine, issue, raw], { verbatim: true });
}

function silenceBadge(group: Group): string {
  if (group.silenced) {
    const until = group.silenced.until ? ` until ${time(group.silenced.until)}` : '';
    return `🔕 silenced by ${codeSpan(group.silenced.rule, 100)}${until}`;
  }
  return group.alert === false ? '🔕 no alert' : '';
}

function tagLine(group: Group): string {
  const c = group.sampleContext;
  const parts: Array<[string, string | undefined]> = [
    ['category', c.customEventCategory],
    ['action', c.customEventAction],
    ['name', c.customEventName],
    ['goal', c.goalId],
    ['page title', c.title],
  ];
  const shown = parts.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k} ${codeSpan(v ?? '', DIGEST_LIMITS.tagValue)}`);
  return shown.length > 0 ? `Tag: ${shown.join(' · ')}` : '';
}

function issueLine(group: Group): string {
  if (!group.issue) return '';
  const label = `#${group.issue.number}`;
  const target = link(group.issue.url, label, DIGEST_LIMITS.issueUrl) ?? escapeMrkdwn(label);
  return `Issue ${target} (${inert(group.issue.action, 20)})`;
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

/** Why each site failed, sites with the same reason together; then errors that name no site. */
function failureReasons(report: Report): string[] {
  const bySite = new Map<string, string[]>();
  for (const site of report.sites) {
    if (!site.error) continue;
    bySite.set(site.error, [...(bySite.get(site.error) ?? []), site.siteId]);
  }
  const lines = [...bySite.entries()].map(([reason, ids]) => {
    const shown = ids.slice(0, DIGEST_LIMITS.sites).map((id) => codeSpan(id, 60));
    const more = ids.length > shown.length ? ` +${ids.length - shown.length} more` : '';
    return `Could not check ${plural(ids.length, 'site')} ${shown.join(', ')}${more}: ${inert(reason, DIGEST_LIMITS.notice)}`;
  });
  for (const error of report.errors) if (!bySite.has(error)) lines.push(inert(error, DIGEST_LIMITS.notice));
  return lines;
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
// Blocks

function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(cleanText(text), SLACK_LIMITS.headerText) || 'Piwik PRO', emoji: true },
  };
}

function divider(): DividerBlock {
  return { type: 'divider' };
}

function mrkdwn(text: string, verbatim: boolean): Mrkdwn {
  return { type: 'mrkdwn', text: text.trim() === '' ? '…' : text, verbatim };
}

/**
 * A section from lines (empty ones dropped). The text is at most 3,000
 * characters: the last lines (the code sample) are dropped first, whole, and
 * only a single over-long line is cut.
 */
function section(lines: readonly string[], opts: { verbatim: boolean }, fields?: Mrkdwn[]): SectionBlock {
  const kept = lines.filter((l) => l !== '');
  let text = kept.join('\n');
  while (text.length > SLACK_LIMITS.sectionText && kept.length > 1) {
    kept.pop();
    text = `${kept.join('\n')}\n…`;
  }
  const block: SectionBlock = { type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText), opts.verbatim) };
  if (fields && fields.length > 0) {
    block.fields = fields.slice(0, SLACK_LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, SLACK_LIMITS.fieldText) }));
  }
  return block;
}

// ---------------------------------------------------------------------------
// Limits, checked again on the finished message

/** Every text string in the blocks, summed: what Slack's cumulative limit counts. */
export function blockText(blocks: readonly KnownBlock[]): number {
  let total = 0;
  for (const block of blocks) for (const text of textsOf(block)) total += text.length;
  return total;
}

function textsOf(block: KnownBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.map((e) => ('text' in e && typeof e.text === 'string' ? e.text : ''));
    default:
      return [];
  }
}

/** What in a message breaks one of Slack's limits; empty when it is fine to send. */
export function slackLimitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  const { blocks } = message;
  if (typeof message.text !== 'string' || message.text.trim() === '') problems.push('text is empty');
  else if (message.text.length > SLACK_LIMITS.text) problems.push(`text has ${message.text.length} characters (max ${SLACK_LIMITS.text})`);
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`${blocks.length} blocks (max ${SLACK_LIMITS.blocks})`);
  const total = blockText(blocks);
  if (total > SLACK_LIMITS.blockTextTotal) problems.push(`blocks hold ${total} characters of text (max ${SLACK_LIMITS.blockTextTotal})`);
  blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    const check = (text: string | undefined, max: number, where: string): void => {
      if (typeof text !== 'string' || text.length === 0) problems.push(`${where} is empty`);
      else if (text.length > max) problems.push(`${where} has ${text.length} characters (max ${max})`);
    };
    if (block.type === 'header') check(block.text.text, SLACK_LIMITS.headerText, `${at}.text`);
    else if (block.type === 'section') {
      if (!block.text && !block.fields?.length) problems.push(`${at} has neither text nor fields`);
      if (block.text) check(block.text.text, SLACK_LIMITS.sectionText, `${at}.text`);
      if (block.fields && block.fields.length > SLACK_LIMITS.fields)
        problems.push(`${at} has ${block.fields.length} fields (max ${SLACK_LIMITS.fields})`);
      block.fields?.forEach((f, j) => {
        check(f.text, SLACK_LIMITS.fieldText, `${at}.fields[${j}]`);
      });
    } else if (block.type === 'context') {
      if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) {
        problems.push(`${at} has ${block.elements.length} elements (1 to ${SLACK_LIMITS.contextElements})`);
      }
      block.elements.forEach((e, j) => {
        check('text' in e && typeof e.text === 'string' ? e.text : undefined, SLACK_LIMITS.contextText, `${at}.elements[${j}]`);
      });
    } else if (block.type !== 'divider') problems.push(`${at} is a ${block.type} block, which the digest never uses`);
  });
  return problems;
}

/**
 * The last check: cuts whatever is still over a limit (it should not be:
 * every part has its budget), and falls back to a minimal message when the
 * result still breaks one, so a bug here can never make Slack refuse the post.
 */
function finish(message: SlackMessage, report: Report, options: DigestOptions): SlackMessage {
  const clamped: SlackMessage = {
    ...message,
    text: truncate(message.text, SLACK_LIMITS.text) || 'Piwik PRO broken-event monitor',
    blocks: clampBlocks(message.blocks),
  };
  if (slackLimitViolations(clamped).length === 0) return clamped;
  return minimalMessage(report, options);
}

function clampBlocks(blocks: readonly KnownBlock[]): KnownBlock[] {
  const kept = blocks.length > SLACK_LIMITS.blocks ? [...blocks.slice(0, SLACK_LIMITS.blocks - 1), blocks[blocks.length - 1]] : [...blocks];
  return kept.map((block): KnownBlock => {
    if (block.type === 'header') return { ...block, text: { ...block.text, text: truncate(block.text.text, SLACK_LIMITS.headerText) } };
    if (block.type === 'section') {
      const out: SectionBlock = { ...block };
      if (block.text) out.text = { ...block.text, text: truncate(block.text.text, SLACK_LIMITS.sectionText) };
      if (block.fields)
        out.fields = block.fields.slice(0, SLACK_LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, SLACK_LIMITS.fieldText) }));
      return out;
    }
    if (block.type === 'context') {
      return {
        ...block,
        elements: block.elements
          .slice(0, SLACK_LIMITS.contextElements)
          .map((e) => ('text' in e && typeof e.text === 'string' ? { ...e, text: truncate(e.text, SLACK_LIMITS.contextText) } : e)),
      };
    }
    return block;
  });
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
