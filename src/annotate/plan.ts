import { displayText } from '../text/display.js';
import type { PiwikApi } from '../piwik/api.js';
import type { Delivery } from '../report/report.js';
import type { Group, GroupAnnotation } from '../types.js';
import { ANNOTATION_MAX_LENGTH, createAnnotation, listAnnotations } from '../account/annotations.js';
import { accountProblem, type AccountProblem } from '../account/knowledge.js';

/**
 * Annotations in Piwik PRO (`annotate: true`): a group that became NEW or
 * REGRESSED in this run gets one public user annotation on its site, dated the
 * day of its first event in the site's time zone, naming the error and the
 * count. Its content ends in a marker with the group's fingerprint; the day's
 * annotations are read first, and a marker already there means it is not
 * written again, by this run or a later one.
 */
export interface AnnotationPlan {
  readonly siteId: string;
  readonly fingerprint: string;
  /** YYYY-MM-DD in the site's time zone. */
  readonly date: string;
  readonly content: string;
}

export function planAnnotations(groups: readonly Group[], timezoneOf: (siteId: string) => string | undefined): AnnotationPlan[] {
  return groups
    .filter((g) => (g.state === 'new' || g.state === 'regressed') && !g.silenced)
    .map((g) => ({
      siteId: g.siteId,
      fingerprint: g.fingerprint,
      date: dayIn(g.firstSeen, timezoneOf(g.siteId)),
      content: annotationContent(g),
    }));
}

/** The marker that finds an annotation again: the fingerprint is 16 hex digits, unlikely in a human's note. */
function annotationMarker(fingerprint: string): string {
  return `ref ${fingerprint}`;
}

/**
 * "Broken events: Invalid custom event value (e_v), 120 events · ref 0123456789abcdef": at most 150
 * characters. The message is the normalised one (numbers, ids, URLs and e-mail addresses already replaced),
 * so no visitor's data reaches a report that every user of the site can read.
 */
function annotationContent(group: Group): string {
  // A silence or a drop: its label and rule, no count (it has no events).
  if (group.volume) return `${group.eventTypeLabel}: ${line(group.normalizedMessage, 90)} · ${annotationMarker(group.fingerprint)}`;
  const label = group.eventType === 17 ? 'Broken events' : group.eventTypeLabel;
  const cause = group.diagnosis?.findings.find((f) => f.severity === 'cause')?.parameter;
  const publish = group.publish ? ` after TM v${group.publish.version}` : '';
  const tail = `${cause ? ` (${cause})` : ''}, ${group.count} ${group.count === 1 ? 'event' : 'events'}${publish} · ${annotationMarker(group.fingerprint)}`;
  const head = `${line(label, 40)}: `;
  const message = group.normalizedMessage.replace(/<(?:n|uuid|hex|url|email|value)>|\[redacted\]/g, '…').trim() || 'no message';
  return `${head}${line(message, ANNOTATION_MAX_LENGTH - codePoints(head) - codePoints(tail))}${tail}`;
}

/** The calendar day of an instant in a time zone (UTC when the zone is unknown or not one Node knows). */
function dayIn(instant: string, timezone: string | undefined): string {
  const date = new Date(instant);
  if (timezone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
    } catch {
      // An unknown zone name: UTC below.
    }
  }
  return date.toISOString().slice(0, 10);
}

export interface AnnotateOptions {
  readonly dryRun: boolean;
  readonly log: (message: string) => void;
}

export interface AnnotateResult {
  readonly delivery: Delivery;
  readonly annotations: ReadonlyMap<string, GroupAnnotation>;
  readonly problems: readonly AccountProblem[];
}

export async function applyAnnotations(api: PiwikApi, plans: readonly AnnotationPlan[], options: AnnotateOptions): Promise<AnnotateResult> {
  const annotations = new Map<string, GroupAnnotation>();
  const problems: AccountProblem[] = [];
  if (plans.length === 0) return { delivery: { status: 'skipped', detail: 'no group became new or regressed' }, annotations, problems };
  // One read per site and day, however many groups share it.
  const days = new Map<string, Promise<string[]>>();
  const existing = (plan: AnnotationPlan): Promise<string[]> => {
    const key = `${plan.siteId} ${plan.date}`;
    let list = days.get(key);
    if (!list) days.set(key, (list = listAnnotations(api, plan.siteId, plan.date)));
    return list;
  };
  // Serial: a handful of writes, and a failure of the first (no permission) can stop the rest.
  for (const plan of plans) {
    if (problems.some((p) => p.siteId === plan.siteId)) continue;
    try {
      const contents = await existing(plan);
      const marker = annotationMarker(plan.fingerprint);
      if (contents.some((c) => c.includes(marker))) {
        annotations.set(plan.fingerprint, { date: plan.date, action: 'exists' });
        continue;
      }
      if (options.dryRun) {
        options.log(`Dry run: would add an annotation on ${plan.date} to site ${plan.siteId}: ${plan.content}`);
        annotations.set(plan.fingerprint, { date: plan.date, action: 'would-create' });
        continue;
      }
      await createAnnotation(api, plan.siteId, plan.date, plan.content);
      contents.push(plan.content);
      annotations.set(plan.fingerprint, { date: plan.date, action: 'created' });
    } catch (error) {
      problems.push(accountProblem('annotations', plan.siteId, error));
    }
  }
  return { delivery: delivery(annotations, problems, options.dryRun), annotations, problems };
}

function delivery(annotations: ReadonlyMap<string, GroupAnnotation>, problems: readonly AccountProblem[], dryRun: boolean): Delivery {
  const count = (action: GroupAnnotation['action']): number => [...annotations.values()].filter((a) => a.action === action).length;
  const parts = [
    count('created') > 0 ? `${count('created')} added` : '',
    count('would-create') > 0 ? `${count('would-create')} would be added` : '',
    count('exists') > 0 ? `${count('exists')} already there` : '',
    problems.length > 0 ? `${problems.length} failed` : '',
  ].filter((p) => p !== '');
  const detail = `annotations: ${parts.join(', ')}`;
  if (problems.length > 0) return { status: 'failed', detail };
  if (dryRun) return { status: 'dry-run', detail };
  return { status: count('created') > 0 ? 'sent' : 'skipped', detail };
}

/** One line: annotations are shown as typed, so control and direction characters are made visible, and long text is cut. */
function line(text: string, room: number): string {
  return displayText(text.replace(/\s+/g, ' ').trim(), Math.max(1, room));
}

/** The API counts characters, not UTF-16 units. */
function codePoints(text: string): number {
  return Array.from(text).length;
}
