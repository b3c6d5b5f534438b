import type { AccountProblem, AccountSource } from './knowledge.js';

/**
 * One notice per account API that failed, however many sites it failed for:
 * what could not be read, the permission that is likely missing, and what the
 * run did instead. The run itself goes on: these APIs only add to it.
 */
const DESCRIPTIONS: Readonly<Record<AccountSource, { readonly what: string; readonly needs: string; readonly fallback: string }>> = {
  apps: {
    what: "read the list of the account's sites from the Apps API",
    needs: 'at least view access to the sites',
    fallback: 'a site without a problem is shown by its UUID',
  },
  app: {
    what: "read the site's name and settings from the Apps API",
    needs: 'at least view access to the site',
    fallback: 'the site is shown by its UUID, and the e-commerce and site-URL checks were skipped',
  },
  customDimensions: {
    what: "read the site's custom dimensions from the Analytics object management API",
    needs: "at least view access to the site's Analytics (custom dimensions)",
    fallback: 'dimensionN parameters were checked against the Tracking API only',
  },
  goals: {
    what: "read the site's goals from the Analytics object management API",
    needs: "at least view access to the site's Analytics (goals)",
    fallback: 'idgoal was checked against the Tracking API only',
  },
  annotations: {
    what: 'add annotations in Analytics',
    needs: 'a permission on the site that allows adding public user annotations',
    fallback: 'no annotation was added; everything else was reported as usual',
  },
  tagManager: {
    what: "read the site's Tag Manager publishes (Tag Manager API, /api/tag/v1/{app_id}/versions)",
    needs: "at least view access to the site's Tag Manager (the site's View permission)",
    fallback: 'no problem was linked to a Tag Manager publish',
  },
};

export function accountNotices(problems: readonly AccountProblem[]): string[] {
  const bySource = new Map<AccountSource, AccountProblem[]>();
  for (const problem of problems) bySource.set(problem.source, [...(bySource.get(problem.source) ?? []), problem]);
  // In a fixed order, whichever API answered first.
  const order = Object.keys(DESCRIPTIONS) as AccountSource[];
  return order.flatMap((source) => {
    const list = bySource.get(source);
    return list ? [notice(source, list)] : [];
  });
}

function notice(source: AccountSource, problems: readonly AccountProblem[]): string {
  const { what, needs, fallback } = DESCRIPTIONS[source];
  const sites = [...new Set(problems.map((p) => p.siteId))];
  // The list (siteId '') concerns no one site.
  const where = sites.length === 1 ? (sites[0] ? ` for site ${sites[0]}` : '') : ` for ${sites.length} sites (${sites.join(', ')})`;
  const refused = problems.find((p) => p.status === 401 || p.status === 403 || p.status === 404);
  const why = refused
    ? `it was refused (HTTP ${refused.status ?? '?'}): the API client needs ${needs}`
    : `it failed: ${(problems[0]?.message ?? 'unknown error').replace(/\.+$/, '')}`;
  return `Could not ${what}${where}; ${why}. Instead, ${fallback}.`;
}
