/**
 * How every renderer names a site: by its name when the account told us one,
 * else by the first block of its UUID (enough to tell a handful of sites
 * apart, and it never wraps a table column). Where exactness matters (a site
 * that could not be checked, an issue's facts) the full UUID comes too.
 * Plain text: each renderer escapes it for its medium (a name is the
 * account's text, not ours).
 */
export interface SiteRef {
  readonly siteId: string;
  readonly name?: string;
}

const SHORT_ID_CHARS = 8;

export function siteLabel(site: SiteRef, options: { readonly exact?: boolean } = {}): string {
  const name = site.name?.trim();
  if (name) return options.exact ? `${name} (${site.siteId})` : name;
  if (options.exact || site.siteId.length <= SHORT_ID_CHARS + 1) return site.siteId;
  return `${site.siteId.slice(0, SHORT_ID_CHARS)}…`;
}

/** The site of a group, looked up in the report's sites (a group holds only the id). */
export function siteOf(sites: readonly SiteRef[], siteId: string): SiteRef {
  return sites.find((s) => s.siteId === siteId) ?? { siteId };
}
