import { accountProblem, type AccountProblem } from '../account/knowledge.js';
import { CredentialsRejectedError } from '../piwik/auth.js';
import type { PiwikApi } from '../piwik/api.js';
import { DeadlineExceededError } from '../http/client.js';
import { plural } from '../text/plural.js';
import type { OptionNames } from '../text/option-names.js';
import { listSites, type ListedSite } from './list.js';
import { shardText, type Shard, type SiteSelection } from '../config/sites.js';
import { sliceForShard } from './shard.js';

/**
 * The sites of this run, once it has a token: the UUIDs given, or the Apps
 * API's list (`site-id: all`) minus the exclusions; then this job's shard.
 * The list also names every site, so no site's settings are read for its
 * name. With UUIDs given, the list is read beside the scan, for the names
 * only. Never throws: a list that `all` cannot do without is `error`.
 */
export interface ResolvedSites {
  /** What this run scans, each site once, sorted by id when they came from the list. */
  readonly siteIds: readonly string[];
  /** Names from the list (empty when it could not be read); never rejects. */
  readonly names: Promise<ReadonlyMap<string, string>>;
  /** The list's failure, when UUIDs were given (the names only are missing then); never rejects. */
  readonly problem: Promise<AccountProblem | undefined>;
  /** Why there is nothing to scan (`all` without a list); the run reports it as its scan's failure. */
  readonly error?: string;
  /** Said once in the run's notices: an empty shard, exclusions the list does not have. */
  readonly notices: readonly string[];
  readonly portfolio: PortfolioSettings;
}

/** How the report says which sites a run covered (report.settings.sites), so merged shards can be checked. */
export interface PortfolioSettings {
  readonly selection: 'all' | 'list';
  /** `2/8`. */
  readonly shard?: string;
  /** Sites before the shard was taken: the account's (minus exclusions) or the UUIDs given. */
  readonly sitesBeforeShard: number;
  readonly excluded?: number;
}

export interface SiteSettingsInput {
  readonly sites: SiteSelection;
  readonly shard?: Shard;
  readonly names: OptionNames;
}

export async function resolveSites(config: SiteSettingsInput, api: PiwikApi, login: Promise<void>): Promise<ResolvedSites> {
  if (config.sites.kind === 'list') return givenSites(config.sites.ids, config, api, login);
  const exclude = new Set(config.sites.exclude);
  let listed: ListedSite[];
  try {
    await login;
    listed = await listSites(api);
  } catch (error) {
    return failed(config, listError(error, config.names), exclude.size);
  }
  const kept = listed.filter((s) => !exclude.has(s.siteId)).sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
  if (kept.length === 0) {
    const none = listed.length === 0 ? 'the Apps API lists no site this API client may see' : 'every site it lists is excluded';
    return failed(
      config,
      `${config.names.set('site-id', 'all')} found nothing to scan: ${none}. Give the API client view access to the sites, or list their UUIDs.`,
      exclude.size,
    );
  }
  const siteIds = sliceForShard(
    kept.map((s) => s.siteId),
    config.shard,
  );
  const unknown = [...exclude].filter((id) => !listed.some((s) => s.siteId === id));
  const notices = [...shardNotice(config, siteIds.length, kept.length), ...exclusionNotice(unknown, config.names)];
  return {
    siteIds,
    names: Promise.resolve(new Map(kept.flatMap((s) => (s.name === undefined ? [] : [[s.siteId, s.name] as const])))),
    problem: Promise.resolve(undefined),
    notices,
    portfolio: { selection: 'all', sitesBeforeShard: kept.length, excluded: exclude.size, ...shardField(config.shard) },
  };
}

function givenSites(ids: readonly string[], config: SiteSettingsInput, api: PiwikApi, login: Promise<void>): ResolvedSites {
  const siteIds = sliceForShard(ids, config.shard);
  // The names only: a list the client may not read costs each site its name, nothing else.
  const listing = login.then(async () => listSites(api));
  listing.catch(() => undefined);
  return {
    siteIds,
    names: listing.then(
      (listed) => new Map(listed.flatMap((s) => (s.name === undefined ? [] : [[s.siteId, s.name] as const]))),
      () => new Map<string, string>(),
    ),
    // A failed login is the scan's error, said there.
    problem: listing.then(
      () => undefined,
      (error: unknown) => (error instanceof CredentialsRejectedError ? undefined : accountProblem('apps', '', error)),
    ),
    notices: shardNotice(config, siteIds.length, ids.length),
    portfolio: { selection: 'list', sitesBeforeShard: ids.length, ...shardField(config.shard) },
  };
}

function failed(config: SiteSettingsInput, error: string, excluded: number): ResolvedSites {
  return {
    siteIds: [],
    names: Promise.resolve(new Map()),
    problem: Promise.resolve(undefined),
    error,
    notices: [],
    portfolio: { selection: 'all', sitesBeforeShard: 0, excluded, ...shardField(config.shard) },
  };
}

function shardField(shard: Shard | undefined): { shard?: string } {
  return shard ? { shard: shardText(shard) } : {};
}

/** A login refused or a run out of time says so itself; anything else is the list's failure. */
function listError(error: unknown, names: OptionNames): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CredentialsRejectedError || error instanceof DeadlineExceededError) return message;
  return `${names.set('site-id', 'all')} could not read the account's list of sites: ${message} The API client needs at least view access to the sites it should scan.`;
}

function shardNotice(config: SiteSettingsInput, inShard: number, total: number): string[] {
  if (!config.shard) return [];
  const shard = shardText(config.shard);
  if (inShard === 0) return [`Shard ${shard} holds none of the ${total} ${plural(total, 'site')}: this job had nothing to scan.`];
  return [];
}

function exclusionNotice(unknown: readonly string[], names: OptionNames): string[] {
  if (unknown.length === 0) return [];
  return [
    `${names.of('site-id')} leaves out ${unknown.join(', ')}, which the Apps API's list does not hold (a typo, or a site the API client cannot see).`,
  ];
}
