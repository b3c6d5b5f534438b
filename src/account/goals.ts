import type { PiwikApi } from '../piwik/api.js';
import { isUuid } from '../text/uuid.js';
import { attributesOf, readAllPages, text } from './json-api.js';
import { GOALS_PATH } from './paths.js';
import { accountText } from './text.js';

export interface Goal {
  /** Lower-case UUID: `idgoal` may name a goal by it. */
  readonly id: string;
  readonly name: string;
}

/** GET /api/analytics/v1/manage/goals/?website_id=…, every page. */
export async function readGoals(api: PiwikApi, siteId: string): Promise<Goal[]> {
  const items = await readAllPages(api, GOALS_PATH, { website_id: siteId }, 'Analytics goals API (/api/analytics/v1/manage/goals/)');
  return items.flatMap((item) => {
    const id = text(item.id);
    return id !== undefined && isUuid(id) ? [{ id: id.toLowerCase(), name: accountText(text(attributesOf(item).name) ?? '') }] : [];
  });
}
