// Types for simulator/demo-account.mjs.
import type { SimSession } from './dataset.mjs';
import type { SiteAccount } from './piwik.mjs';

export declare const DEMO_GOALS: Readonly<{ newsletter: string; contact: string; deleted: string }>;
export declare const DRIFT_MESSAGES: Readonly<{
  unknownDimension: string;
  inactiveDimension: string;
  unknownGoal: string;
  ecommerceOff: string;
}>;
export declare function demoAccounts(): Record<string, SiteAccount>;
export declare function driftSessions(now?: Date): Record<string, SimSession[]>;
export declare function withDrift<T extends { sites: Record<string, SimSession[]>; siteIds: string[] }>(
  dataset: T,
  now?: Date,
): T & { accounts: Record<string, SiteAccount> };
