// Tag Manager publishes (src/tagmanager/ reads and decides them). No code of any tag is kept here:
// the changelog's content is only searched for parameter names, and dropped.

/** A changelog entry's kind, as the Tag Manager API names it. */
export type ChangeType = 'add' | 'edit' | 'delete';
export type ResourceType = 'tag' | 'trigger' | 'variable';

/** One change a version made (the report's "type/resource/name"). */
export interface TagManagerChange {
  readonly type: ChangeType;
  readonly resource: ResourceType;
  /** As typed in Tag Manager, made plain one-line text (src/account/text.ts). */
  readonly name: string;
  /** Parameters the run looked for that the resource's content names after the change. */
  readonly sends?: readonly string[];
  /** Parameters the content named before the change only (an edit that dropped them, a deleted resource). */
  readonly sentBefore?: readonly string[];
}

/** One published version of a site's container. */
export interface Publish {
  readonly versionId: string;
  /** `42`, or `42.1`: version_major, and version_minor when it is not 0. */
  readonly version: string;
  /** ISO-8601, UTC. */
  readonly publishedAt: string;
  /** The publisher's e-mail: personal data, kept only with `redact: false`. */
  readonly publisher?: string;
  /** Absent for the version in force before the window (its changes are older than anything seen). */
  readonly changes?: readonly TagManagerChange[];
  /** How many changes the changelog holds; more than `changes.length` when it was read in part. */
  readonly changeCount?: number;
}

/** What the run learnt of one site's Tag Manager (the report's `tagManager` of a site). */
export interface SiteTagManager {
  /** Versions published within the scanned window, oldest first. */
  readonly publishes: readonly Publish[];
  /** The version in force when the window began, when known. */
  readonly inForceBefore?: Publish;
  /** Why the publishes are not known, or only in part: said once as a notice, and here per site. */
  readonly error?: string;
  /** For a run that sees a publish newer than its previous run: "Version 42 published 12 min ago: 0 broken events since". */
  readonly afterPublish?: AfterPublish;
}

export interface AfterPublish {
  readonly version: string;
  readonly publishedAt: string;
  /** Whole minutes from the publish to the end of the scan. */
  readonly minutesAgo: number;
  /** Matching events of the site after the publish. */
  readonly eventsSince: number;
}

/** A changed resource whose content names a parameter the diagnosis blames. */
export interface ResourceSuspect {
  readonly change: TagManagerChange;
  readonly parameter: string;
  /** True when only the content before the change named it: the change stopped sending it. */
  readonly dropped: boolean;
}

/** A problem that began after a publish, within `publish-blame-minutes` of it. */
export interface PublishBlame {
  readonly version: string;
  readonly versionId: string;
  readonly publishedAt: string;
  /** Whole minutes from the publish to the problem's first event. */
  readonly minutesAfter: number;
  readonly changes: readonly TagManagerChange[];
  readonly changeCount: number;
  /** Most likely cause first: the resources that send (or stopped sending) the offending parameter. */
  readonly suspects: readonly ResourceSuspect[];
  readonly publisher?: string;
}
