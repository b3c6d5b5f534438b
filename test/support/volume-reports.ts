import { eventLinesOf } from '../../src/events/store.js';
import type { Report } from '../../src/report/report.js';
import type { Group, SiteResult, SiteVolume, VolumeProblem } from '../../src/types.js';
import type { Judgement } from '../../src/volume/judge.js';
import { withVolume } from '../../src/volume/groups.js';
import { makeGroup, makeReport, makeSite, WINDOW } from './report-factory.js';

/**
 * Reports with the volume check's verdicts, for the channels' renderers: a SILENT site and a DROP
 * site made into groups by the pipeline's own withVolume (so they look as in a run), beside an
 * ordinary group of broken events, and sites the volume check could not check.
 */
export const STORE = '0a1b2c3d-0000-4000-8000-00000000000a';
export const BLOG = '0a1b2c3d-0000-4000-8000-00000000000b';
const SHOP = '0a1b2c3d-0000-4000-8000-00000000000c';

const AT = '2026-11-30T12:00:00.000Z';

/** What every channel says to check on a SILENT or DROP site, written out (not read from src/) so a changed wording fails. */
export const WHAT_TO_CHECK = `What to check: Hits stop arriving when a release drops the tracking code, a consent banner blocks every hit, a script error stops the page before the tracker loads, or a Tag Manager publish removes or breaks the Piwik PRO tag.`;

const SILENT: VolumeProblem = {
  kind: 'silent',
  spanMinutes: 30,
  lastPageView: '2026-11-30T11:14:00.000Z',
  quietSince: '2026-11-30T11:15:00.000Z',
  quietMinutes: 45,
  pageViews: 0,
  per5Before: 5,
  expected: 30,
};

const DROP: VolumeProblem = {
  kind: 'drop',
  spanMinutes: 30,
  lastPageView: '2026-11-30T11:57:00.000Z',
  quietSince: '2026-11-30T11:58:00.000Z',
  quietMinutes: 0,
  pageViews: 12,
  lastWeekSpan: 120,
  expected: 120,
};

function siteVolume(status: SiteVolume['status'], overrides: Partial<SiteVolume> = {}): SiteVolume {
  return { status, spanMinutes: 30, dropPercent: 20, lookbackMinutes: 150, at: AT, series: [], ...overrides };
}

function judgement(problem: VolumeProblem): Judgement {
  return { volume: siteVolume(problem.kind, { recent: { pageViews: problem.pageViews, events: 0 } }), problem };
}

/** The SILENT group of `silentSiteId`, then the DROP group of `dropSiteId`, then `others`, as withVolume orders them. */
function volumeGroups(sites: readonly SiteResult[], silentSiteId: string, dropSiteId: string, others: readonly Group[]): readonly Group[] {
  const scan = { window: WINDOW, eventTypes: [17], sites, groups: others, events: eventLinesOf([]), warnings: [] };
  const judged = new Map([
    [silentSiteId, judgement(SILENT)],
    [dropSiteId, judgement(DROP)],
  ]);
  return withVolume(scan, judged).groups;
}

/**
 * A run that alerts on Example Store gone silent (its issue #31 opened) and Example Blog's traffic
 * dropped, beside a new group of broken events on Example Shop. `storeName` is the store's account
 * name: pass a hostile one to check it stays inert.
 */
export function silentAndDropReport(storeName = 'Example Store'): Report {
  const sites = [
    makeSite({ siteId: STORE, name: storeName }),
    makeSite({ siteId: BLOG, name: 'Example Blog' }),
    makeSite({ siteId: SHOP, name: 'Example Shop', eventCount: 12, matchedSessions: 7 }),
  ];
  const broken = makeGroup({ siteId: SHOP, state: 'new', alert: true });
  const groups = volumeGroups(sites, STORE, BLOG, [broken]).map((g) =>
    g.volume
      ? {
          ...g,
          state: 'new' as const,
          alert: true,
          ...(g.siteId === STORE
            ? { issue: { number: 31, url: 'https://github.com/acme/shop/issues/31', action: 'created' as const } }
            : {}),
        }
      : g,
  );
  // As buildReport counts them: SILENT and DROP are no groups of events.
  return makeReport({ sites, groups, totals: { events: 12, sessions: 7, groups: 1, sites: 3, sitesFailed: 0 } });
}

/** A clean run where the volume of Example Store was read and fine, and Example Blog's could not be read. */
export function uncheckedAllClearReport(): Report {
  const sites = [
    makeSite({ siteId: STORE, name: 'Example Store', volume: siteVolume('ok', { recent: { pageViews: 1240, events: 310 } }) }),
    makeSite({
      siteId: BLOG,
      name: 'Example Blog',
      volume: siteVolume('not-checked', {
        reason: "HTTP 403 from the Analytics API: the API client needs at least view access to the site's Analytics data",
      }),
    }),
  ];
  return makeReport({ sites });
}
