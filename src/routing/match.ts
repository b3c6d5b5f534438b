import type { SiteRef } from '../text/site-label.js';
import type { Group, SiteResult } from '../types.js';
import type { RouteRule, Routing } from '../config/routes.js';

/**
 * Which rule a problem or a site goes to: the first that matches, in the
 * order written; none means the defaults (today's inputs).
 */

/** `Shop *` → /^shop .*$/i: `*` is the only wildcard, everything else literal. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(text);
}

function siteMatches(rule: RouteRule, site: SiteRef): boolean {
  return rule.sites.some((p) => globMatches(p, site.siteId) || (site.name !== undefined && globMatches(p, site.name)));
}

/** The rule a group goes to: its site, and its event type and message when the rule asks for them. */
export function ruleForGroup(routing: Routing, group: Group, site: SiteRef | undefined): RouteRule | undefined {
  const message = group.message.toLowerCase();
  return routing.rules.find(
    (rule) =>
      siteMatches(rule, site ?? { siteId: group.siteId }) &&
      (rule.eventTypes === undefined || rule.eventTypes.includes(group.eventType)) &&
      (rule.messages === undefined || rule.messages.some((m) => message.includes(m))),
  );
}

/**
 * The rule a site belongs to, for what concerns the site as a whole (its
 * failure notice, its all-clear): the first that matches it by site alone. A
 * rule narrowed to some event types or messages takes only those problems.
 */
export function ruleForSite(routing: Routing, site: SiteResult): RouteRule | undefined {
  return routing.rules.find((rule) => rule.eventTypes === undefined && rule.messages === undefined && siteMatches(rule, site));
}
