import type { PiwikApi } from '../piwik/api.js';
import { attributesOf, postJsonApi, readAllPages, text } from './json-api.js';
import { USER_ANNOTATIONS_PATH } from './paths.js';

/** User annotations: dated notes on a site, shown on its Analytics reports. */
export const ANNOTATION_MAX_LENGTH = 150;

const WHAT = 'Analytics user annotations API (/api/analytics/v1/manage/annotation/user/)';

/** The contents of a site's user annotations on one day (YYYY-MM-DD), as far as the API client may see them. */
export async function listAnnotations(api: PiwikApi, siteId: string, date: string): Promise<string[]> {
  const items = await readAllPages(api, USER_ANNOTATIONS_PATH, { website_id: siteId, date_from: date, date_to: date }, WHAT);
  return items.map((item) => text(attributesOf(item).content) ?? '');
}

/** POST …/annotation/user/: public, so that everyone who reads the site's reports sees it. */
export async function createAnnotation(api: PiwikApi, siteId: string, date: string, content: string): Promise<void> {
  await postJsonApi(api, USER_ANNOTATIONS_PATH, WHAT, {
    data: { type: 'UserAnnotation', attributes: { date, content, website_id: siteId, visibility: 'public' } },
  });
}
