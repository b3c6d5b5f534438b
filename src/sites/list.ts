import { attributesOf, readAllPages, text } from '../account/json-api.js';
import { APPS_PATH } from '../account/paths.js';
import { accountText } from '../account/text.js';
import type { PiwikApi } from '../piwik/api.js';
import { isUuid } from '../text/uuid.js';

/** One site of the account as the Apps API's list gives it. */
export interface ListedSite {
  readonly siteId: string;
  readonly name?: string;
}

const APPS_LIST = 'Apps API (/api/apps/v2)';

/**
 * GET /api/apps/v2, every page. Sorted by when each site was added, oldest
 * first: a site added while the pages are read then lands on a later page
 * instead of pushing one already read onto the next (the default, newest
 * first, would read that one twice and miss another). Ids that are not UUIDs
 * are left out: nothing could be scanned by them.
 */
export async function listSites(api: PiwikApi): Promise<ListedSite[]> {
  const resources = await readAllPages(api, APPS_PATH, { sort: 'addedAt' }, APPS_LIST);
  const seen = new Set<string>();
  const sites: ListedSite[] = [];
  for (const resource of resources) {
    const id = text(resource.id)?.toLowerCase();
    if (id === undefined || !isUuid(id) || seen.has(id)) continue;
    seen.add(id);
    const name = text(attributesOf(resource).name);
    sites.push(name === undefined || name.trim() === '' ? { siteId: id } : { siteId: id, name: accountText(name) });
  }
  return sites;
}
