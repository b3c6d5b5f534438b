/**
 * Checks of a raw request against the site's own configuration, as the account APIs
 * describe it (src/account/): custom dimensions that do not exist or are inactive, goals
 * that do not exist, e-commerce on a site that does not track it, and pages outside the
 * site's URLs when it excludes unknown URLs. Each check runs only when the part of the
 * configuration it needs could be read: without it, nothing is claimed.
 *
 * Like the other checks they are pure and never quote the value (diagnose.ts shows it,
 * redacted). Names and URLs typed by the account's users were made one-line text when read.
 */
import type { SiteKnowledge } from '../../account/knowledge.js';
import type { Violation } from './violation.js';

const DIMENSION = /^dimension([1-9][0-9]{0,8})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Parameters only an e-commerce hit sends (idgoal=0 is checked apart: it is e-commerce only with value 0). */
const ECOMMERCE = ['ec_products', 'ec_items', 'ec_id', 'e_t', 'ec_st', 'ec_tx', 'ec_sh', 'ec_dt', '_ects'];
/** How many of the site's ids an "expected" lists before "…". */
const LISTED = 10;

function finding(
  parameter: string,
  value: string | undefined,
  code: Violation['code'],
  texts: Pick<Violation, 'problem' | 'expected' | 'fix'>,
): Violation {
  return { parameter, value, code, severity: 'cause', source: 'account', ...texts };
}

/** What an error message says when a configuration finding explains it, beside naming the parameter. */
const TOPICS: Partial<Record<Violation['code'], RegExp>> = {
  'unknown-dimension': /dimension/i,
  'inactive-dimension': /dimension/i,
  'unknown-goal': /\bgoal/i,
  'ecommerce-off': /e-?commerce|\border|\bcart\b|\bproduct|\bec_/i,
  'unknown-url': /\burl\b|\bdomain|\bhost/i,
};

/** True when the error message speaks of what a configuration finding is about (a dimension, a goal, …). */
export function speaksOfTopic(violation: Violation, errorMessage: string): boolean {
  return TOPICS[violation.code]?.test(errorMessage) ?? false;
}

export function checkAgainstAccount(params: Readonly<Record<string, string>>, account: SiteKnowledge): Violation[] {
  const found: Array<Violation | undefined> = [];
  for (const [name, value] of Object.entries(params)) found.push(checkDimension(name, value, account));
  found.push(checkGoal(params, account), checkEcommerce(params, account), checkPageUrl(params, account));
  return found.filter((v): v is Violation => v !== undefined);
}

