import { createLimiter } from '../http/limit.js';
import { OptionalReads } from '../http/time-limit.js';
import type { PiwikApi } from '../piwik/api.js';
import { readSiteSettings, type SiteSettings } from './apps.js';
import { readCustomDimensions, type CustomDimension } from './dimensions.js';
import { readGoals, type Goal } from './goals.js';

/**
 * What the account itself knows about a site: its settings (Apps API), its
 * custom dimensions and goals (Analytics object management API). Each part is
 * read once per run, while the scan runs, and is absent when it could not be
 * read: whatever uses it falls back to what it did without (UUIDs, the
 * spec-only diagnosis).
 */
export interface SiteKnowledge {
  readonly siteId: string;
  readonly settings?: SiteSettings;
  readonly dimensions?: readonly CustomDimension[];
  readonly goals?: readonly Goal[];
}

/** The account APIs this project reads or writes, each with its own permission. */
export type AccountSource = 'app' | 'customDimensions' | 'goals' | 'annotations' | 'tagManager';

/** One failed call to an account API: it is reported once, as a notice, and never fails the run. */
export interface AccountProblem {
  readonly source: AccountSource;
  readonly siteId: string;
  readonly status?: number;
  readonly message: string;
}

export interface SiteReading {
  readonly knowledge: SiteKnowledge;
  readonly problems: readonly AccountProblem[];
}

const SOURCE_NAMES: Readonly<Record<AccountSource, string>> = {
  app: 'Apps API',
  customDimensions: 'custom dimensions API',
  goals: 'goals API',
  annotations: 'annotations API',
  tagManager: 'Tag Manager API',
};

/** Sites read at once: three requests each, leaving most connections to the scan on the critical path. */
const CONCURRENT_SITES = 2;

/** Every site's reading, started at once; nothing here ever rejects. */
export class AccountKnowledge {
  constructor(private readonly readings: ReadonlyMap<string, Promise<SiteReading>>) {}

  /** What is known of each site, once every site's reads have settled. */
  async all(): Promise<ReadonlyMap<string, SiteKnowledge>> {
    const entries = await Promise.all(
      [...this.readings.entries()].map(async ([siteId, reading]) => [siteId, (await reading).knowledge] as const),
    );
    return new Map(entries);
  }

  /** What is known of one site, once its reads have settled; undefined for a site not being read. */
  async site(siteId: string): Promise<SiteKnowledge | undefined> {
    return (await this.readings.get(siteId))?.knowledge;
  }

  async problems(): Promise<AccountProblem[]> {
    return (await Promise.all(this.readings.values())).flatMap((r) => r.problems);
  }
}

/**
 * Starts reading every site now, a few at a time, beside the scan. Every read ends within `limitMs` from now
 * (src/http/time-limit.ts): a late one is a problem like a refused one, never a run held until its budget is spent.
 */
export function readAccount(api: PiwikApi, siteIds: readonly string[], limitMs = Infinity): AccountKnowledge {
  const reads = Number.isFinite(limitMs) ? new OptionalReads(limitMs) : undefined;
  const readings = new Map<string, Promise<SiteReading>>();
  const limit = createLimiter(CONCURRENT_SITES);
  for (const siteId of siteIds)
    readings.set(
      siteId,
      limit(() => readSite(api, siteId, reads)),
    );
  return new AccountKnowledge(readings);
}

async function readSite(api: PiwikApi, siteId: string, reads: OptionalReads | undefined): Promise<SiteReading> {
  const problems: AccountProblem[] = [];
  const attempt = async <T>(source: AccountSource, read: (client: PiwikApi) => Promise<T>): Promise<T | undefined> => {
    try {
      return await (reads
        ? reads.run(`The ${SOURCE_NAMES[source]} (site ${siteId})`, (signal) => read(api.withSignal(signal)))
        : read(api));
    } catch (error) {
      problems.push(accountProblem(source, siteId, error));
      return undefined;
    }
  };
  const [settings, dimensions, goals] = await Promise.all([
    attempt('app', (client) => readSiteSettings(client, siteId)),
    attempt('customDimensions', (client) => readCustomDimensions(client, siteId)),
    attempt('goals', (client) => readGoals(client, siteId)),
  ]);
  return { knowledge: { siteId, settings, dimensions, goals }, problems };
}

export function accountProblem(source: AccountSource, siteId: string, error: unknown): AccountProblem {
  const status = (error as { status?: unknown } | null)?.status;
  return {
    source,
    siteId,
    status: typeof status === 'number' ? status : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}
