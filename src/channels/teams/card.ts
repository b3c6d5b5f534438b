import { plural } from '../../text/plural.js';
import { quotedParts, unlinked } from '../text.js';
import type { AlertView, GroupView, KnownListView, KnownView, NoticeView, VolumeView } from '../view.js';
import {
  envelope,
  line,
  openUrl,
  run,
  type AdaptiveCard,
  type CardElement,
  type Container,
  type TeamsMessage,
  type TextRun,
} from './elements.js';

/**
 * The Teams message: one Adaptive Card (1.5) leading with the change, like
 * the Slack digest: a header that names it, the totals and any failure, a
 * compact container per alerting group (badge, message, counts, site, since,
 * likely cause and fix, the offending parameter as sent, the issue link), the
 * "still happening" lines, the silenced groups counted, and the run link.
 *
 * A Teams Workflows webhook refuses a request body over about 28 KB: groups
 * go in in full while the body stays within TEAMS_MAX_BYTES, and the rest are
 * counted in one line that points to the run.
 */
export const TEAMS_MAX_BYTES = 27_000;

/** Untrusted text in a run: inert already (a TextRun is no Markdown); URLs and @names also kept from auto-linking. */
const inert = unlinked;

export function teamsCard(view: NoticeView): TeamsMessage {
  const head: CardElement[] = [
    line([run(inert(view.headline), { size: 'Large', weight: 'Bolder' })]),
    ...view.lines.map((text) => line([run(inert(text))], 'Small')),
  ];
  const tail = [...view.known.map(knownBlock), ...silencedLine(view), line([run(view.tool, { isSubtle: true, size: 'Small' })])];
  const groups: Container[] = [];
  for (const group of view.alerting) {
    const next = [...groups, alertContainer(group)];
    const more = moreLine(view, view.alerting.slice(next.length));
    if (byteSize(cardOf(view, [...head, ...next, ...more, ...tail])) > TEAMS_MAX_BYTES) break;
    groups.push(alertContainer(group));
  }
  const message = cardOf(view, [...head, ...groups, ...moreLine(view, view.alerting.slice(groups.length)), ...tail]);
  // Fixed parts that still do not fit (they are bounded; this is the last line of defence): the headline and the run link.
  return byteSize(message) <= TEAMS_MAX_BYTES
    ? message
    : cardOf(view, [head[0] ?? line([run('Piwik PRO')]), ...moreLine(view, view.alerting)]);
}

function cardOf(view: NoticeView, body: readonly CardElement[]): TeamsMessage {
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(view.runUrl ? { actions: [openUrl(view.runUrl, 'Workflow run (job summary)')] } : {}),
    msteams: { width: 'Full' },
  };
  return envelope(card);
}

export function byteSize(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

function alertContainer(group: AlertView): Container {
  return box(group, group.kind === 'volume' ? volumeItems(group) : groupItems(group));
}

function urgent(group: AlertView): boolean {
  return group.change === 'new' || group.change === 'back';
}

function badgeRun(group: AlertView): TextRun {
  return run(`${group.emoji} ${group.badge}`, { weight: 'Bolder', color: urgent(group) ? 'Attention' : 'Warning' });
}

function groupItems(group: GroupView): CardElement[] {
  return [
    line([badgeRun(group), run('  '), run(inert(group.message), { fontType: 'Monospace' })]),
    line([run(inert(`${group.counts} · ${group.site} · since ${group.since}`), { isSubtle: true })], 'None'),
    ...(group.cause ? [line([run('🔎 '), ...quoted(group.cause)], 'Small')] : []),
    ...(group.fix ? [line([run('🔧 '), ...quoted(group.fix)], 'Small')] : []),
    ...(group.page !== undefined ? [line([run('Page: '), run(inert(group.page), { fontType: 'Monospace' })], 'Small')] : []),
    ...(group.sent.length > 0 ? [line([run('Sent: '), run(inert(group.sent.join(' · ')), { fontType: 'Monospace' })], 'Small')] : []),
    ...issueLine(group),
  ];
}

/** A SILENT or DROP group: the badge and headline, the last page view, what to check, the chart of page views, the issue. */
function volumeItems(group: VolumeView): CardElement[] {
  const { chart } = group;
  return [
    line([badgeRun(group), run('  '), run(inert(group.headline), { weight: 'Bolder' })]),
    line([run(group.lastPageView, { isSubtle: true })], 'None'),
    line([run(`🔧 ${group.whatToCheck}`)], 'Small'),
    line(
      chart.url
        ? [run('📈 Chart: '), run(chart.text, { color: 'Accent', selectAction: openUrl(chart.url, chart.text) })]
        : [run(`📈 ${chart.text}`)],
      'Small',
    ),
    ...issueLine(group),
  ];
}

function issueLine(group: AlertView): CardElement[] {
  const { issue } = group;
  return issue ? [line([run(issue.label, { color: 'Accent', selectAction: openUrl(issue.url, issue.label) })], 'Small')] : [];
}

function box(group: AlertView, items: readonly CardElement[]): Container {
  return { type: 'Container', items, separator: true, spacing: 'Medium', style: urgent(group) ? 'attention' : 'warning' };
}

/** A diagnosis sentence: its quoted values in monospace, as the Slack digest shows them as code. */
function quoted(text: string): TextRun[] {
  return quotedParts(text).map((part) => run(inert(part.text), part.code ? { fontType: 'Monospace' } : {}));
}

/** Alerting groups not shown in full (cut for size here, or past the view's limit): counted, pointing to the run. */
function moreLine(view: NoticeView, hidden: readonly AlertView[]): CardElement[] {
  const groups = hidden.length + view.alertingMore.groups;
  if (groups === 0) return [];
  const events = hidden.reduce((n, g) => n + g.count, 0) + view.alertingMore.events;
  return [
    line([
      run(`+${groups} more alerting ${plural(groups, 'group')}`, { weight: 'Bolder' }),
      run(` (${events} ${plural(events, 'event')}): the run summary shows them.`),
    ]),
  ];
}

/** Each known list under its heading, as the Slack digest has them. */
function knownBlock(list: KnownListView): Container {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      line([run(list.title, { weight: 'Bolder' }), run(list.rest)]),
      ...list.items.map((k) => line([run('• '), ...knownRuns(k)], 'None')),
      ...(list.more !== '' ? [line([run(list.more)], 'None')] : []),
    ],
  };
}

function knownRuns(k: KnownView): TextRun[] {
  if (k.kind === 'volume') return [run(inert(k.headline))];
  return [run(inert(k.message), { fontType: 'Monospace' }), run(inert(` · ${k.counts} · ${k.site}`))];
}

function silencedLine(view: NoticeView): CardElement[] {
  const { groups, events } = view.silenced;
  if (groups === 0) return [];
  return [line([run(`🔕 ${groups} silenced ${plural(groups, 'group')}, ${events} ${plural(events, 'event')}`, { isSubtle: true })])];
}
