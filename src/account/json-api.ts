import { HttpClient, HttpError } from '../http/client.js';
import type { PiwikApi } from '../piwik/api.js';
import { JSON_API } from './paths.js';

/**
 * JSON:API exchanges with the account APIs. Their answers are untrusted like
 * everything from the network: readers below take what has the documented type
 * and drop the rest, so an odd body degrades to "unknown", never to a crash.
 */

/** A list of hundreds of dimensions fits easily; a hostile body cannot fill memory. */
const MAX_BODY_CHARS = 2 * 1024 * 1024;

export type JsonObject = Readonly<Record<string, unknown>>;

export async function getJsonApi(api: PiwikApi, pathAndQuery: string, what: string): Promise<JsonObject> {
  const response = await api.send({ method: 'GET', pathAndQuery, what, accept: JSON_API });
  return parseBody(await HttpClient.text(response, MAX_BODY_CHARS), what, response.status);
}

/** A write that must not be repeated by a retry (the server may have done it before failing). */
export async function postJsonApi(api: PiwikApi, pathAndQuery: string, what: string, body: unknown): Promise<JsonObject> {
  const response = await api.send({ method: 'POST', pathAndQuery, what, accept: JSON_API, body: JSON.stringify(body), retry: false });
  return parseBody(await HttpClient.text(response, MAX_BODY_CHARS), what, response.status);
}

function parseBody(text: string, what: string, status: number): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // Falls through to the error below.
  }
  throw new HttpError(what, status, 'the answer was not a JSON:API document.');
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` as a list of resource objects (anything else in it is dropped). */
function resources(document: JsonObject): JsonObject[] {
  const data = document.data;
  return Array.isArray(data) ? data.filter(isObject) : [];
}

export function attributesOf(resource: unknown): JsonObject {
  const attributes = isObject(resource) ? resource.attributes : undefined;
  return isObject(attributes) ? attributes : {};
}

function total(document: JsonObject): number | undefined {
  const value = isObject(document.meta) ? document.meta.total : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** Lists come in pages; this many items a page keeps a large account to a request or two. */
const PAGE_LIMIT = 1000;
/** Past this, an account's list is read in part (the checks then skip what they cannot be sure of). */
const MAX_PAGES = 20;

/** Every page of a list endpoint, `offset`/`limit` as the spec defines them, until `meta.total` is reached. */
export async function readAllPages(api: PiwikApi, path: string, query: Record<string, string>, what: string): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = new URLSearchParams({ ...query, limit: String(PAGE_LIMIT), offset: String(items.length) });
    const document = await getJsonApi(api, `${path}?${params.toString()}`, what);
    const batch = resources(document);
    items.push(...batch);
    const expected = total(document);
    // The total decides when it is given: a server may send shorter pages than asked for.
    const done = expected === undefined ? batch.length < PAGE_LIMIT : items.length >= expected;
    if (batch.length === 0 || done) return items;
  }
  throw new HttpError(what, undefined, `more than ${MAX_PAGES * PAGE_LIMIT} items; read in part only.`);
}
