import { boundedStringify } from '../safety/json-bounds.js';
import type { RawRequest } from '../types.js';

/**
 * An AnonymizedLog line from the Logs API, checked field by field and reduced
 * to what we show. Untrusted: anything not of the documented type is dropped.
 */
export function toRawRequest(log: Record<string, unknown>): RawRequest | undefined {
  if (typeof log.id !== 'string' || log.id === '') return undefined;
  return {
    id: log.id,
    time: typeof log.time === 'string' ? log.time : '',
    method: typeof log.method === 'string' ? log.method : 'GET',
    scheme: typeof log.scheme === 'string' ? log.scheme : '',
    host: typeof log.host === 'string' ? log.host : undefined,
    headers: headerPairs(log.headers),
    queryParams: stringRecord(log.query_params),
  };
}

function headerPairs(value: unknown): [string, string][] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  );
}

/**
 * Tracking parameters are strings in the API; numbers or booleans are kept as their text, nested values as JSON
 * (one nested too deep or too large to write safely is kept as a placeholder: it fails no more than itself).
 */
const NOT_SHOWN = '[nested too deep or too large to show]';

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    out[key] = typeof raw === 'string' ? raw : typeof raw === 'object' ? (boundedStringify(raw) ?? NOT_SHOWN) : String(raw);
  }
  return out;
}
