// The Tag Manager API of the Piwik PRO simulator: a site's published version, its list of
// versions (`filter[version_type][]` repeated, `sort`, `page[limit]`/`page[offset]`, `meta.total`
// and `links`), one version, and a version's changelog, served in the shapes of Piwik PRO's
// OpenAPI description (JSON:API, `application/vnd.api+json`, times as `…+00:00`). Requests that
// depart from the derived contract (tagmanager-api.json) get the description's 400 error
// document; an unknown site or version its 404; `forbidden` makes every endpoint answer 403, as
// for an API client without access. A site known to the simulator but given no container has
// one version, published long before any test's window. Used by piwik.mjs.

import { randomUUID } from 'node:crypto';
import { requestOf, tagManagerContract } from './contract.mjs';

/** @import { Reply } from './reply.mjs' */
/** @import { RequestContext } from './types/piwik.js' */
/** @import { SimContainer, StoredVersion } from './types/tagmanager.js' */

const PREFIX = /^\/api\/tag\/v1\/[^/]+\/versions(?:\/|$)/;

/** @param {string} pathname */
export function isTagManagerPath(pathname) {
  return PREFIX.test(pathname);
}

const LONG_AGO = new Date('2026-01-05T09:00:00Z');

/**
 * @param {Record<string, SimContainer> | undefined} containers
 * @returns {Map<string, StoredVersion[]>}
 */
export function makeContainerStore(containers = {}) {
  return new Map(Object.entries(containers).map(([siteId, container]) => [siteId.toLowerCase(), container.versions.map(storedVersion)]));
}

/**
 * @param {import('./types/tagmanager.js').SimVersion} v
 * @returns {StoredVersion}
 */
function storedVersion(v) {
  const createdAt = v.createdAt ?? new Date((v.publishedAt ?? LONG_AGO).getTime() - 3_600_000);
  return {
    id: v.id ?? randomUUID(),
    major: v.major,
    minor: v.minor ?? 0,
    type: v.type,
    createdAt,
    publishedAt: v.publishedAt,
    publisher: v.publisher,
    author: v.author,
    changes: (v.changes ?? []).map((c, i) => ({
      ...c,
      id: c.id ?? randomUUID(),
      resourceId: c.resourceId ?? randomUUID(),
      createdAt: c.createdAt ?? new Date(createdAt.getTime() + i * 1000),
    })),
  };
}

/** `2020-01-30T14:20:00+00:00`, the description's pattern. @param {Date} d */
function apiTime(d) {
  return `${d.toISOString().slice(0, 19)}+00:00`;
}

/**
 * @param {Reply} reply
 * @param {number} status
 * @param {string} code
 * @param {string} detail
 * @param {string} [parameter]
 */
function errors(reply, status, code, detail, parameter) {
  reply.jsonApi(status, { errors: [{ code, detail, ...(parameter ? { source: { parameter } } : {}) }] });
}

/**
 * @param {RequestContext & { authorized: boolean; forbidden: boolean; containers: Map<string, StoredVersion[]> }} ctx
 */
export function serveTagManager({ state, url, body, req, reply, authorized, forbidden, containers }) {
  if (!authorized) return errors(reply, 401, 'UNAUTHORIZED', 'Authentication required.');
  const { operation, problems } = tagManagerContract.checkRequest(requestOf({ req, url, body }));
  if (!operation) return reply.text(405, 'Method Not Allowed');
  if (problems.length > 0) return errors(reply, 400, 'BAD_REQUEST', problems.join('; '));
  if (forbidden) return errors(reply, 403, 'FORBIDDEN', 'You do not have permission to access this resource.');
  const [, , , , rawApp, , rest, tail] = url.pathname.split('/');
  const siteId = decodeURIComponent(rawApp ?? '').toLowerCase();
  const versions = containers.get(siteId) ?? (state.sites.has(siteId) ? [defaultVersion(siteId, containers)] : undefined);
  if (!versions) return errors(reply, 404, 'NOT_FOUND_ERROR', `There is no application with given identifier: ${siteId}`, 'app_id');
  if (rest === undefined) return listVersions(reply, url, siteId, versions);
  if (rest === 'published') {
    const published = versions.find((v) => v.type === 'published');
    if (!published) return errors(reply, 404, 'NOT_FOUND_ERROR', 'There is no published version.', 'app_id');
    return reply.jsonApi(200, { data: versionResource(published, versions) });
  }
  const version = versions.find((v) => v.id === rest);
  if (!version) return errors(reply, 404, 'NOT_FOUND_ERROR', `There is no version with given identifier: ${rest}`, 'version_id');
  if (tail === 'changelog') return listChanges(reply, url, siteId, version);
  return reply.jsonApi(200, { data: versionResource(version, versions) });
}

/**
 * @param {string} siteId
 * @param {Map<string, StoredVersion[]>} containers
 */
