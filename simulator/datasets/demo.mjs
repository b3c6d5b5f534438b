// The demo dataset: two sites with the broken events a real shop and blog
// might send, for `node scripts/demo.mjs` and the end-to-end tests.

import { MINUTE, U64_ABOVE_2_53, U64_MAX } from './format.mjs';
import { makeSession } from './session.mjs';

/** @import { DemoDataset, EventSpec } from './types.js' */

export const DEMO_SITE_IDS = Object.freeze({
  shop: '3f6c9a2e-5b1d-4e8f-9a7c-2d4b6e8f0a13',
  blog: '7d2e4f60-8a1b-4c3d-9e5f-b6a7c8d9e0f1',
});

/** The broken-event messages of the demo, as Piwik PRO's processing would word them. */
export const DEMO_MESSAGES = Object.freeze({
  customEventValue: 'Invalid custom event value: twelve',
  contentNameTooLong: 'Content name too long: 1500 characters',
  ecProducts: (/** @type {number | string} */ order) => `Invalid ec_products: cannot parse JSON for order ${order}`,
  ecItems: 'Unsupported parameter ec_items',
  missingIdsite: 'Missing required parameter: idsite',
  crawler: 'IP is on the crawler list',
});

/**
 * A realistic 1500-character content name (the spec allows 1024): a tag that
 * sends a whole teaser's text as the content block's name.
 */
function longContentName() {
  let value = '';
  for (let i = 1; value.length < 1500; i++) value += `Trail shoes size ${36 + (i % 12)} now ${10 + (i % 40)}% off, free returns. `;
  return value.slice(0, 1500);
}

/** @type {(path: string, title: string) => EventSpec} */
const page = (path, title) => ({ type: 1, url: `https://shop.example.com${path}`, title });

/**
 * @param {number} order
 * @returns {EventSpec}
 */
function brokenEcProducts(order, host = 'shop.example.com') {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.ecProducts(order),
    url: `https://${host}/checkout/confirmation?order=${order}`,
    title: 'Order confirmed | Example Store',
    // Truncated JSON: the closing brackets never made it into the request.
    queryParams: { idgoal: '0', ec_id: String(order), revenue: '259.98', ec_products: '[["sku-2231","Trail shoes","Shoes",129.99,2' },
  };
}

/**
 * @param {string} url
 * @returns {EventSpec}
 */
function brokenCustomEventValue(url) {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.customEventValue,
    url,
    title: 'Newsletter | Example Store',
    customEvent: { category: 'Newsletter', action: 'Subscribe', name: 'footer-form', value: 'twelve' },
  };
}

/**
 * @param {string} url
 * @returns {EventSpec}
 */
function brokenContentName(url) {
  return {
    type: 17,
    errorMessage: DEMO_MESSAGES.contentNameTooLong,
    url,
    title: 'Cart | Example Store',
    queryParams: { c_n: longContentName(), c_p: 'teaser-banner', c_t: 'https://shop.example.com/sale' },
  };
}

/**
 * The dataset `node scripts/demo.mjs` shows: two sites with a handful of
 * sessions in the last 60 minutes before `now`, newest first per site.
 * @param {Date} [now]
 * @returns {DemoDataset}
 */
export function demoDataset(now = new Date()) {
  const at = (/** @type {number} */ minutesAgo) => new Date(now.getTime() - minutesAgo * MINUTE);
  const { shop, blog } = DEMO_SITE_IDS;
  const shopSessions = [
    makeSession({
      appId: shop,
      seed: 'demo-shop-1',
      updatedAt: at(2),
      // The largest u64 as session id, and 2^53 + 1 as the broken event's id: clients that parse ids as numbers get them wrong.
      sessionId: U64_MAX,
      events: [
        page('/', 'Home | Example Store'),
        page('/products/trail-shoes', 'Trail shoes | Example Store'),
        { ...brokenEcProducts(1234), eventId: U64_ABOVE_2_53 },
        page('/thank-you', 'Thank you | Example Store'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-2',
      updatedAt: at(7),
      events: [
        page('/newsletter?email=anna.kowalska%40example.com', 'Newsletter | Example Store'),
        brokenCustomEventValue('https://shop.example.com/newsletter?email=anna.kowalska%40example.com'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-3',
      updatedAt: at(12),
      events: [page('/cart', 'Cart | Example Store'), brokenEcProducts(987)],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-4',
      updatedAt: at(18),
      events: [
        page('/checkout', 'Checkout | Example Store'),
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.ecItems,
          url: 'https://shop.example.com/checkout/confirmation?order=A-5512',
          title: 'Order confirmed | Example Store',
          // ec_items is the deprecated alias of ec_products.
          queryParams: {
            idgoal: '0',
            ec_id: 'A-5512',
            revenue: '18.24',
            ec_items: '[["craft-311","Unicorn Iron on Patch","Crafts & Sewing",4.99,3]]',
          },
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-5',
      updatedAt: at(25),
      events: [
        page('/', 'Home | Example Store'),
        page('/blog/how-we-ship', 'How we ship | Example Store'),
        {
          type: 5,
          url: 'https://shop.example.com/blog/how-we-ship',
          customEvent: { category: 'Video', action: 'Play', name: 'shipping-explainer', value: 12 },
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-6',
      updatedAt: at(33),
      events: [
        page('/newsletter', 'Newsletter | Example Store'),
        brokenCustomEventValue('https://shop.example.com/newsletter'),
        brokenContentName('https://shop.example.com/cart'),
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-7',
      updatedAt: at(41),
      events: [
        {
          type: 18,
          exclusionReason: DEMO_MESSAGES.crawler,
          url: 'https://shop.example.com/products/trail-shoes',
          title: 'Trail shoes | Example Store',
        },
      ],
    }),
    makeSession({
      appId: shop,
      seed: 'demo-shop-8',
      updatedAt: at(52),
      events: [page('/account/orders?email=jan.nowak%40example.org', 'Your orders | Example Store'), brokenEcProducts(55021)],
    }),
  ];
  /** @type {(path: string, title: string) => EventSpec} */
  const blogPage = (path, title) => ({ type: 1, url: `https://blog.example.com${path}`, title });
  const blogSessions = [
    makeSession({
      appId: blog,
      seed: 'demo-blog-1',
      updatedAt: at(4),
      events: [
        blogPage('/posts/release-notes', 'Release notes | Example Blog'),
        brokenContentName('https://blog.example.com/posts/release-notes'),
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-2',
      updatedAt: at(15),
      events: [
        blogPage('/', 'Example Blog'),
        // A hand-written tracking snippet that forgot the app id.
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.missingIdsite,
          url: 'https://blog.example.com/posts/hello-world',
          title: 'Hello world | Example Blog',
          queryParams: { idsite: undefined },
        },
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-3',
      updatedAt: at(29),
      events: [
        blogPage('/posts/hello-world', 'Hello world | Example Blog'),
        blogPage('/about', 'About | Example Blog'),
        { type: 8, url: 'https://blog.example.com/about', goalId: 3 },
      ],
    }),
    makeSession({
      appId: blog,
      seed: 'demo-blog-4',
      updatedAt: at(58),
      events: [
        {
          type: 17,
          errorMessage: DEMO_MESSAGES.missingIdsite,
          url: 'https://blog.example.com/subscribe?email=maria.rossi%40example.net',
          title: 'Subscribe | Example Blog',
          queryParams: { idsite: undefined },
        },
      ],
    }),
  ];
  return { sites: { [shop]: shopSessions, [blog]: blogSessions }, siteIds: [shop, blog] };
}
