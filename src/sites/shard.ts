import { createHash } from 'node:crypto';
import type { Shard } from '../config/sites.js';

/**
 * Which shard a site belongs to: a hash of its UUID, modulo the shard count.
 * It depends on the site alone, so every job of a matrix agrees without
 * talking to the others, each site lands in exactly one shard, and a site
 * added to the account never moves the others to another shard (their
 * issues, state files and `since` cuts stay with the same job).
 */
export function shardOf(siteId: string, count: number): number {
  const digest = createHash('sha256').update(siteId.toLowerCase()).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** The sites of one shard, in the order given; all of them without a shard. */
export function sliceForShard(siteIds: readonly string[], shard: Shard | undefined): string[] {
  if (!shard) return [...siteIds];
  return siteIds.filter((id) => shardOf(id, shard.count) === shard.index);
}
