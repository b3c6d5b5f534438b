// A portfolio for tests and the benchmark: many sites, each named in the Apps API (shops, blogs
// and news sites by turns, so routes can match them by name), one session each, and a broken
// event on every n-th site only. Built on the lazy scale dataset: nothing is held in memory.

import { scaleDataset } from './scale.mjs';

/** @import { SiteAccount } from '../types/piwik.js' */

const KINDS = ['Shop', 'Blog', 'News'];

/**
 * @param {{ sites: number, problemEvery?: number, brokenPerSite?: number, now?: Date, seed?: string }} options
 */
export function portfolioDataset({ sites, problemEvery = 10, brokenPerSite = 2, now = new Date(), seed = 'portfolio' }) {
  const problemSites = Math.ceil(sites / problemEvery);
  const data = scaleDataset({ sites, sessions: 1, brokenEvents: problemSites * brokenPerSite, groups: 1, problemEvery, now, seed });
  /** @type {Record<string, SiteAccount>} */
  const accounts = {};
  data.siteIds.forEach((siteId, i) => {
    accounts[siteId] = { app: { name: siteName(i), urls: [`https://www.site${i + 1}.example.com`] }, customDimensions: [], goals: [] };
  });
  const withProblems = data.siteIds.filter((id) => (data.expected.perSite[id]?.brokenEvents ?? 0) > 0);
  return { ...data, accounts, withProblems };
}

/**
 * "Shop 001", "Blog 002", "News 003", "Shop 004", …
 * @param {number} index
 */
export function siteName(index) {
  return `${KINDS[index % KINDS.length] ?? 'Site'} ${String(index + 1).padStart(3, '0')}`;
}
