import { accountText } from '../account/text.js';
import type { PiwikApi } from '../piwik/api.js';
import { listVersions, readChangelogPage, readPublished, readVersion, type ChangeEntry, type VersionInfo } from './client.js';
import { mentionedIn, type SearchTerm } from './search.js';
import type { ChangeType, Publish, ResourceType, TagManagerChange } from '../types.js';
import { versionNumber } from './wording.js';

/**
 * One site's publishes in the scanned window, and the version in force before
 * it, with the changes each publish made. The published version comes first
 * (one request): published before the window, it is the one in force and
 * nothing else is read. Otherwise the published and historic versions are
 * listed newest first; the list does not carry publish times, so each version
 * changed within the window is read on its own (a historic version may be a
 * snapshot never published), until the first one published before the window.
 */
export interface PublishReading {
  readonly publishes: readonly Publish[];
  readonly inForceBefore?: Publish;
}

export interface ReadOptions {
  /** The scanned window: publishes in it can be blamed, the one before it is context. */
  readonly from: string;
  readonly to: string;
  /** The parameters the site's problems blame, looked for in each change's content. */
  readonly terms: readonly SearchTerm[];
  /** Publisher e-mails are kept only when false. */
  readonly redact: boolean;
  /** The published version when the run already read it (`since: tag-manager`). */
  readonly published?: Promise<VersionInfo | undefined>;
}

const LIST_LIMIT = 10;
/** Versions read one by one at most: a window of 300 minutes rarely holds more than a few publishes. */
const MAX_VERSION_READS = 20;
/** A change carries its resource's whole configuration (a tag's code): small pages stay far below the 2 MB a body may have. */
const CHANGELOG_LIMIT = 20;
const MAX_CHANGELOG_PAGES = 25;

export async function readPublishes(api: PiwikApi, siteId: string, options: ReadOptions): Promise<PublishReading> {
  const current = await (options.published ?? readPublished(api, siteId));
  const from = Date.parse(options.from);
  if (!current?.publishedAt) return { publishes: [] };
  if (Date.parse(current.publishedAt) < from) return { publishes: [], inForceBefore: publishOf(current, options.redact) };
  const inWindow: VersionInfo[] = [current];
  const before = await earlierPublishes(api, siteId, current, from, inWindow);
  const ordered = inWindow
    .filter((v) => Date.parse(v.publishedAt ?? '') <= Date.parse(options.to))
    .sort((a, b) => Date.parse(a.publishedAt ?? '') - Date.parse(b.publishedAt ?? ''));
  const publishes = await Promise.all(
    ordered.map(async (version) => ({
      ...publishOf(version, options.redact),
      ...(await changesOf(api, siteId, version.id, options.terms)),
    })),
  );
  return { publishes, ...(before ? { inForceBefore: publishOf(before, options.redact) } : {}) };
}

/** Adds the versions published in the window to `inWindow`; returns the one published last before it. */
async function earlierPublishes(
  api: PiwikApi,
  siteId: string,
  current: VersionInfo,
  from: number,
  inWindow: VersionInfo[],
): Promise<VersionInfo | undefined> {
  let reads = 0;
  for (let offset = 0; reads < MAX_VERSION_READS; offset += LIST_LIMIT) {
    const page = await listVersions(api, siteId, ['published', 'historic'], offset, LIST_LIMIT);
    for (const listed of page.items) {
      if (listed.id === current.id) continue;
      if (reads >= MAX_VERSION_READS) return undefined;
      reads += 1;
      // A version last changed before the window was published before it too (if ever).
      const version = await readVersion(api, siteId, listed.id);
      if (!version?.publishedAt) continue;
      if (Date.parse(version.publishedAt) < from) return version;
      inWindow.push(version);
    }
    if (page.items.length < LIST_LIMIT || (page.total !== undefined && offset + LIST_LIMIT >= page.total)) return undefined;
  }
  return undefined;
}

export function publishOf(version: VersionInfo, redact: boolean): Publish {
  return {
    versionId: version.id,
    version: versionNumber(version.major, version.minor),
    publishedAt: version.publishedAt ?? '',
    ...(!redact && version.publisherEmail ? { publisher: accountText(version.publisherEmail) } : {}),
  };
}

/** Every page of the version's changelog (up to a cap), each change's content searched and dropped. */
async function changesOf(
  api: PiwikApi,
  siteId: string,
  versionId: string,
  terms: readonly SearchTerm[],
): Promise<{ changes: TagManagerChange[]; changeCount: number }> {
  const changes: TagManagerChange[] = [];
  let total: number | undefined;
  for (let page = 0; page < MAX_CHANGELOG_PAGES; page++) {
    const read = await readChangelogPage(api, siteId, versionId, page * CHANGELOG_LIMIT, CHANGELOG_LIMIT);
    total = read.total ?? total;
    changes.push(...read.items.flatMap((entry) => changeFrom(entry, terms)));
    if (read.items.length < CHANGELOG_LIMIT || (total !== undefined && changes.length >= total)) break;
  }
  return { changes, changeCount: Math.max(total ?? 0, changes.length) };
}

const CHANGE_TYPES: readonly string[] = ['add', 'edit', 'delete'];
const RESOURCE_TYPES: readonly string[] = ['tag', 'trigger', 'variable'];

function changeFrom(entry: ChangeEntry, terms: readonly SearchTerm[]): TagManagerChange[] {
  if (!CHANGE_TYPES.includes(entry.changeType) || !RESOURCE_TYPES.includes(entry.resourceType)) return [];
  const after = mentionedIn(entry.after, terms);
  const before = mentionedIn(entry.before, terms).filter((p) => !after.includes(p));
  return [
    {
      type: entry.changeType as ChangeType,
      resource: entry.resourceType as ResourceType,
      name: accountText(entry.resourceName) || '(no name)',
      ...(after.length > 0 ? { sends: after } : {}),
      ...(before.length > 0 ? { sentBefore: before } : {}),
    },
  ];
}
