import type { SectionBlock } from '@slack/types';
import { knownHeading, knownLists, knownMoreText, type KnownList } from '../report/attention.js';
import type { Report } from '../report/report.js';
import { plural } from '../text/plural.js';
import type { Group } from '../types.js';
import { section } from './blocks.js';
import { knownLine } from './group-section.js';
import { DIGEST_LIMITS } from './limits.js';

/**
 * The digest's groups that get no block of their own: known groups as one
 * line each (those still happening, and those known with no new events), and
 * the groups past max-open-issues as one count.
 */

/**
 * Known groups that do not alert, one line each, capped, the rest counted: those with new events as still
 * happening, those without as known with no new events (they are not happening now, as far as this run knows).
 */
export function knownBlock(report: Report, known: readonly Group[]): SectionBlock[] {
  return knownLists(known).map(({ list, groups }) => knownSection(report, groups, list));
}

function knownSection(report: Report, known: readonly Group[], list: KnownList): SectionBlock {
  const { title, rest: note } = knownHeading(list, known.length);
  const shown = known.slice(0, DIGEST_LIMITS.knownLines);
  return section([`*${title}*${note}`, ...shown.map((g) => knownLine(g, report)), knownMoreText(known.slice(shown.length))], {
    verbatim: true,
  });
}

/** The groups past max-open-issues: one count, never a block each. */
export function cappedLine(capped: readonly Group[]): SectionBlock[] {
  if (capped.length === 0) return [];
  const events = capped.reduce((n, g) => n + g.count, 0);
  return [
    section(
      [
        `*+${capped.length} alerting ${plural(capped.length, 'group')} past the open-issue limit* (${events} ${plural(events, 'event')}): listed in one overflow issue, not one by one.`,
      ],
      { verbatim: true },
    ),
  ];
}
