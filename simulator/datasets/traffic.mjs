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
        events: Array.from({ length: pageViews }, (_, n) => ({ type: 1, url: `https://${host}/page-${(i + n) % 7}`, title: `Page ${(i + n) % 7}` })),
      }),
    );
  }
  return sessions;
}