function defaultVersion(siteId, containers) {
  const [version] = [storedVersion({ major: 1, type: 'published', publishedAt: LONG_AGO, publisher: 'owner@example.com' })];
  containers.set(siteId, [version]);
  return version;
}

/**
 * Every attribute the "get version" answers carry.
 * @param {StoredVersion} v
 * @param {StoredVersion[]} all
 */
function versionResource(v, all) {
  const parent = all
    .filter((o) => o.publishedAt && v.publishedAt && o.publishedAt < v.publishedAt)
    .sort(byPublished)
    .at(-1);
  const user = (/** @type {string | undefined} */ email) => (email ? { email, id: uuidOf(email) } : null);
  return {
    id: v.id,
    type: 'version',
    attributes: {
      version_type: v.type,
      has_changes: false,
      version_major: v.major,
      version_minor: v.minor,
      created_at: apiTime(v.createdAt),
      updated_at: apiTime(updatedAt(v)),
      published_at: v.publishedAt ? apiTime(v.publishedAt) : null,
      parent_id: parent?.id ?? null,
      author: user(v.author ?? v.publisher),
      publisher: user(v.publisher),
    },
  };
}

/** A version is last changed when it is published (if ever). @param {StoredVersion} v */
function updatedAt(v) {
  return v.publishedAt ?? v.createdAt;
}

/** @param {StoredVersion} a @param {StoredVersion} b */
function byPublished(a, b) {
  return (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0);
}

/** A stable UUID for a user's e-mail. @param {string} email */
function uuidOf(email) {
  const hex = Buffer.from(email).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * @param {Reply} reply
 * @param {URL} url
 * @param {string} siteId
 * @param {StoredVersion[]} versions
 */
function listVersions(reply, url, siteId, versions) {
  const types = url.searchParams.getAll('filter[version_type][]');
  const chosen = versions.filter((v) => types.length === 0 || types.includes(v.type));
  const sorted = sortBy(chosen, url.searchParams.get('sort') ?? 'created_at', { created_at: (v) => v.createdAt, updated_at: updatedAt });
  sendPage(reply, url, `/api/tag/v1/${siteId}/versions`, sorted, (v) => ({
    id: v.id,
    type: 'version',
    attributes: {
      version_type: v.type,
      version_major: v.major,
      version_minor: v.minor,
      created_at: apiTime(v.createdAt),
      updated_at: apiTime(updatedAt(v)),
    },
  }));
}

/**
 * @param {Reply} reply
 * @param {URL} url
 * @param {string} siteId
 * @param {StoredVersion} version
 */
function listChanges(reply, url, siteId, version) {
  const sorted = sortBy(version.changes, url.searchParams.get('sort') ?? 'created_at', { created_at: (c) => c.createdAt });
  sendPage(reply, url, `/api/tag/v1/${siteId}/versions/${version.id}/changelog`, sorted, (c) => ({
    id: c.id,
    type: 'changelog',
    attributes: {
      created_at: apiTime(c.createdAt),
      author: c.author === undefined ? (version.author ?? version.publisher ?? null) : c.author,
      change_type: c.changeType,
      resource_id: c.resourceId,
      resource_name: c.name,
      resource_type: c.resourceType,
      before_content: c.before ?? {},
      after_content: c.after ?? {},
    },
  }));
}

/**
 * Sorted by the comma-separated keys of `sort` (`-` for descending).
 * @template T
 * @param {T[]} items
 * @param {string} sort
 * @param {Record<string, (item: T) => Date>} keys
 */
function sortBy(items, sort, keys) {
  const fields = sort.split(',').map((f) => ({ desc: f.startsWith('-'), key: keys[f.replace(/^-/, '')] }));
  return [...items].sort((a, b) => {
    for (const { desc, key } of fields) {
      if (!key) continue;
      const d = key(a).getTime() - key(b).getTime();
      if (d !== 0) return desc ? -d : d;
    }
    return 0;
  });
}

/**
 * One page: `page[limit]` (default 10) and `page[offset]`, with `meta.total` and the pagination links.
 * @template T
 * @param {Reply} reply
 * @param {URL} url
 * @param {string} path
 * @param {T[]} items
 * @param {(item: T) => unknown} toResource
 */
function sendPage(reply, url, path, items, toResource) {
  const limit = Number(url.searchParams.get('page[limit]') ?? 10);
  const offset = Number(url.searchParams.get('page[offset]') ?? 0);
  const link = (/** @type {number} */ at) => `${path}?page[offset]=${at}&page[limit]=${limit}`;
  const lastOffset = Math.max(0, Math.floor((items.length - 1) / limit) * limit);
  reply.jsonApi(200, {
    data: items.slice(offset, offset + limit).map(toResource),
    meta: { total: items.length },
    links: {
      self: link(offset),
      first: link(0),
      last: link(lastOffset),
      prev: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      next: offset + limit < items.length ? link(offset + limit) : null,
    },
  });
}