/** The names of the site's custom dimensions among a request's parameters, for showing the request; undefined when none. */
export function dimensionNames(
  params: Readonly<Record<string, unknown>>,
  account: SiteKnowledge | undefined,
): Record<string, string> | undefined {
  const entries = Object.keys(params).flatMap((parameter) => {
    const name = dimensionName(parameter, account);
    return name === undefined ? [] : [[parameter, name] as const];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** `dimension<N>`'s name, when the site has such a dimension ("Customer tier"); undefined otherwise. */
export function dimensionName(parameter: string, account: SiteKnowledge | undefined): string | undefined {
  const id = DIMENSION.exec(parameter)?.[1];
  const dimension = id === undefined ? undefined : account?.dimensions?.find((d) => d.trackingId === Number(id));
  return dimension && dimension.name !== '' ? dimension.name : undefined;
}

function checkDimension(parameter: string, value: string, account: SiteKnowledge): Violation | undefined {
  const id = DIMENSION.exec(parameter)?.[1];
  const { dimensions } = account;
  if (id === undefined || !dimensions) return undefined;
  const dimension = dimensions.find((d) => d.trackingId === Number(id));
  if (!dimension) {
    const ids = dimensions.map((d) => d.trackingId).sort((a, b) => a - b);
    return finding(parameter, value, 'unknown-dimension', {
      problem: `is sent, but the site has no custom dimension with ID ${id}`,
      expected:
        ids.length === 0
          ? 'no custom dimension (the site has none)'
          : `one of the site's custom dimensions: ${list(ids.map((n) => `dimension${n}`))}`,
      fix: `stop sending \`${parameter}\`, or create custom dimension ${id} for the site again and update the tag to its ID`,
    });
  }
  if (dimension.active) return undefined;
  return finding(parameter, value, 'inactive-dimension', {
    problem: 'is sent to a custom dimension that is inactive',
    expected: 'an active custom dimension',
    fix: `activate the custom dimension${dimension.name ? ` "${dimension.name}"` : ''} in Analytics, or stop sending \`${parameter}\``,
  });
}

function checkGoal(params: Readonly<Record<string, string>>, account: SiteKnowledge): Violation | undefined {
  const value = Object.hasOwn(params, 'idgoal') ? params.idgoal : undefined;
  // Legacy integer ids cannot be matched with the goals' UUIDs: only a UUID is checked.
  if (value === undefined || !UUID.test(value) || !account.goals) return undefined;
  if (account.goals.some((g) => g.id === value.toLowerCase())) return undefined;
  const { goals } = account;
  return finding('idgoal', value, 'unknown-goal', {
    problem: 'names a goal the site does not have',
    expected:
      goals.length === 0
        ? 'no goal (the site has none)'
        : `one of the site's goals: ${list(goals.map((g) => (g.name ? `"${g.name}"` : g.id)))}`,
    fix: 'point the tag at an existing goal, or create the goal again and update the tag to its ID',
  });
}

function checkEcommerce(params: Readonly<Record<string, string>>, account: SiteKnowledge): Violation | undefined {
  if (account.settings?.eCommerceTracking !== false) return undefined;
  const parameter = ECOMMERCE.find((name) => Object.hasOwn(params, name)) ?? (params.idgoal === '0' ? 'idgoal' : undefined);
  if (parameter === undefined) return undefined;
  return finding(parameter, params[parameter], 'ecommerce-off', {
    problem: 'is e-commerce data, but e-commerce tracking is off for this site',
    expected: "no e-commerce parameters, or e-commerce tracking turned on in the site's settings",
    fix: "turn on e-commerce tracking in the site's settings if it should be tracked, or remove the e-commerce tracking from the tag",
  });
}

function checkPageUrl(params: Readonly<Record<string, string>>, account: SiteKnowledge): Violation | undefined {
  const settings = account.settings;
  const value = Object.hasOwn(params, 'url') ? params.url : undefined;
  if (!settings?.excludeUnknownUrls || settings.urls.length === 0 || value === undefined || value === '') return undefined;
  if (settings.urls.some((siteUrl) => startsWithSiteUrl(value, siteUrl))) return undefined;
  return finding('url', value, 'unknown-url', {
    problem: "is outside the site's URLs, and the site excludes unknown URLs",
    expected: `a page under ${list(settings.urls, 'or')}`,
    fix: "add the page's address to the site's URLs, or send the hit to the site that page belongs to",
  });
}

/** "Track only … when URL starts with one of urls": scheme and host case aside, a plain prefix. */
export function startsWithSiteUrl(pageUrl: string, siteUrl: string): boolean {
  const page = withoutScheme(pageUrl);
  const site = withoutScheme(siteUrl).replace(/\/+$/, '');
  if (!page.toLowerCase().startsWith(site.toLowerCase())) return false;
  // "shop.example.com" must not take in "shop.example.com.evil.test".
  const next = page.charAt(site.length);
  return next === '' || /[/?#:]/.test(next) || site.includes('/');
}

function withoutScheme(url: string): string {
  return url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

function list(items: readonly string[], last = 'or'): string {
  const shown = items.slice(0, LISTED);
  const more = items.length > shown.length ? `, … (${items.length} in all)` : '';
  if (shown.length <= 1) return `${shown.join('')}${more}`;
  return more ? `${shown.join(', ')}${more}` : `${shown.slice(0, -1).join(', ')} ${last} ${shown.at(-1) ?? ''}`;
}
