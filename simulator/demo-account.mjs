// What the demo's account knows of its two sites (the Apps API's settings, the custom
// dimensions and goals of the Analytics object management API), and a few broken events
// that only this knowledge explains: configuration drift, the most common real breakage.
// The demo, the simulator's command line and the account tests use them; the plain demo
// dataset stays as it is, so the figures other tests check do not move.

import { DEMO_SITE_IDS, makeSession } from './dataset.mjs';
import { MINUTE } from './datasets/format.mjs';

/** @import { EventSpec, RecordSession } from './datasets/types.js' */
/** @import { SiteAccount } from './types/piwik.js' */

/** The shop's goals; the drift events name one that was deleted. */
export const DEMO_GOALS = Object.freeze({
  newsletter: '5e1f3b9a-2c4d-4e6f-8a1b-3c5d7e9f1a2b',
  contact: '9a8b7c6d-5e4f-4a3b-9c1d-0e2f4a6b8c0d',
  /** Deleted last month: a tag still sends it. */
  deleted: 'c0ffee00-1234-4abc-8def-0123456789ab',
});

/** @returns {Record<string, SiteAccount>} */
export function demoAccounts() {
  const { shop, blog } = DEMO_SITE_IDS;
  return {
    [shop]: {
      app: {
        name: 'Example Store',
        urls: ['https://shop.example.com'],
        timezone: 'Europe/Warsaw',
        currency: 'EUR',
        eCommerceTracking: true,
        excludeUnknownUrls: true,
      },
      customDimensions: [
        { trackingId: 1, name: 'Customer tier', active: true, scope: 'session' },
        { trackingId: 2, name: 'Newsletter source', active: false, scope: 'event' },
        { trackingId: 3, name: 'Page type', active: true, scope: 'event' },
      ],
      goals: [
        { id: DEMO_GOALS.newsletter, name: 'Newsletter sign-up' },
        { id: DEMO_GOALS.contact, name: 'Contact form sent' },
      ],
    },
    [blog]: {
      app: {
        name: 'Example Blog',
        urls: ['https://blog.example.com'],
        timezone: 'UTC',
        eCommerceTracking: false,
        excludeUnknownUrls: false,
      },
      customDimensions: [{ trackingId: 1, name: 'Author', active: true, scope: 'event' }],
      goals: [],
    },
  };
}

/** The broken-event messages of the drift sessions. */
export const DRIFT_MESSAGES = Object.freeze({
  unknownDimension: 'Invalid custom dimension: dimension12',
  inactiveDimension: 'Custom dimension is not active: dimension2',
  unknownGoal: `Goal does not exist: ${DEMO_GOALS.deleted}`,
  ecommerceOff: 'E-commerce order rejected',
});

/**
 * Sessions whose broken events only the account's configuration explains: a dimension that was
 * deleted (12) and one that was deactivated (2) on the shop, a deleted goal, and an order on the
 * blog, whose e-commerce tracking is off. Newest first per site, like the demo dataset.
 * @param {Date} [now]
 * @returns {Record<string, RecordSession[]>}
 */
export function driftSessions(now = new Date()) {
  /** @param {number} minutesAgo */
  const at = (minutesAgo) => new Date(now.getTime() - minutesAgo * MINUTE);
  const { shop, blog } = DEMO_SITE_IDS;
  /**
   * @param {string} path
   * @param {string} title
   * @returns {EventSpec}
   */
  const shopPage = (path, title) => ({ type: 1, url: `https://shop.example.com${path}`, title });
  return {
    [shop]: [
      makeSession({
        appId: shop,
        seed: 'drift-shop-1',
        updatedAt: at(5),
        events: [
          shopPage('/account', 'Your account | Example Store'),
          {
            type: 17,
            errorMessage: DRIFT_MESSAGES.unknownDimension,
            url: 'https://shop.example.com/account',
            title: 'Your account | Example Store',
            queryParams: { dimension1: 'gold', dimension12: 'spring-sale' },
          },
        ],
      }),
      makeSession({
        appId: shop,
        seed: 'drift-shop-2',
        updatedAt: at(9),
        events: [
          shopPage('/newsletter', 'Newsletter | Example Store'),
          {
            type: 17,
            errorMessage: DRIFT_MESSAGES.inactiveDimension,
            url: 'https://shop.example.com/newsletter',
            title: 'Newsletter | Example Store',
            queryParams: { dimension2: 'footer-form', dimension3: 'landing' },
          },
        ],
      }),
      makeSession({
        appId: shop,
        seed: 'drift-shop-3',
        updatedAt: at(21),
        events: [
          shopPage('/contact', 'Contact | Example Store'),
          {
            type: 17,
            errorMessage: DRIFT_MESSAGES.unknownGoal,
            url: 'https://shop.example.com/contact/sent',
            title: 'Message sent | Example Store',
            queryParams: { idgoal: DEMO_GOALS.deleted, revenue: '0' },
          },
        ],
      }),
    ],
    [blog]: [
      makeSession({
        appId: blog,
        seed: 'drift-blog-1',
        updatedAt: at(11),
        events: [
          { type: 1, url: 'https://blog.example.com/shop/mug', title: 'Example Blog mug | Example Blog' },
          {
            type: 17,
            errorMessage: DRIFT_MESSAGES.ecommerceOff,
            url: 'https://blog.example.com/shop/mug/thanks',
            title: 'Thank you | Example Blog',
            queryParams: { idgoal: '0', ec_id: 'B-1042', revenue: '14.90', ec_products: '[["mug-01","Example Blog mug","Merch",14.9,1]]' },
          },
        ],
      }),
    ],
  };
}

/**
 * The demo dataset with the drift sessions merged in, newest first per site, and the account to serve with it.
 * @template {{ sites: Record<string, RecordSession[]>; siteIds: string[] }} T
 * @param {T} dataset
 * @param {Date} [now]
 * @returns {T & { accounts: Record<string, SiteAccount> }}
 */
export function withDrift(dataset, now = new Date()) {
  const drift = driftSessions(now);
  const sites = Object.fromEntries(
    Object.entries(dataset.sites).map(([siteId, sessions]) => [
      siteId,
      [...sessions, ...(drift[siteId] ?? [])].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()),
    ]),
  );
  return { ...dataset, sites, accounts: demoAccounts() };
}
