import type { Group, GroupState } from '../types.js';

/**
 * The state of a SILENT or DROP group, from what earlier runs know of its
 * fingerprint (its issue, the state file): NEW when nothing is known, ONGOING
 * while it is open, REGRESSED (back) when it was resolved. It has no events, so
 * `newCount` is 1 when it started or came back in this run and 0 while it goes
 * on: the issue sync then opens or reopens its issue, and leaves it be after.
 * It alerts when it starts or comes back (or every run with `notify: always`),
 * whatever min-events says: min-events counts events, and a silence has none.
 */
export function classifyVolume(
  group: Group,
  tracked: { readonly open: boolean } | undefined,
  notify: 'changes' | 'always',
  silenced: Group['silenced'],
): Group {
  const state: GroupState = tracked ? (tracked.open ? 'ongoing' : 'regressed') : 'new';
  const fresh = state !== 'ongoing';
  return { ...group, state, newCount: fresh ? 1 : 0, silenced, alert: !silenced && (fresh || notify === 'always') };
}
