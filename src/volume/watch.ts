import type { AccountKnowledge } from '../account/knowledge.js';
import type { Config } from '../config.js';
import type { PiwikApi } from '../piwik/api.js';
import { plural } from '../text/plural.js';
import { checksVolume } from '../config/volume.js';
import { watchCanJudge, type Judgement } from './judge.js';
import { readWatchVolume, type VolumeReading } from './read.js';
import { clockUtc } from './text.js';

/**
 * The post-deploy watch's silence rule (issue 24, point 4): at every poll, the
 * page views of each checked site since 30 minutes before the watch's start
 * (one real-time request a site); a site that had enough page views before
 * the start to expect at least 10 in silence-minutes, and has had none (and
 * no event) for silence-minutes during the watch, stops the watch, which then
 * reports it as SILENT (and fails with fail-on-events). A site that cannot
 * become silent by that rule (too little traffic before, or its volume could
 * not be read) is not asked again: its first verdict stands.
 */
export class WatchVolume {
  private readonly judgements = new Map<string, Judgement>();
  private readonly zones: Promise<ReadonlyMap<string, string | undefined>>;
  private readonly sites: readonly string[];

  constructor(
    private readonly config: Config,
    private readonly api: PiwikApi,
    account: AccountKnowledge,
    private readonly since: number,
  ) {
    this.sites = config.volume.enabled ? config.siteIds.filter((id) => checksVolume(config.volume, id)) : [];
    // The site's settings alone, for its time zone: one request a site.
    this.zones = Promise.all(this.sites.map(async (id) => [id, (await account.settings(id))?.timezone] as const)).then(
      (zones) => new Map(zones),
    );
  }

  /** One poll: the sites still worth asking; true when one of them went silent. */
  async poll(now: number): Promise<boolean> {
    const zones = await this.zones;
    const asked = this.sites.filter((id) => this.worthAsking(id));
    const judged = await Promise.all(
      asked.map(async (id) => [id, await readWatchVolume(id, zones.get(id), this.config.volume, this.api, this.since, now)] as const),
    );
    for (const [id, judgement] of judged) this.judgements.set(id, judgement);
    return this.silent().length > 0;
  }

  private worthAsking(siteId: string): boolean {
    const last = this.judgements.get(siteId);
    if (!last) return true;
    return last.volume.status !== 'not-checked' && watchCanJudge(last.volume);
  }

  silent(): string[] {
    return [...this.judgements].filter(([, j]) => j.problem?.kind === 'silent').map(([id]) => id);
  }

  /** For the poll's log line: "412 page views since 10:30 UTC" (or which site went silent). */
  logText(label: (siteId: string) => string): string {
    const read = [...this.judgements.values()].filter((j) => j.volume.watch);
    if (read.length === 0) return '';
    const views = read.reduce((n, j) => n + (j.volume.watch?.pageViews ?? 0), 0);
    const seen = `${views} page ${plural(views, 'view')} since ${clockUtc(new Date(this.since).toISOString())}`;
    const silent = this.silent().map((id) => {
      const last = this.judgements.get(id)?.problem?.lastPageView;
      return `${label(id)} silent for ${this.config.volume.silenceMinutes}+ min (${last ? `last page view ${clockUtc(last)}` : 'no page view seen'})`;
    });
    return silent.length > 0 ? `${seen}; ${silent.join('; ')}` : seen;
  }

  /** The last verdict of every checked site, for the report after the watch. */
  reading(): VolumeReading {
    return {
      judgements: new Map(this.sites.flatMap((id) => (this.judgements.has(id) ? [[id, this.judgements.get(id) as Judgement]] : []))),
    };
  }
}
