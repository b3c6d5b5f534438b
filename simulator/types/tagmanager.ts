// The shapes simulator/tagmanager.mjs takes: each site's Tag Manager versions and their changelogs.

/** One changelog entry; content as the API gives it (a tag's whole configuration, its code included). */
interface SimChange {
  changeType: 'add' | 'edit' | 'delete';
  resourceType: 'tag' | 'trigger' | 'variable';
  name: string;
  /** Required by the schema for edit and delete; {} for add. */
  before?: Record<string, unknown>;
  /** Required for add and edit; {} for delete. */
  after?: Record<string, unknown>;
  author?: string | null;
  id?: string;
  resourceId?: string;
  createdAt?: Date;
}

/** One version of a site's container. */
export interface SimVersion {
  id?: string;
  major: number;
  minor?: number;
  /** 'published' for the one in force (at most one), 'historic' for earlier ones. */
  type: 'published' | 'historic' | 'draft';
  /** Absent: never published (a snapshot). */
  publishedAt?: Date;
  createdAt?: Date;
  publisher?: string;
  author?: string;
  changes?: SimChange[];
}

/** A site's container; absent for a site the simulator knows: one version, published long ago, with no changes. */
export interface SimContainer {
  versions: SimVersion[];
}

export interface StoredVersion extends Required<Pick<SimVersion, 'id' | 'major' | 'minor' | 'type' | 'createdAt'>> {
  publishedAt?: Date;
  publisher?: string;
  author?: string;
  changes: (SimChange & { id: string; resourceId: string; createdAt: Date })[];
}
