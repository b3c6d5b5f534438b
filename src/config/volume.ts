import type { OptionNames } from '../text/option-names.js';
import { isUuid } from '../text/uuid.js';

/**
 * The volume check's inputs (src/volume/), parsed with the others before any request:
 * `silence-minutes` (1–300; 30, or 10 in a post-deploy watch), `drop-percent`
 * (1–99, default 20) and `volume-check` (on, off, or the site ids to check).
 */
export interface VolumeConfig {
  /** False with `volume-check: off`. */
  readonly enabled: boolean;
  /** With `volume-check: ID,…`: only these sites (lower case); undefined: every scanned site. */
  readonly sites?: readonly string[];
  readonly silenceMinutes: number;
  readonly dropPercent: number;
}

const DEFAULT_SILENCE_MINUTES = 30;
const WATCH_SILENCE_MINUTES = 10;
const DEFAULT_DROP_PERCENT = 20;
const MAX_SILENCE_MINUTES = 300;

/** What the config's parser offers (src/config.ts): each reader records a problem naming the input and returns a placeholder. */
export interface InputReading {
  optional(name: string): string | undefined;
  integer(name: string, fallback: number, min: number, max: number): number;
  fail<T>(name: string, message: string, placeholder: T): T;
}

export function parseVolumeConfig(p: InputReading, read: (name: string) => string | undefined): VolumeConfig {
  // A watch judges a shorter span by default: a release gate cannot wait half an hour.
  const watching = /^\d+$/.test((read('watch-minutes') ?? '').trim()) && Number((read('watch-minutes') ?? '').trim()) > 0;
  const silenceMinutes = p.integer('silence-minutes', watching ? WATCH_SILENCE_MINUTES : DEFAULT_SILENCE_MINUTES, 1, MAX_SILENCE_MINUTES);
  const dropPercent = p.integer('drop-percent', DEFAULT_DROP_PERCENT, 1, 99);
  return { ...checkSetting(p), silenceMinutes, dropPercent };
}

function checkSetting(p: InputReading): { enabled: boolean; sites?: readonly string[] } {
  const value = p.optional('volume-check');
  if (value === undefined) return { enabled: true };
  const lower = value.toLowerCase();
  if (lower === 'on' || lower === 'true') return { enabled: true };
  if (lower === 'off' || lower === 'false') return { enabled: false };
  const ids = value
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length > 0) {
    const shown = bad.slice(0, 3).map((b) => `'${b.slice(0, 40)}'`);
    return p.fail(
      'volume-check',
      `must be 'on', 'off', or site/app UUIDs separated by commas (not a UUID: ${shown.join(', ')}${bad.length > shown.length ? ', …' : ''}).`,
      { enabled: true },
    );
  }
  return { enabled: true, sites: [...new Set(ids)] };
}

/** Sites `volume-check` names that are not scanned: a typo would otherwise leave a site unchecked without a word. */
export function volumeProblems(volume: VolumeConfig, siteIds: readonly string[], names: OptionNames): string[] {
  const unknown = (volume.sites ?? []).filter((id) => !siteIds.includes(id));
  if (unknown.length === 0) return [];
  return [
    `${names.of('volume-check')} lists ${unknown.length === 1 ? 'a site' : 'sites'} that ${names.of('site-id')} does not scan (${unknown.join(', ')}): list only scanned sites, or 'on' for all of them.`,
  ];
}

/** Whether the volume of this site is checked in this run. */
export function checksVolume(volume: VolumeConfig, siteId: string): boolean {
  return volume.enabled && (volume.sites === undefined || volume.sites.includes(siteId.toLowerCase()));
}
