import type { Routing } from './routes.js';
import type { Shard, SiteSelection } from './sites.js';
import type { OptionNames } from '../text/option-names.js';
import type { VolumeConfig } from './volume.js';
import type { ChannelsConfig } from './channels.js';

/**
 * The settings of a run, as parseConfig (src/config.ts) makes them from the
 * action's inputs or the CLI's flags: the rest of the code reads these and
 * never an input.
 */
export interface Config {
  /** Account origin plus any path prefix, without a trailing slash. */
  readonly instanceUrl: string;
  /** The sites to scan: the UUIDs given, or (`site-id: all`) the ones the run lists once it has a token (src/sites/resolve.ts). */
  readonly siteIds: readonly string[];
  readonly sites: SiteSelection;
  /** `shard: K/N`: this job scans the K-th of N slices of the sites (src/sites/shard.ts). */
  readonly shard?: Shard;
  /** Where each problem goes (src/routing/): no rules means everything goes where the inputs say. */
  readonly routes: Routing;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly eventTypes: readonly number[];
  readonly lookupWindow: number;
  readonly maxSessions: number;
  readonly pageUrl?: string;
  readonly fetchLogs: FetchLogs;
  readonly redact: boolean;
  readonly failOnEvents: boolean;
  readonly dryRun: boolean;
  /** Add a Piwik PRO annotation for each group that becomes new or regressed. */
  readonly annotate: boolean;
  /** The whole run's time budget; requests still running then are aborted. */
  readonly timeoutSeconds: number;
  /** A problem is laid at a Tag Manager publish only when it began this many minutes after it at most (src/tagmanager/). */
  readonly publishBlameMinutes: number;
  readonly watch: WatchConfig;
  readonly alerting: AlertConfig;
  /** Slack, Microsoft Teams, the webhook and e-mail (src/channels/), per destination (src/config/channels.ts). */
  readonly channels: ChannelsConfig;
  readonly github: GithubConfig;
  /** The volume check (src/volume/): silence and drop detection. */
  readonly volume: VolumeConfig;
  /** How messages name a setting: the action's inputs, or the CLI's flags and variables (src/text/option-names.ts). */
  readonly names: OptionNames;
}

/**
 * Whose raw requests are fetched: the few samples each group shows (the
 * default, one batched request per site), every matched event's (written to
 * the evidence file as they arrive), or none.
 */
export type FetchLogs = 'samples' | 'all' | 'none';

/** When a run alerts: only on change, by default. */
export interface AlertConfig {
  readonly since: Since;
  readonly notify: 'changes' | 'always';
  /** A known group alerts again when its count reaches this multiple of its last report. */
  readonly escalateFactor: number;
  /** Fewer new events than this: report, but neither alert nor fail. */
  readonly minEvents: number;
  readonly ignore: readonly SilenceRule[];
  /** Where a run remembers what it reported (`state-file`): read by `since: auto` first, written after a successful run. */
  readonly stateFile?: string;
}

/** Post-deploy watch: poll from `since` on and stop at the first new events. `minutes: 0` is one scan. */
interface WatchConfig {
  readonly minutes: number;
  readonly intervalSeconds: number;
}

/** The Debugger API looks back at most this many minutes: the longest `lookup-window`, and the longest watch. */
export const DEBUGGER_WINDOW_MINUTES = 300;

/** Which events are new: after the previous successful run (auto), all in the window, or after an instant. */
export type Since =
  | { readonly kind: 'auto' }
  | { readonly kind: 'window' }
  | { readonly kind: 'instant'; readonly at: string }
  /** After each site's latest Tag Manager publish. */
  | { readonly kind: 'tag-manager' };

/** One line of the `ignore` input: a 16-hex-digit fingerprint matches exactly; any other text is looked for in the error message. */
export type SilenceRule = {
  readonly text: string;
  /** YYYY-MM-DD, inclusive; the rule is ignored (with a notice) after that day. */
  readonly until?: string;
} & ({ readonly fingerprint: string } | { readonly contains: string });

interface GithubConfig {
  readonly createIssue: boolean;
  readonly token?: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  readonly closeResolved: boolean;
  /** At most this many open issues with the tracking label, across runs; past it, one overflow issue lists the rest. */
  readonly maxOpenIssues: number;
}
