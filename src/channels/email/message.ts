import { escapeHtml } from '../../render/markdown.js';
import { plural } from '../../text/plural.js';
import { quotedParts, unlinked } from '../text.js';
import type { GroupView, NoticeView } from '../view.js';

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
  for (const g of view.alerting) {
    out.push(`${g.emoji} ${g.badge}: ${plain(g.message)}`, `   ${plain(`${g.counts} · ${g.site} · since ${g.since}`)}`);
    if (g.cause) out.push(`   Likely cause: ${plain(g.cause)}`);
    if (g.fix) out.push(`   Fix: ${plain(g.fix)}`);
    if (g.page !== undefined) out.push(`   Page: ${plain(g.page)}`);
    if (g.sent.length > 0) out.push(`   Sent: ${plain(g.sent.join(' · '))}`);
    if (g.issue) out.push(`   ${g.issue.label}: ${g.issue.url}`);
    out.push('');
  }
  if (view.alertingMore.groups > 0) out.push(moreText(view), '');
  if (view.known.length > 0) {
    out.push(`Still happening (known, no alert): ${knownTotal(view)} ${plural(knownTotal(view), 'problem')}`);
    for (const k of view.known) out.push(`- ${plain(k.message)} · ${plain(k.counts)} · ${plain(k.site)}`);
    if (view.knownMore.groups > 0)
      out.push(`- …and ${view.knownMore.groups} more (${view.knownMore.events} ${plural(view.knownMore.events, 'event')})`);
    out.push('');
  }
  if (view.silenced.groups > 0) out.push(silencedText(view), '');
  if (view.runUrl) out.push(`Workflow run (job summary): ${view.runUrl}`);
  out.push(`-- ${view.tool}`);
  return `${out.join('\n')}\n`;
}

function htmlPart(view: NoticeView): string {
  const body = [
    `<h2 style="margin:0 0 8px">${html(view.headline)}</h2>`,
    ...view.lines.map((l) => `<p style="margin:4px 0">${html(l)}</p>`),
    ...view.alerting.map(groupHtml),
    view.alertingMore.groups > 0 ? `<p><strong>${html(moreText(view))}</strong></p>` : '',
    knownHtml(view),
    view.silenced.groups > 0 ? `<p style="color:#666">${html(silencedText(view))}</p>` : '',
    view.runUrl ? `<p><a href="${escapeHtml(view.runUrl)}">Workflow run (job summary)</a></p>` : '',
    `<p style="color:#888;font-size:12px">${html(view.tool)}</p>`,
  ].filter((part) => part !== '');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${html(view.subject)}</title></head>\n<body style="font-family:sans-serif">\n${body.join('\n')}\n</body></html>\n`;
}

function groupHtml(g: GroupView): string {
  const color = g.change === 'new' || g.change === 'back' ? '#c62828' : '#ef6c00';
  const rows = [
    `<div><strong style="color:${color}">${html(`${g.emoji} ${g.badge}`)}</strong> <code>${html(g.message)}</code></div>`,
    `<div style="color:#555">${html(`${g.counts} · ${g.site} · since ${g.since}`)}</div>`,
    g.cause ? `<div>🔎 ${quotedHtml(g.cause)}</div>` : '',
    g.fix ? `<div>🔧 ${quotedHtml(g.fix)}</div>` : '',
    g.page !== undefined ? `<div>Page: <code>${html(g.page)}</code></div>` : '',
    g.sent.length > 0 ? `<div>Sent: <code>${html(g.sent.join(' · '))}</code></div>` : '',
    g.issue ? `<div><a href="${escapeHtml(g.issue.url)}">${html(g.issue.label)}</a></div>` : '',
  ].filter((r) => r !== '');
  return `<div style="border-left:4px solid ${color};padding:4px 8px;margin:12px 0">\n${rows.join('\n')}\n</div>`;
}

/** A diagnosis sentence: its quoted values as code. */
function quotedHtml(text: string): string {
  return quotedParts(text)
    .map((part) => (part.code ? `<code>${html(part.text)}</code>` : html(part.text)))
    .join('');
}

function knownHtml(view: NoticeView): string {
  if (view.known.length === 0) return '';
  const items = view.known.map((k) => `<li><code>${html(k.message)}</code> · ${html(k.counts)} · ${html(k.site)}</li>`);
  if (view.knownMore.groups > 0)
    items.push(`<li>…and ${view.knownMore.groups} more (${view.knownMore.events} ${plural(view.knownMore.events, 'event')})</li>`);
  const total = knownTotal(view);
  return `<p><strong>Still happening</strong> (known, no alert): ${total} ${plural(total, 'problem')}</p>\n<ul>\n${items.join('\n')}\n</ul>`;
}

function moreText(view: NoticeView): string {
  const { groups, events } = view.alertingMore;
  return `+${groups} more alerting ${plural(groups, 'group')} (${events} ${plural(events, 'event')}): the run summary shows them.`;
}

function knownTotal(view: NoticeView): number {
  return view.known.length + view.knownMore.groups;
}

function silencedText(view: NoticeView): string {
  const { groups, events } = view.silenced;
  return `🔕 ${groups} silenced ${plural(groups, 'group')}, ${events} ${plural(events, 'event')}`;
}
