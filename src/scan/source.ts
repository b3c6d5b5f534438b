import type { PiwikApi } from '../piwik/api.js';
import type { AccountKnowledge } from '../account/knowledge.js';
import type { ScanResult } from '../types.js';
import { scan, type ScanDeps, type ScanSettings } from './scan.js';

/** What one scan needs besides the settings, the client and what the pipeline hands it when it starts the scan. */
export type OneScanDeps = Omit<ScanDeps, 'api' | 'login' | 'account' | 'now'>;

/**
 * The usual source of a run's scan: one scan of the window, on the run's
 * client, started by the pipeline beside its other reads (src/pipeline.ts's
 * ScanSource; a watch is the other kind).
 */
export function oneScan(
  settings: ScanSettings,
  api: PiwikApi,
  deps: OneScanDeps,
): { api: PiwikApi; scan: (context: { account: AccountKnowledge; login: Promise<void>; at: Date }) => Promise<ScanResult> } {
  return {
    api,
    scan: ({ account, login, at }) => scan(settings, { ...deps, api, login, account, now: () => at }),
  };
}
