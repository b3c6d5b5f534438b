/**
 * The first line of the action's one issue for the groups past
 * `max-open-issues` (src/github/issue-overflow.ts), by which the issue list
 * finds it again, like the groups' issues by theirs.
 */
export const OVERFLOW_MARKER = '<!-- piwik-broken-events:overflow -->';
const OVERFLOW_RE = /^\uFEFF?[ \t]*<!-- piwik-broken-events:overflow -->/;

export interface OverflowIssue {
  readonly number: number;
  readonly url: string;
  readonly state: 'open' | 'closed';
  readonly locked: boolean;
}

export function isOverflowBody(body: string | null | undefined): boolean {
  return typeof body === 'string' && OVERFLOW_RE.test(body);
}
