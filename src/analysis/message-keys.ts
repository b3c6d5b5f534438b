import { normalizeMessage } from './fingerprint.js';
import { splitHitValues } from './hit-values.js';

/**
 * An event's message as its group keys on it (redacted and normalised), and
 * hashes of the values it quotes (to count them without keeping them), kept
 * for the messages seen most: a burst repeats a handful of messages, and the
 * redaction's patterns then run once per message, not once per event.
 */
export interface MessageKey {
  readonly normalizedMessage: string;
  readonly valueHashes: readonly number[];
}

/** Longer messages are worked out each time rather than held. */
const CACHED_LENGTH = 2_000;
const CACHED_MESSAGES = 5_000;

export class MessageKeys {
  private readonly cache = new Map<string, MessageKey>();

  of(message: string): MessageKey {
    const cached = this.cache.get(message);
    if (cached) return cached;
    const key = { normalizedMessage: normalizeMessage(message), valueHashes: splitHitValues(message).values.map(hashValue) };
    if (message.length <= CACHED_LENGTH) {
      if (this.cache.size >= CACHED_MESSAGES) this.cache.clear();
      this.cache.set(message, key);
    }
    return key;
  }
}

/** FNV-1a, 32 bits: enough to count distinct values, and nothing of the value is kept. */
function hashValue(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
