import type { Group } from '../types.js';
import { createMissingLabels, type GitHubCall } from './issue-labels.js';
import type { IssueDeps } from './issue-list.js';
import { uniqueLabels } from './issue-plan.js';

/** What a new issue is given: its labels (the tracking one first) and its assignees. */
export interface IssueRoute {
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/**
 * The labels of one issue sync: which each new issue carries (its route's or the inputs', the tracking label always
 * first, so the issue is found again whatever the route), and which exist already, so each is created once.
 */
export class IssueLabelBook {
  /** Labels known to exist (created, or checked): lower-cased. */
  private readonly ready = new Set<string>();

  constructor(
    private readonly trackingLabel: string,
    private readonly defaults: IssueRoute,
    private readonly route: ((group: Group) => IssueRoute) | undefined,
    private readonly existing: ReadonlySet<string> | undefined,
  ) {}

  /** The inputs' labels, the tracking one first: what an issue of no route (the overflow issue) carries. */
  get labels(): string[] {
    return uniqueLabels([this.trackingLabel, ...this.defaults.labels]);
  }

  /** The labels and assignees of a group's new issue: its route's, or the inputs'. */
  of(group: Group): { labels: string[]; assignees: readonly string[] } {
    const route = this.route?.(group) ?? this.defaults;
    return { labels: uniqueLabels([this.trackingLabel, ...route.labels]), assignees: route.assignees };
  }

  /** Creates the labels an issue needs that are missing, each once, before the first issue that carries it. */
  async ensure(deps: IssueDeps, call: GitHubCall, labels: readonly string[] = this.labels): Promise<boolean> {
    if (labels.every((l) => this.ready.has(l.toLowerCase()))) return true;
    // All of them, the tracking label first (it gets its own colour); those known to exist cost nothing.
    const existing = this.existing && new Set([...this.existing, ...this.ready]);
    const ready = await createMissingLabels(deps, labels, existing, call);
    if (ready) for (const label of labels) this.ready.add(label.toLowerCase());
    return ready;
  }
}
