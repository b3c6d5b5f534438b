import type { AccountKnowledge } from '../account/knowledge.js';
import type { PiwikApi } from '../piwik/api.js';
import type { ScanResult } from '../types.js';
import type { VolumeReading } from '../volume/read.js';

/** What a watch did, for the report, the job summary and the CLI's text. */
export interface WatchSummary {
  /** Events after this instant counted (ISO-8601, UTC). */
  readonly since: string;
  /** Where `since` came from, in words: "the start of the watch" or "the 'since' input" (as config.names spells it). */
  readonly sinceSource: string;
  readonly minutes: number;
  readonly intervalSeconds: number;
  readonly polls: number;
  /** Polls in which the scan, or the scan of some site, failed (each was tried again at the next poll). */
  readonly failedPolls: number;
  /** From the watch's start to the end of its last poll. */
  readonly watchedSeconds: number;
  /**
   * found: new events stopped it; quiet: none did for the whole watch;
   * failed: some site was never read by any poll, so the watch could not check it.
   */
  readonly outcome: 'found' | 'quiet' | 'failed' | 'silent';
}

/** A finished watch as the pipeline takes it: the scan to report, and how the watch went. */
export interface WatchedScan {
  readonly watch: WatchSummary;
  /** The watch's start (or the given `since`): where "new" begins. */
  readonly cut: { readonly at: string; readonly source: string };
  /** The watch's client: the report's account reads go on the token the polls used. */
  readonly api: PiwikApi;
  /** The scan the report is built from: a last scan with raw requests when something matched, else the polls' own. */
  readonly scan: (context: { readonly account: AccountKnowledge }) => Promise<ScanResult>;
  /** The account's reads the watch started (for the sites' time zones): the report reuses them. */
  readonly account?: AccountKnowledge;
  /** The volume as the watch's last poll judged it (src/volume/watch.ts); the pipeline reads none of its own then. */
  readonly volume?: VolumeReading;
}
