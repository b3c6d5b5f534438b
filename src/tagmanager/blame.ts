import type { Publish, PublishBlame, ResourceSuspect, SiteTagManager } from '../types.js';

/**
 * The blame rule, a pure function of plain data: a problem (a broken-event
 * group, a silence, a drop: anything with a site and a first event) is laid
 * at a publish only when its first event came after that publish and within
 * `publish-blame-minutes` of it, and the publish lies inside the scanned
 * window, so the time before it was seen without the problem. Of several such
 * publishes, the last one before the problem began. Nothing else is blamed.
 */
export interface Problem {
  readonly siteId: string;
  /** The problem's first event (ISO-8601). */
  readonly firstSeen: string;
  /** The parameters its diagnosis blames (`dimension12`, `e_v`), most likely first; [] when none. */
  readonly parameters: readonly string[];
}

export interface BlameRule {
  readonly blameMinutes: number;
  /** The start of the scanned window: a publish before it cannot be shown to come before the problem. */
  readonly windowFrom: string;
}

export function blame(problem: Problem, site: SiteTagManager | undefined, rule: BlameRule): PublishBlame | undefined {
  const began = Date.parse(problem.firstSeen);
  const from = Date.parse(rule.windowFrom);
  if (!site || Number.isNaN(began)) return undefined;
  const before = site.publishes.filter((p) => {
    const at = Date.parse(p.publishedAt);
    return at >= from && at < began;
  });
  const publish = before.at(-1);
  if (!publish) return undefined;
  const minutes = (began - Date.parse(publish.publishedAt)) / 60_000;
  if (minutes > rule.blameMinutes) return undefined;
  return {
    version: publish.version,
    versionId: publish.versionId,
    publishedAt: publish.publishedAt,
    minutesAfter: Math.floor(minutes),
    changes: publish.changes ?? [],
    changeCount: publish.changeCount ?? publish.changes?.length ?? 0,
    suspects: suspectsIn(publish, problem.parameters),
    ...(publish.publisher ? { publisher: publish.publisher } : {}),
  };
}

/** Changed resources naming a blamed parameter: by the parameter's rank, tags before variables before triggers, senders before droppers. */
function suspectsIn(publish: Publish, parameters: readonly string[]): ResourceSuspect[] {
  const rank = { tag: 0, variable: 1, trigger: 2 } as const;
  const suspects: ResourceSuspect[] = [];
  for (const parameter of parameters) {
    const found = (publish.changes ?? []).flatMap((change): ResourceSuspect[] => {
      if (change.sends?.includes(parameter)) return [{ change, parameter, dropped: false }];
      if (change.sentBefore?.includes(parameter)) return [{ change, parameter, dropped: change.type !== 'delete' }];
      return [];
    });
    found.sort((a, b) => Number(a.dropped) - Number(b.dropped) || rank[a.change.resource] - rank[b.change.resource]);
    suspects.push(...found);
  }
  return suspects.slice(0, 3);
}
