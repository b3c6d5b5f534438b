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
  /** A site's settings alone (one request): the volume check needs every checked site's time zone, not its dimensions. */
  private readonly settingsReads = new Map<string, Promise<PartReading<SiteSettings>>>();
  private readonly limit = createLimiter(CONCURRENT_SITES);
  // Apart from `limit`: a full reading waits for its site's settings, which must never wait behind it.
  private readonly settingsLimit = createLimiter(CONCURRENT_SITES * 2);
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
      this.limit(() => readSite(this.api, siteId, this.reads, this.settingsReading(siteId))),
    );
  }

  /** A site's settings (its time zone, its name), read once and shared with its full reading: one request. */
  async settings(siteId: string): Promise<SiteSettings | undefined> {
    return (await this.settingsReading(siteId)).value;
  }

  private settingsReading(siteId: string): Promise<PartReading<SiteSettings>> {
    let reading = this.settingsReads.get(siteId);
    if (!reading) {
      reading = this.settingsLimit(() => readPart(this.api, siteId, this.reads, 'app', (client) => readSiteSettings(client, siteId)));
      this.settingsReads.set(siteId, reading);
    }
    return reading;
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
    // The settings read alone (a volume check's time zones) name their sites too; a full reading shares them.
    const settings = Promise.all([...this.settingsReads.entries()].map(async ([siteId, r]) => [siteId, (await r).value?.name] as const));
    const [listed, read] = await Promise.all([this.listedNames, settings]);
    const names = new Map(listed);
    for (const [siteId, name] of read) if (name !== undefined) names.set(siteId, name);
    return names;
  }

  async problems(): Promise<AccountProblem[]> {
    const [sites, settings] = await Promise.all([Promise.all(this.readings.values()), Promise.all(this.settingsReads.values())]);
    return [...settings.flatMap((r) => r.problems), ...sites.flatMap((r) => r.problems)];
  }
}

/** One account read of a site: its value, or the problem that is reported once (the settings' in problems() only). */
interface PartReading<T> {
  readonly value?: T;
  readonly problems: readonly AccountProblem[];
}

async function readPart<T>(
  api: PiwikApi,
  siteId: string,
  reads: OptionalReads | undefined,
  source: AccountSource,
  read: (client: PiwikApi) => Promise<T>,
): Promise<PartReading<T>> {
  try {
    const value = await (reads
      ? reads.run(`The ${SOURCE_NAMES[source]} (site ${siteId})`, (signal) => read(api.withSignal(signal)))
      : read(api));
    return { value, problems: [] };
  } catch (error) {
    return { problems: [accountProblem(source, siteId, error)] };
  }
}

async function readSite(
  api: PiwikApi,
  siteId: string,
  reads: OptionalReads | undefined,
  settingsReading: Promise<PartReading<SiteSettings>>,
): Promise<SiteReading> {
  const [settings, dimensions, goals] = await Promise.all([
    settingsReading,
    readPart(api, siteId, reads, 'customDimensions', (client) => readCustomDimensions(client, siteId)),
    readPart(api, siteId, reads, 'goals', (client) => readGoals(client, siteId)),
  ]);
  const knowledge = { siteId, settings: settings.value, dimensions: dimensions.value, goals: goals.value };
  return { knowledge, problems: [...dimensions.problems, ...goals.problems] };
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
