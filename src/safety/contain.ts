import { plural } from '../text/plural.js';

/**
 * One hostile event fails that event's processing, never more: work on one
 * event (its group, its raw request, its finishing) runs through here, and a
 * throw becomes a count and one warning naming the first such event, instead of
 * an exception that takes the site or the whole run with it.
 */
interface Failure {
  count: number;
  readonly what: string;
  readonly reason: string;
}

/** How much of an exception's text a warning quotes. */
const REASON_CHARS = 160;

export class Unprocessed {
  private readonly bySite = new Map<string, Failure>();

  /** `work`'s result, or `fallback`'s when it throws (counted against the site, `what` naming the event). */
  run<T>(siteId: string, what: string, work: () => T, fallback: () => T): T {
    try {
      return work();
    } catch (error) {
      this.record(siteId, what, error);
      return fallback();
    }
  }

  record(siteId: string, what: string, error: unknown): void {
    const known = this.bySite.get(siteId);
    if (known) {
      known.count += 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.bySite.set(siteId, { count: 1, what, reason: message.slice(0, REASON_CHARS) });
  }

  count(siteId: string): number {
    return this.bySite.get(siteId)?.count ?? 0;
  }

  /** The site's one warning, or none. `label` is how the warning names the site. */
  warnings(siteId: string, label: string): string[] {
    const failure = this.bySite.get(siteId);
    if (!failure) return [];
    const { count, what, reason } = failure;
    return [
      `Site ${label}: ${count} ${plural(count, 'event')} could not be processed in full (the first: ${what}: ${reason}); ${count === 1 ? 'it is' : 'they are'} still counted and ${count === 1 ? 'its group is' : 'their groups are'} reported, without what failed.`,
    ];
  }
}
