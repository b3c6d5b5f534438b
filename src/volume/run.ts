import type { AccountKnowledge } from '../account/knowledge.js';
import type { Config } from '../config.js';
import type { PiwikApi } from '../piwik/api.js';
import { siteLabel, siteOf } from '../text/site-label.js';
import type { ScanResult } from '../types.js';
import { withVolume } from './groups.js';
import { notCheckedNotices, readVolume, type VolumeReading } from './read.js';

/**
 * The volume check as the pipeline runs it: started beside the scan (a watch
 * brings its own last reading instead), then joined to the scan's result,
 * with one notice for the sites it could not check.
 */
export function startVolume(
  config: Config,
  deps: { api: PiwikApi; account: AccountKnowledge; now: Date },
  fromWatch?: VolumeReading,
): Promise<VolumeReading> {
  if (fromWatch) return Promise.resolve(fromWatch);
  if (!config.volume.enabled) return Promise.resolve({ judgements: new Map() });
  // Never rejects: a failure is a site's `not-checked`, and a bug must not lose the scan.
  return readVolume(config.volume, config.siteIds, deps).catch(() => ({ judgements: new Map() }));
}

/**
 * The scan with the volume joined. After a failed login every read failed for that one reason, which
 * the scan's error already says; a site the scan could not check has its error already, so it is not
 * named again in the notice.
 */
export function joinVolume(
  scanned: { result: ScanResult; error?: string },
  reading: VolumeReading,
  notice: (message: string) => void,
): { result: ScanResult; error?: string } {
  if (scanned.error) return scanned;
  const failed = new Set(scanned.result.sites.filter((s) => s.error).map((s) => s.siteId));
  const reported = new Map([...reading.judgements].filter(([siteId]) => !failed.has(siteId)));
  const label = (siteId: string) => siteLabel(siteOf(scanned.result.sites, siteId), { exact: true });
  for (const line of notCheckedNotices(reported, label)) notice(line);
  return { ...scanned, result: withVolume(scanned.result, reading.judgements) };
}
