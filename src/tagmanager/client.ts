import { attributesOf, getJsonApi, isObject, text, type JsonObject } from '../account/json-api.js';
import type { PiwikApi } from '../piwik/api.js';

/**
 * Reads of Piwik PRO's Tag Manager API (JSON:API, `application/vnd.api+json`):
 * the published version, the list of published and historic versions, one
 * version, and a version's changelog, every request in the shape of the
 * published description (test/tagmanager/contract.test.ts checks them against
 * simulator/tagmanager-api.json). Answers are untrusted: what lacks the
 * documented type is dropped, never guessed.
 */
const BASE = (siteId: string): string => `/api/tag/v1/${encodeURIComponent(siteId)}`;
const PUBLISHED_PATH = (siteId: string): string => `${BASE(siteId)}/versions/published`;
const VERSIONS_PATH = (siteId: string): string => `${BASE(siteId)}/versions`;
const VERSION_PATH = (siteId: string, versionId: string): string => `${VERSIONS_PATH(siteId)}/${encodeURIComponent(versionId)}`;
const CHANGELOG_PATH = (siteId: string, versionId: string): string => `${VERSION_PATH(siteId, versionId)}/changelog`;

const WHAT = 'Tag Manager API';

/** A version as far as the blame needs it. */
export interface VersionInfo {
  readonly id: string;
  readonly major: number;
  readonly minor: number;
  readonly type?: string;
  /** Absent for a version never published (a historic snapshot), and in list answers, which do not carry it. */
  readonly publishedAt?: string;
  readonly updatedAt?: string;
  readonly publisherEmail?: string;
}

/** One changelog entry, its content still attached: src/tagmanager/publishes.ts searches it and drops it. */
export interface ChangeEntry {
  readonly changeType: string;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** GET …/versions/published: the version in force now. */
export async function readPublished(api: PiwikApi, siteId: string): Promise<VersionInfo | undefined> {
  const document = await getJsonApi(api, PUBLISHED_PATH(siteId), `${WHAT} (/api/tag/v1/{app_id}/versions/published)`);
  return versionOf(document.data);
}

/** GET …/versions/{version_id}: one version, with its publish time. */
export async function readVersion(api: PiwikApi, siteId: string, versionId: string): Promise<VersionInfo | undefined> {
  const document = await getJsonApi(api, VERSION_PATH(siteId, versionId), `${WHAT} (/api/tag/v1/{app_id}/versions/{version_id})`);
  return versionOf(document.data);
}

export interface Page<T> {
  readonly items: readonly T[];
  /** `meta.total`, when the answer says it. */
  readonly total?: number;
}

/**
 * GET …/versions with `filter[version_type][]` once per type (the description's
 * own note: comma-separated values do not work there), newest change first.
 */
export async function listVersions(
  api: PiwikApi,
  siteId: string,
  types: readonly string[],
  offset: number,
  limit: number,
): Promise<Page<VersionInfo>> {
  const query = new URLSearchParams();
  for (const type of types) query.append('filter[version_type][]', type);
  query.set('sort', '-updated_at');
  query.set('page[limit]', String(limit));
  query.set('page[offset]', String(offset));
  const document = await getJsonApi(api, `${VERSIONS_PATH(siteId)}?${query.toString()}`, `${WHAT} (/api/tag/v1/{app_id}/versions)`);
  return { items: listOf(document).flatMap((item) => optional(versionOf(item))), total: totalOf(document) };
}

/** GET …/versions/{version_id}/changelog: one page of changes, oldest first. */
export async function readChangelogPage(
  api: PiwikApi,
  siteId: string,
  versionId: string,
  offset: number,
  limit: number,
): Promise<Page<ChangeEntry>> {
  const query = new URLSearchParams({ sort: 'created_at', 'page[limit]': String(limit), 'page[offset]': String(offset) });
  const document = await getJsonApi(
    api,
    `${CHANGELOG_PATH(siteId, versionId)}?${query.toString()}`,
    `${WHAT} (/api/tag/v1/{app_id}/versions/{version_id}/changelog)`,
  );
  return { items: listOf(document).flatMap((item) => optional(changeOf(item))), total: totalOf(document) };
}

function versionOf(resource: unknown): VersionInfo | undefined {
  if (!isObject(resource)) return undefined;
  const id = text(resource.id);
  const attributes = attributesOf(resource);
  const major = count(attributes.version_major);
  const minor = count(attributes.version_minor);
  if (id === undefined || major === undefined || minor === undefined) return undefined;
  const publisher = isObject(attributes.publisher) ? text(attributes.publisher.email) : undefined;
  return {
    id,
    major,
    minor,
    type: text(attributes.version_type),
    publishedAt: instant(attributes.published_at),
    updatedAt: instant(attributes.updated_at),
    publisherEmail: publisher,
  };
}

function changeOf(resource: JsonObject): ChangeEntry | undefined {
  const attributes = attributesOf(resource);
  const changeType = text(attributes.change_type);
  const resourceType = text(attributes.resource_type);
  if (changeType === undefined || resourceType === undefined) return undefined;
  return {
    changeType,
    resourceType,
    resourceName: text(attributes.resource_name) ?? '',
    before: attributes.before_content,
    after: attributes.after_content,
  };
}

function listOf(document: JsonObject): JsonObject[] {
  return Array.isArray(document.data) ? document.data.filter(isObject) : [];
}

function totalOf(document: JsonObject): number | undefined {
  const total = isObject(document.meta) ? document.meta.total : undefined;
  return count(total);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The API writes `2020-01-30T14:20:00+00:00`; the rest of the project speaks UTC `…Z`. */
function instant(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
