import type { Group } from '../types.js';
import type { PlannedAction } from './issue-plan.js';

/** What a dry run says it would do to GitHub for one planned write (the sync logs it after "Dry run: "). */
export function dryRunLine(
  action: Extract<PlannedAction, { kind: 'create' | 'comment' | 'reopen' | 'close' }>,
  title: string,
  labels: readonly string[],
  assignees: readonly string[],
): string {
  switch (action.kind) {
    case 'create': {
      const assigned = assignees.length > 0 ? `, assigned to ${assignees.join(', ')}` : '';
      return `would create an issue "${title}" with ${labels.length === 1 ? 'label' : 'labels'} ${labels.join(', ')}${assigned}.`;
    }
    case 'comment':
      return `would comment on issue #${action.issue.number} (${action.issue.url}): ${moreEvents(action.group)}.`;
    case 'reopen':
      return `would reopen issue #${action.issue.number} (${action.issue.url}): the error is back.`;
    case 'close':
      return `would close issue #${action.issue.number} (${action.issue.url}): a complete scan no longer finds its error.`;
  }
}

/** "1 more event", "3 more events": what this run adds, the new events when known. */
export function moreEvents(group: Group): string {
  const n = group.newCount ?? group.count;
  return `${n} more ${n === 1 ? 'event' : 'events'}`;
}
