import { plural } from '../text/plural.js';
import { shorten } from '../text/shorten.js';
import { siteLabel } from '../text/site-label.js';
import type { AfterPublish, Publish, PublishBlame, ResourceSuspect, SiteResult, TagManagerChange } from '../types.js';

/**
 * The Tag Manager sentences every channel shows, as plain text: our own words,
 * names in double quotes (already one-line text without backticks, see
 * src/account/text.ts), parameters in backticks. Each renderer makes them inert
 * for its format (inlineKeepingCode for Markdown, inertKeepingCode for Slack).
 */

/** `42` for 42.0, `42.1` otherwise: how Tag Manager shows a version. */
export function versionNumber(major: number, minor: number): string {
  return minor === 0 ? String(major) : `${major}.${minor}`;
}

/** Changes named in a sentence at most; the rest are counted. */
const NAMED_CHANGES = 5;

const PAST: Readonly<Record<TagManagerChange['type'], string>> = { add: 'added', edit: 'edited', delete: 'deleted' };

/** `tag "GA4 purchase" (edited)`. */
function changeText(change: TagManagerChange): string {
  return `${change.resource} "${change.name}" (${PAST[change.type]})`;
}

/** `tag "GA4 purchase" (edited), variable "Order total" (edited) and 3 more`, or '' without changes. */
export function changesText(changes: readonly TagManagerChange[], total = changes.length): string {
  const named = changes.slice(0, NAMED_CHANGES).map(changeText);
  const more = Math.max(total, changes.length) - named.length;
  if (named.length === 0) return more > 0 ? `${more} ${plural(more, 'change')}` : '';
  return `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** "10:03 UTC" (the date too when it is not the day of `reference`). */
function clockText(iso: string, reference?: string): string {
  const sameDay = reference === undefined || reference.slice(0, 10) === iso.slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

function minutesText(minutes: number): string {
  return minutes < 1 ? 'less than a minute' : `${minutes} min`;
}

/**
 * "Began 4 min after Tag Manager version 42 was published (10:03 UTC). Changed in it:
 * tag "GA4 purchase" (edited), …": the first thing every channel says of a blamed problem.
 */
export function beganText(blame: PublishBlame, options: { readonly withChanges?: boolean } = {}): string {
  const by = blame.publisher ? ` by ${blame.publisher}` : '';
  const head = `Began ${minutesText(blame.minutesAfter)} after Tag Manager version ${blame.version} was published${by} (${clockText(blame.publishedAt)}).`;
  const changes = changesText(blame.changes, blame.changeCount);
  return options.withChanges === false || changes === '' ? head : `${head} Changed in it: ${changes}.`;
}

/** "tag "GA4 purchase" changed in version 42 sends `dimension12`": the most likely cause, before the diagnosis's own. */
export function suspectText(suspect: ResourceSuspect, version: string): string {
  const { change, parameter } = suspect;
  const verb = change.type === 'add' ? 'added' : change.type === 'delete' ? 'deleted' : 'changed';
  const sends = change.type === 'delete' ? 'sent' : suspect.dropped ? 'no longer sends' : 'sends';
  return `${change.resource} "${change.name}" ${verb} in version ${version} ${sends} \`${parameter}\``;
}

/** Every suspect, most likely first; [] when none. */
export function suspectLines(blame: PublishBlame | undefined): string[] {
  return (blame?.suspects ?? []).map((s) => suspectText(s, blame?.version ?? ''));
}

/** The blame and its most likely resource, as lines of plain text (the CLI's terminal output). */
export function publishTerminalLines(blame: PublishBlame): string[] {
  const suspect = suspectLines(blame).at(0);
  return [`Tag Manager: ${beganText(blame)}`, ...(suspect ? [`Most likely cause: ${suspect}`] : [])];
}

/** "began 4 min after Tag Manager version 42": short, for the workflow notice. */
export function blameShort(blame: PublishBlame): string {
  return `began ${minutesText(blame.minutesAfter)} after Tag Manager version ${blame.version}`;
}

/** "Version 42 published 12 min ago: 0 broken events since". */
export function afterPublishText(after: AfterPublish, eventNoun: (n: number) => string, volume?: string): string {
  const since = `${after.eventsSince} ${eventNoun(after.eventsSince)} since`;
  return `Version ${after.version} published ${minutesText(after.minutesAgo)} ago: ${since}${volume ? `, ${volume}` : ''}`;
}

/**
 * The "after the publish" confirmation of each site that has one, for the messages' intro and all-clear:
 * "🏷️ Example Store: Version 42 published 12 min ago: 0 broken events since." (the site's name cut on its own).
 */
export function afterPublishLines(sites: readonly SiteResult[], eventNoun: (n: number) => string): string[] {
  return sites.flatMap((site) => {
    const after = site.tagManager?.afterPublish;
    return after ? [`🏷️ ${shorten(siteLabel(site), 80)}: ${afterPublishText(after, eventNoun)}.`] : [];
  });
}

/** "version 42 at 10:03 UTC: tag "GA4 purchase" (edited), …" for a site's list of publishes. */
export function publishText(publish: Publish, reference?: string): string {
  const by = publish.publisher ? ` by ${publish.publisher}` : '';
  const changes = publish.changes ? changesText(publish.changes, publish.changeCount) : '';
  return `version ${publish.version} at ${clockText(publish.publishedAt, reference)}${by}${changes ? `: ${changes}` : publish.changes ? ': no change listed' : ''}`;
}
