import { codeSpan, inline } from '../render/markdown.js';
import { plural } from '../text/plural.js';
import type { Group, SiteResult } from '../types.js';
import { siteStatus, siteStatusText, type SiteStatus } from './site-status.js';
import { volumeCell } from './volume.js';

const STATUS_EMOJI: Record<SiteStatus, string> = { failed: '❌', capped: '⚠️', unreadable: '⚠️', complete: '✅' };

/**
 * The sites that need a look (problems, failures, caps, unreadable lines), then one line for the
 * rest: at 600 sites the table stays as long as the problems are. The report keeps every site.
 */
export function sitesTable(sites: readonly SiteResult[], groups: readonly Group[]): string {
  const groupCount = new Map<string, number>();
  for (const g of groups) if (!g.volume) groupCount.set(g.siteId, (groupCount.get(g.siteId) ?? 0) + 1);
  const hasVolumeGroup = new Set(groups.filter((g) => g.volume).map((g) => g.siteId));
  // Clean: scanned completely, nothing found, and its tracking seen arriving, or none expected (not checked by choice
  // counts too); the clean line says which. At 600 sites most are that, and the table stays as long as the problems.
  const volumeFine = (s: SiteResult) => !s.volume || s.volume.status === 'ok' || s.volume.status === 'quiet';
  const clean = (s: SiteResult) =>
    siteStatus(s) === 'complete' && s.eventCount === 0 && !groupCount.has(s.siteId) && !hasVolumeGroup.has(s.siteId) && volumeFine(s);
  const shown = sites.filter((s) => !clean(s));
  const cleanCount = sites.length - shown.length;
  // The volume column only when the volume check ran (src/volume/).
  const withVolume = sites.some((s) => s.volume);
  const rows = shown.map((s) => {
    const status = `${STATUS_EMOJI[siteStatus(s)]} ${siteStatusText(s)}`;
    const name = s.name ? `${inline(s.name, 80)} ` : '';
    return `| ${name}${codeSpan(s.siteId, 80, true)} | ${status} | ${s.sessionsScanned} | ${s.eventCount} | ${groupCount.get(s.siteId) ?? 0} |${volumeCell(s, withVolume)}`;
  });
  const volumeHead = withVolume ? ' Tracking volume |' : '';
  const table =
    rows.length > 0
      ? [
          '',
          `| Site | Scan | Sessions scanned | Events | Groups |${volumeHead}`,
          `|---|---|---:|---:|---:|${withVolume ? '---|' : ''}`,
          ...rows,
        ]
      : [];
  const rest =
    cleanCount > 0
      ? ['', `${rows.length > 0 ? 'And ' : ''}${cleanCount} ${plural(cleanCount, 'site')} clean: ${cleanText(sites.filter(clean))}.`]
      : [];
  return ['### Sites', ...table, ...rest].join('\n');
}

/** What the clean sites had in common: scanned and nothing found, and how their tracking volume looked where it was checked. */
function cleanText(clean: readonly SiteResult[]): string {
  const arriving = clean.filter((s) => s.volume?.status === 'ok').length;
  const quiet = clean.filter((s) => s.volume?.status === 'quiet').length;
  const all = (n: number) => (n === clean.length ? '' : ` on ${n}`);
  const volume = [
    ...(arriving > 0 ? [`tracking arriving as expected${all(arriving)}`] : []),
    ...(quiet > 0 ? [`💤 no traffic expected${all(quiet)}`] : []),
  ];
  return ['scanned completely, nothing found', ...volume].join(', ');
}
