import { escapeHtml } from '../../render/markdown.js';
import { plural } from '../../text/plural.js';
import { quotedParts, unlinked } from '../text.js';
import type { AlertView, GroupView, KnownListView, KnownView, NoticeView, VolumeView } from '../view.js';
import { volumeLines } from '../volume-view.js';

/**
 * The e-mail: the same content as the digest, as multipart/alternative with
 * a plain-text part and an HTML part, and a subject that names the change.
 * Every untrusted text is HTML-escaped in the HTML part and kept from
 * auto-linking in both (a zero-width space after `://`, `www.` and `@`); the
 * only links are ours (the run, the issues).
 */
export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function emailMessage(view: NoticeView): EmailMessage {
  return { subject: view.subject, text: textPart(view), html: htmlPart(view) };
}

/** Untrusted text for the text part. */
const plain = unlinked;

/** Untrusted text for the HTML part. */
function html(text: string): string {
  return escapeHtml(unlinked(text)).replace(/'/g, '&#39;');
}

function textPart(view: NoticeView): string {
  const out = [plain(view.headline), '', ...view.lines.map(plain), ''];
  for (const g of view.alerting) out.push(...groupText(g), '');
  if (view.alertingMore.groups > 0) out.push(moreText(view), '');
  for (const list of view.known) {
    out.push(`${list.title}${list.rest}`, ...list.items.map((k) => `- ${knownText(k, plain)}`));
    if (list.more !== '') out.push(`- ${list.more}`);
    out.push('');
  }
  if (view.silenced.groups > 0) out.push(silencedText(view), '');
  if (view.runUrl) out.push(`Workflow run (job summary): ${view.runUrl}`);
  out.push(`-- ${view.tool}`);
  return `${out.join('\n')}\n`;
}

/** A group in the text part: its badge and what it is, then its facts, indented. */
function groupText(g: AlertView): string[] {
  if (g.kind === 'volume') {
    const { head, facts } = volumeLines(g, plain);
    return [head, ...facts.map((f) => `   ${f}`)];
  }
  return [
    `${g.emoji} ${g.badge}: ${plain(g.message)}`,
    `   ${plain(`${g.counts} · ${g.site} · since ${g.since}`)}`,
    ...(g.cause ? [`   Likely cause: ${plain(g.cause)}`] : []),
    ...(g.fix ? [`   Fix: ${plain(g.fix)}`] : []),
    ...(g.page !== undefined ? [`   Page: ${plain(g.page)}`] : []),
    ...(g.sent.length > 0 ? [`   Sent: ${plain(g.sent.join(' · '))}`] : []),
    ...(g.issue ? [`   ${g.issue.label}: ${g.issue.url}`] : []),
  ];
}

function htmlPart(view: NoticeView): string {
  const body = [
    `<h2 style="margin:0 0 8px">${html(view.headline)}</h2>`,
    ...view.lines.map((l) => `<p style="margin:4px 0">${html(l)}</p>`),
    ...view.alerting.map((g) => (g.kind === 'volume' ? volumeHtml(g) : groupHtml(g))),
    view.alertingMore.groups > 0 ? `<p><strong>${html(moreText(view))}</strong></p>` : '',
    ...view.known.map(knownHtml),
    view.silenced.groups > 0 ? `<p style="color:#666">${html(silencedText(view))}</p>` : '',
    view.runUrl ? `<p><a href="${escapeHtml(view.runUrl)}">Workflow run (job summary)</a></p>` : '',
    `<p style="color:#888;font-size:12px">${html(view.tool)}</p>`,
  ].filter((part) => part !== '');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${html(view.subject)}</title></head>\n<body style="font-family:sans-serif">\n${body.join('\n')}\n</body></html>\n`;
}

function groupHtml(g: GroupView): string {
  return boxHtml(g, `<code>${html(g.message)}</code>`, [
    `<div style="color:#555">${html(`${g.counts} · ${g.site} · since ${g.since}`)}</div>`,
    g.cause ? `<div>🔎 ${quotedHtml(g.cause)}</div>` : '',
    g.fix ? `<div>🔧 ${quotedHtml(g.fix)}</div>` : '',
    g.page !== undefined ? `<div>Page: <code>${html(g.page)}</code></div>` : '',
    g.sent.length > 0 ? `<div>Sent: <code>${html(g.sent.join(' · '))}</code></div>` : '',
  ]);
}

/** A SILENT or DROP group: the badge and headline, the last page view, what to check, the chart. */
function volumeHtml(g: VolumeView): string {
  return boxHtml(g, `<strong>${html(g.headline)}</strong>`, [
    `<div style="color:#555">${html(g.lastPageView)}</div>`,
    `<div>🔧 ${html(g.whatToCheck)}</div>`,
    g.chart.url
      ? `<div>📈 Chart: <a href="${escapeHtml(g.chart.url)}">${html(g.chart.text)}</a></div>`
      : `<div>📈 ${html(g.chart.text)}</div>`,
  ]);
}

/** A group's box: the badge and its title, its rows, and its issue (our own link and label) last. */
function boxHtml(g: AlertView, title: string, rows: readonly string[]): string {
  const color = g.change === 'new' || g.change === 'back' ? '#c62828' : '#ef6c00';
  const all = [
    `<div><strong style="color:${color}">${html(`${g.emoji} ${g.badge}`)}</strong> ${title}</div>`,
    ...rows,
    g.issue ? `<div><a href="${escapeHtml(g.issue.url)}">${escapeHtml(g.issue.label)}</a></div>` : '',
  ].filter((r) => r !== '');
  return `<div style="border-left:4px solid ${color};padding:4px 8px;margin:12px 0">\n${all.join('\n')}\n</div>`;
}

/** A diagnosis sentence: its quoted values as code. */
function quotedHtml(text: string): string {
  return quotedParts(text)
    .map((part) => (part.code ? `<code>${html(part.text)}</code>` : html(part.text)))
    .join('');
}

function knownHtml(list: KnownListView): string {
  const items = list.items.map(
    (k) => `<li>${k.kind === 'volume' ? html(k.headline) : `<code>${html(k.message)}</code> · ${html(`${k.counts} · ${k.site}`)}`}</li>`,
  );
  if (list.more !== '') items.push(`<li>${html(list.more)}</li>`);
  return `<p><strong>${html(list.title)}</strong>${html(list.rest)}</p>\n<ul>\n${items.join('\n')}\n</ul>`;
}

function knownText(k: KnownView, inert: (text: string) => string): string {
  return k.kind === 'volume' ? inert(k.headline) : `${inert(k.message)} · ${inert(`${k.counts} · ${k.site}`)}`;
}

function moreText(view: NoticeView): string {
  const { groups, events } = view.alertingMore;
  return `+${groups} more alerting ${plural(groups, 'group')} (${events} ${plural(events, 'event')}): the run summary shows them.`;
}

function silencedText(view: NoticeView): string {
  const { groups, events } = view.silenced;
  return `🔕 ${groups} silenced ${plural(groups, 'group')}, ${events} ${plural(events, 'event')}`;
}
