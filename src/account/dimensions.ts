import type { PiwikApi } from '../piwik/api.js';
import { attributesOf, flag, readAllPages, text } from './json-api.js';
import { CUSTOM_DIMENSIONS_PATH } from './paths.js';
import { accountText } from './text.js';

/** A custom dimension as the diagnosis needs it: `dimension<trackingId>` is how a tag sends it. */
export interface CustomDimension {
  readonly trackingId: number;
  readonly name: string;
  readonly active: boolean;
  readonly scope?: string;
}

/** GET /api/analytics/v1/manage/custom-dimensions/?website_id=…, every page. */
export async function readCustomDimensions(api: PiwikApi, siteId: string): Promise<CustomDimension[]> {
  const items = await readAllPages(
    api,
    CUSTOM_DIMENSIONS_PATH,
    { website_id: siteId },
    'Analytics custom dimensions API (/api/analytics/v1/manage/custom-dimensions/)',
  );
  const dimensions: CustomDimension[] = [];
  for (const item of items) {
    const attributes = attributesOf(item);
    const trackingId = attributes.tracking_id;
    if (typeof trackingId !== 'number' || !Number.isInteger(trackingId) || trackingId < 1) continue;
    dimensions.push({
      trackingId,
      name: accountText(text(attributes.name) ?? ''),
      // A dimension whose state is not said is taken as active: a finding must never rest on a guess.
      active: flag(attributes.active) ?? true,
      scope: text(attributes.scope),
    });
  }
  return dimensions;
}
