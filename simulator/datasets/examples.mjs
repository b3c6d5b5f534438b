// The examples dataset: what the golden renderings, and so the README's and docs' examples, are made
// from (test/support/golden-report.ts runs the action over it twice). Two sites of the demo's account:
// the shop, with a problem that starts after the previous run and one that goes on across it; the
// blog, busy enough that the scan stops at max-sessions (100 in the examples' runs), with a problem
// that comes back after its issue was closed and one the `ignore` input silences, both in hostile text.

import { DEMO_MESSAGES, DEMO_SITE_IDS } from './demo.mjs';
import { MINUTE } from './format.mjs';
import { HOSTILE } from './hostile.mjs';
import { makeSession } from './session.mjs';

/** @import { EventSpec, RecordSession } from './types.js' */

/** The broken-event messages of the examples, beside the demo's own. */
export const EXAMPLE_MESSAGES = Object.freeze({
  /** Mentions, a Slack link, an issue reference, a code fence and HTML in the one text Piwik PRO quotes back. */
  back: `${HOSTILE.slackChannel} <@U123> ${HOSTILE.slackLink} ${HOSTILE.githubMention} ${HOSTILE.issueRef} ${HOSTILE.codeFence} <img src=x>`,
  /** HTML with a handler, a mention, a reference, a workflow command and a fence: the `ignore` rule `onerror` silences it. */
  silenced: `${HOSTILE.html} ${HOSTILE.githubMention} ${HOSTILE.issueRef} ::error::x ${HOSTILE.codeFence}`,
});

/** The `ignore` rule that silences EXAMPLE_MESSAGES.silenced. */
export const EXAMPLE_IGNORE = 'onerror';

/**
 * The timeline of the examples, in minutes before `now` (the second run's start): the first run
 * started 30 minutes before it, and the blog's problem was closed as fixed 20 minutes before it.
 */
export const EXAMPLE_TIMES = Object.freeze({ previousRun: 30, closed: 20 });

/** How often the bot probes the blog: 120 sessions an hour, more than the examples' runs scan (max-sessions 100). */
const PROBE_EVERY_SECONDS = 30;

/**
 * @param {Date} now the second run's start
 * @returns {{ sites: Record<string, RecordSession[]>; siteIds: string[] }}
 */
export function examplesDataset(now) {
  const at = (/** @type {number} */ minutesAgo) => new Date(now.getTime() - minutesAgo * MINUTE);
  const { shop, blog } = DEMO_SITE_IDS;
  /** @type {(seed: string, minutesAgo: number, events: EventSpec[]) => RecordSession} */
  const shopSession = (seed, minutesAgo, events) =>
    makeSession({ appId: shop, seed: `examples-${seed}`, updatedAt: at(minutesAgo), events });
  /** @type {(seed: string, minutesAgo: number, events: EventSpec[]) => RecordSession} */
  const blogSession = (seed, minutesAgo, events) =>
    makeSession({ appId: blog, seed: `examples-${seed}`, updatedAt: at(minutesAgo), events });

  /** Orders confirmed with a truncated ec_products: new since the previous run. @type {(order: number) => EventSpec[]} */
  const order = (n) => [
    { type: 1, url: 'https://shop.example.com/checkout', title: 'Checkout | Example Store' },
    {
      type: 17,
      errorMessage: DEMO_MESSAGES.ecProducts(n),
      url: `https://shop.example.com/checkout/confirmation?order=${n}`,
      title: 'Order confirmed | Example Store',
      queryParams: { idgoal: '0', ec_id: String(n), revenue: '259.98', ec_products: '[["sku-2231","Trail shoes","Shoes",129.99,2' },
    },
  ];
  /** The newsletter form's custom event with a word for its value: already reported by the previous run, still happening. */
  const newsletter = (/** @type {string} */ url) =>
    /** @type {EventSpec[]} */ ([
      { type: 1, url, title: 'Newsletter | Example Store' },
      {
        type: 17,
        errorMessage: DEMO_MESSAGES.customEventValue,
        url,
        title: 'Newsletter | Example Store',
        customEvent: { category: 'Newsletter', action: 'Subscribe', name: 'footer-form', value: 'twelve' },
      },
    ]);
  const shopSessions = [
    shopSession('order-1', 2, order(1234)),
    shopSession('newsletter-1', 7, newsletter('https://shop.example.com/newsletter?email=anna.kowalska%40example.com')),
    shopSession('order-2', 12, order(987)),
    shopSession('order-3', 24, order(55021)),
    shopSession('newsletter-2', 33, newsletter('https://shop.example.com/newsletter')),
    shopSession('newsletter-3', 41, newsletter('https://shop.example.com/newsletter')),
    shopSession('newsletter-4', 52, newsletter('https://shop.example.com/blog/newsletter')),
  ];

  /** @type {(message: string, url: string, name: string) => EventSpec[]} */
  const hostile = (message, url, name) => [
    { type: 1, url, title: 'Example Blog' },
    { type: 17, errorMessage: message, url, title: 'Example Blog', queryParams: { e_n: name } },
  ];
  // A bot that probes the comment form twice a minute: silenced by the `ignore` rule, and the reason the scan stops at max-sessions.
  const probes = [];
  for (let s = PROBE_EVERY_SECONDS; s <= 61 * 60; s += PROBE_EVERY_SECONDS) {
    probes.push(
      makeSession({
        appId: blog,
        seed: `examples-probe-${s}`,
        userId: null,
        updatedAt: new Date(now.getTime() - s * 1000),
        events: hostile(EXAMPLE_MESSAGES.silenced, 'https://blog.example.com/comments', '``` </details> <script>'),
      }),
    );
  }
  const back = (/** @type {string} */ url) => hostile(EXAMPLE_MESSAGES.back, url, '``` </details> <!channel>');
  const blogSessions = [
    ...probes,
    // Reported by the previous run, closed as fixed, and back.
    blogSession('back-1', 4, back(`https://blog.example.com/?q=${HOSTILE.slackHere}`)),
    blogSession('back-2', 16, back(`https://blog.example.com/?q=${HOSTILE.slackHere}`)),
    blogSession('back-3', 44, back('https://blog.example.com/')),
  ].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());

  return { sites: { [shop]: shopSessions, [blog]: blogSessions }, siteIds: [shop, blog] };
}
