// Hostile strings: what a report must neither execute nor let ping anyone.

import { MINUTE } from './format.mjs';
import { makeSession } from './session.mjs';

/** @import { DemoDataset } from './types.js' */

export const HOSTILE = Object.freeze({
  slackChannel: '<!channel>',
  slackHere: '<!here>',
  slackUser: '<@U123ABC>',
  slackLink: '<https://evil.example|click>',
  githubMention: '@octocat',
  issueRef: '#1',
  crossRepoRef: 'owner/repo#2',
  codeFence: '```',
  workflowError: '::error::pwned',
  azureError: '##[error]pwned',
  addMask: '::add-mask::x',
  html: '<img src=x onerror=alert(1)>',
  newlineCommand: '\n::warning::x',
  markdownLink: '[click me](https://evil.example/phish)',
});

export const HOSTILE_SITE_ID = 'e0b1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/**
 * One site whose broken events carry the HOSTILE payloads in error_message,
 * event_url, event_title, custom event fields and raw query params.
 * @param {Date} [now]
 * @returns {DemoDataset}
 */
export function hostileDataset(now = new Date()) {
  const entries = Object.entries(HOSTILE);
  const sessions = entries.map(([key, payload], i) =>
    makeSession({
      appId: HOSTILE_SITE_ID,
      seed: `hostile-${key}`,
      updatedAt: new Date(now.getTime() - (i + 1) * MINUTE),
      events: [
        { type: 1, url: `https://shop.example.com/search?q=${payload}`, title: `Search: ${payload}` },
        {
          type: 17,
          errorMessage: `Invalid custom event value: ${payload}`,
          url: `https://shop.example.com/p/${payload}`,
          title: payload,
          customEvent: { category: payload, action: `click ${payload}`, name: payload, value: payload },
          queryParams: { dimension1: payload, uid: `${payload}@example.com` },
          headers: { 'user-agent': `Mozilla/5.0 ${payload}` },
        },
      ],
    }),
  );
  const everything = entries.map(([, p]) => p).join(' ');
  sessions.push(
    makeSession({
      appId: HOSTILE_SITE_ID,
      seed: 'hostile-all',
      updatedAt: new Date(now.getTime() - (entries.length + 1) * MINUTE),
      events: [
        {
          type: 17,
          errorMessage: everything,
          url: `https://shop.example.com/?all=${everything}`,
          title: everything,
          queryParams: { e_n: everything },
        },
      ],
    }),
  );
  return { sites: { [HOSTILE_SITE_ID]: sessions }, siteIds: [HOSTILE_SITE_ID] };
}
