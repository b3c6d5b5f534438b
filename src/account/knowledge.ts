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
export type AccountSource = 'apps' | 'app' | 'customDimensions' | 'goals' | 'annotations' | 'tagManager';

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
  apps: "Apps API's list",
  app: 'Apps API',
  customDimensions: 'custom dimensions API',
  goals: 'goals API',
  annotations: 'annotations API',
  tagManager: 'Tag Manager API',
};

/** Sites read at once: three requests each, leaving most connections to the scan on the critical path. */
const CONCURRENT_SITES = 2;

/**
 * What the account knows of the sites that need it. A site's settings,
 * dimensions and goals are read only when the scan asks (it found something
 * there to diagnose), once, a few sites at a time, each read ending within
 * the optional reads' time limit (src/http/time-limit.ts): cost follows the
 * problems, not the site count. Names of the other sites come from the Apps
 * API's list (src/sites/). Nothing here ever rejects.
 */
export class AccountKnowledge {
  private readonly readings = new Map<string, Promise<SiteReading>>();
  private readonly limit = createLimiter(CONCURRENT_SITES);
  private readonly reads: OptionalReads | undefined;

  constructor(
    private readonly api: PiwikApi,
    options: {
      /** Every read ends within this many ms from now; a late one is a problem like a refused one. */
      readonly limitMs?: number;
      /** Site names from the Apps API's list, when it was read (never rejects). */
      readonly names?: Promise<ReadonlyMap<string, string>>;
    } = {},
  ) {
    const limitMs = options.limitMs ?? Infinity;
    this.reads = Number.isFinite(limitMs) ? new OptionalReads(limitMs) : undefined;
    this.listedNames = options.names ?? Promise.resolve(new Map());
  }

  private readonly listedNames: Promise<ReadonlyMap<string, string>>;

  /** Starts reading a site (once; later calls reuse the reading). */
  request(siteId: string): void {
    if (this.readings.has(siteId)) return;
    this.readings.set(
      siteId,
      this.limit(() => readSite(this.api, siteId, this.reads)),
    );
  }

  /** What is known of each site asked for, once those reads have settled. */
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

  /** Every site's name: the list's, or the one its settings gave. */
  async names(): Promise<ReadonlyMap<string, string>> {
    const [listed, known] = await Promise.all([this.listedNames, this.all()]);
    const names = new Map(listed);
    for (const [siteId, knowledge] of known) if (knowledge.settings?.name !== undefined) names.set(siteId, knowledge.settings.name);
    return names;
  }

  async problems(): Promise<AccountProblem[]> {
    return (await Promise.all(this.readings.values())).flatMap((r) => r.problems);
  }
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
