import { plural } from '../text/plural.js';
import { INPUT_NAMES, type OptionNames } from '../text/option-names.js';
import type { SiteResult } from '../types.js';

/**
 * How the scan of one site went, decided once for every renderer (job
 * summary, CLI text, Slack) and for closing issues: a site is `complete`
 * only when no error, no cap and no unreadable line can hide an event.
 */
export type SiteStatus = 'failed' | 'capped' | 'unreadable' | 'complete';

export function siteStatus(site: SiteResult): SiteStatus {
  if (site.error !== undefined) return 'failed';
  if (site.capped) return 'capped';
  if (!site.complete) return 'unreadable';
  return 'complete';
}

/** The status in words (plain text, each renderer escapes or decorates it); `names` spells max-sessions as the edge does. */
export function siteStatusText(site: SiteResult, names: OptionNames = INPUT_NAMES): string {
  switch (siteStatus(site)) {
    case 'failed':
      return 'could not check';
    case 'capped':
      return `capped by ${names.of('max-sessions')}`;
    case 'unreadable':
      return `incomplete: ${site.malformedLines} unreadable ${plural(site.malformedLines, 'line')}, no issue closed`;
    case 'complete':
      return 'complete';
  }
}
