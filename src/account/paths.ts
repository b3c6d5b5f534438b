/**
 * The account endpoints this project uses, as Piwik PRO's OpenAPI descriptions
 * name them (the Apps API and the Analytics object management API). The
 * contract test checks every request the clients make against the derived form
 * of those descriptions in test/account/account-api.json.
 */
/** Every site the API client may see, page by page. */
export const APPS_PATH = '/api/apps/v2';
export const APP_PATH = (siteId: string): string => `/api/apps/v2/${encodeURIComponent(siteId)}`;
export const CUSTOM_DIMENSIONS_PATH = '/api/analytics/v1/manage/custom-dimensions/';
export const GOALS_PATH = '/api/analytics/v1/manage/goals/';
export const USER_ANNOTATIONS_PATH = '/api/analytics/v1/manage/annotation/user/';

/** Both APIs speak JSON:API. */
export const JSON_API = 'application/vnd.api+json';
