// Steady traffic for the volume check (issue 24): sessions of page views at a fixed pace over a
// span of time, which the simulator's Analytics API counts and its Debugger serves like any other.
// Tests build a site that went silent (traffic that stops), a drop (last week's pace against this
// week's), or a quiet staging site (none) from them; the demo's silent site too.

import { makeSession } from './session.mjs';

/** @import { RecordSession } from './types.js' */

/**
 * One session every `everySeconds` in [from, to), each of `pageViews` page views (the last at the
 * session's time), newest first.
 * @param {string} appId
 * @param {{ from: Date; to: Date; everySeconds?: number; pageViews?: number; host?: string; seed?: string }} pace
 * @returns {RecordSession[]}
 */
export function trafficSessions(appId, { from, to, everySeconds = 60, pageViews = 1, host = 'www.example.com', seed = 'traffic' }) {
  /** @type {RecordSession[]} */
  const sessions = [];
  const step = everySeconds * 1000;
  for (let at = to.getTime() - step, i = 0; at >= from.getTime(); at -= step, i++) {
    sessions.push(
      makeSession({
        appId,
        updatedAt: new Date(at),
        seed: `${seed}:${at}`,
        userId: null,
        events: Array.from({ length: pageViews }, (_, n) => ({
          type: 1,
          url: `https://${host}/page-${(i + n) % 7}`,
          title: `Page ${(i + n) % 7}`,
        })),
      }),
    );
  }
  return sessions;
}

/** The demo's third site: a landing page whose tracking stopped 45 minutes ago (issue 24). */
export const SILENT_DEMO_SITE = Object.freeze({ id: 'b4c5d6e7-1f2a-4b3c-8d4e-5f6a7b8c9d0e', name: 'Example Landing' });

/**
 * The demo with tracking that arrives, and a site where it stopped: a page view a minute on every
 * site for four hours (and at the same time last week), except that the landing page's stop 45
 * minutes before `now`. The broken events stay as they are; the account gets the landing page.
 * @template {{ sites: Record<string, import('./types.js').SimSession[]>; siteIds: string[]; accounts?: Record<string, import('../types/piwik.js').SiteAccount> }} T
 * @param {T} dataset
 * @param {Date} now
 * @returns {T}
 */
export function withSilentSite(dataset, now) {
  const hour = 3_600_000;
  const week = 7 * 24 * hour;
  const around = (/** @type {string} */ siteId, /** @type {number} */ until, /** @type {string} */ host) => [
    ...trafficSessions(siteId, { from: new Date(now.getTime() - 4 * hour), to: new Date(until), host, seed: `demo:${siteId}` }),
    ...trafficSessions(siteId, {
      from: new Date(now.getTime() - week - 4 * hour),
      to: new Date(now.getTime() - week + hour),
      host,
      seed: `week:${siteId}`,
    }),
  ];
  const sites = Object.fromEntries(
    Object.entries(dataset.sites).map(([siteId, sessions]) => [siteId, [...sessions, ...around(siteId, now.getTime(), 'www.example.com')]]),
  );
  sites[SILENT_DEMO_SITE.id] = around(SILENT_DEMO_SITE.id, now.getTime() - 45 * 60_000, 'landing.example.com');
  return {
    ...dataset,
    sites,
    siteIds: [...dataset.siteIds, SILENT_DEMO_SITE.id],
    accounts: { ...dataset.accounts, [SILENT_DEMO_SITE.id]: { app: { name: SILENT_DEMO_SITE.name, timezone: 'Europe/Warsaw' } } },
  };
}
