import type { Config } from '../config.js';
import type { PiwikApi } from '../piwik/api.js';
import type { OptionNames } from '../text/option-names.js';
import { readPublished, type VersionInfo } from './client.js';

/**
 * `since: tag-manager`: "new" begins at each site's latest publish, so a run
 * started after a publish is a release gate for it, as `since: <deploy time>`
 * is for code. One request per site (the published version), asked for beside
 * the scan and kept for the blame, which needs the same answer.
 */
/** Where "new" begins: the shape of src/alerting/cut.ts's Cut, which this layer may not import. */
interface PublishCut {
  readonly at?: string;
  readonly siteCuts: ReadonlyMap<string, string>;
  readonly source: string;
  readonly notice?: string;
}

function readPublishedVersions(api: PiwikApi, siteIds: readonly string[]): ReadonlyMap<string, Promise<VersionInfo | undefined>> {
  return new Map(
    siteIds.map((siteId) => {
      const read = readPublished(api, siteId);
      // Failures are said once, by the Tag Manager step that awaits these again.
      read.catch(() => undefined);
      return [siteId, read] as const;
    }),
  );
}

/** For a watch under `since: tag-manager`: the latest publish of any of the sites, or undefined when none could be read. */
export async function latestPublish(api: PiwikApi, siteIds: readonly string[]): Promise<string | undefined> {
  const times = await Promise.all(
    [...readPublishedVersions(api, siteIds).values()].map(async (read) => (await read.catch(() => undefined))?.publishedAt),
  );
  return times
    .filter((t): t is string => t !== undefined)
    .reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
}

/**
 * The published versions `since: tag-manager` needs, read now (undefined under any other `since`),
 * with the cut they make: the blame reads the same answers again, never the API.
 */
export function publishedForCut(
  config: Pick<Config, 'alerting' | 'siteIds' | 'names'>,
  api: PiwikApi,
): (PublishedVersions & { readonly cut: () => Promise<PublishCut> }) | undefined {
  if (config.alerting.since.kind !== 'tag-manager') return undefined;
  const versions = readPublishedVersions(api, config.siteIds);
  return Object.assign(versions, { cut: () => publishCut(versions, config.names) });
}

export type PublishedVersions = ReadonlyMap<string, Promise<VersionInfo | undefined>>;

async function publishCut(published: ReadonlyMap<string, Promise<VersionInfo | undefined>>, names: OptionNames): Promise<PublishCut> {
  const entries = await Promise.all(
    [...published.entries()].map(async ([siteId, read]) => [siteId, (await read.catch(() => undefined))?.publishedAt] as const),
  );
  const siteCuts = new Map(entries.filter((e): e is readonly [string, string] => e[1] !== undefined));
  const unknown = entries.filter(([, at]) => at === undefined).map(([siteId]) => siteId);
  const source = `the latest Tag Manager publish of each site (${names.set('since', 'tag-manager')})`;
  if (unknown.length === 0) return { siteCuts, source };
  const where = unknown.length === 1 ? `site ${unknown[0]}` : `${unknown.length} sites (${unknown.join(', ')})`;
  return {
    siteCuts,
    source,
    notice: `Every event of ${where} counts as new: no published Tag Manager version could be read there, so ${names.set('since', 'tag-manager')} has no publish to start from.`,
  };
}
