import { describe, expect, it } from 'vitest';
import { describeError, ISSUES_PERMISSION_BLOCK, messageOf } from '../../src/github/issue-errors.js';
import { INPUT_NAMES } from '../../src/text/option-names.js';

const WHERE = { owner: 'acme', repo: 'shop', names: INPUT_NAMES };

/** Shaped like Octokit's RequestError: a status, and GitHub's JSON answer under response.data. */
function requestError(status: number, data: unknown): Error {
  return Object.assign(new Error('Octokit message - https://docs.github.com/rest'), { status, response: { data } });
}

const describe_ = (status: number, message: string, what = 'create an issue') =>
  describeError(requestError(status, { message }), WHERE, what);

describe('describeError', () => {
  it('a rate limit stops the sync (403 or 429) and promises the next run catches up, without the permissions advice', () => {
    for (const status of [403, 429]) {
      const { detail, fatal } = describe_(status, 'API rate limit exceeded for installation');
      expect(fatal).toBe(true);
      expect(detail).toBe(
        `GitHub's rate limit stopped the issue sync while trying to create an issue in acme/shop (HTTP ${status}: API rate limit exceeded for installation). The next run catches up.`,
      );
    }
  });

  it('a locked issue is that issue only: the run goes on', () => {
    expect(describe_(403, 'Unable to create comment because issue is locked.', 'comment on issue #3')).toEqual({
      fatal: false,
      detail:
        'Could not comment on issue #3 in acme/shop: the issue is locked (HTTP 403: Unable to create comment because issue is locked.).',
    });
  });

  it('403 and 404 give the permissions block to add, and stop the sync', () => {
    const forbidden = describe_(403, 'Resource not accessible by integration');
    expect(forbidden.fatal).toBe(true);
    expect(forbidden.detail).toContain('GitHub refused to create an issue in acme/shop (HTTP 403: Resource not accessible by integration)');
    expect(forbidden.detail).toContain(`\n\n${ISSUES_PERMISSION_BLOCK}\n\n`);
    expect(forbidden.detail).toContain("keep 'contents: read'");
    const missing = describe_(404, 'Not Found', 'list the issues');
    expect(missing.fatal).toBe(true);
    expect(missing.detail).toContain('GitHub answered 404 when trying to list the issues in acme/shop');
    expect(missing.detail).toContain(ISSUES_PERMISSION_BLOCK);
  });

  it('names the input to check for a rejected token, and the setting for disabled issues', () => {
    expect(describe_(401, 'Bad credentials')).toEqual({
      fatal: true,
      detail:
        "GitHub rejected the token while trying to create an issue in acme/shop (HTTP 401: Bad credentials). Check the 'github-token' input.",
    });
    const disabled = describe_(410, 'Issues are disabled for this repo');
    expect(disabled.fatal).toBe(true);
    expect(disabled.detail).toContain("set 'create-issue' to false");
  });

  it('a 422 is about that one write: recorded, the run goes on', () => {
    expect(describe_(422, 'Validation Failed')).toEqual({
      fatal: false,
      detail: 'GitHub refused to create an issue in acme/shop (HTTP 422: Validation Failed).',
    });
  });

  it('a server error shows its status; a network error shows only its message; both stop the sync', () => {
    expect(describe_(502, 'Server Error')).toEqual({
      fatal: true,
      detail: 'Could not create an issue in acme/shop: HTTP 502: Server Error.',
    });
    expect(describeError(new TypeError('fetch failed'), WHERE, 'list the issues')).toEqual({
      fatal: true,
      detail: 'Could not list the issues in acme/shop: fetch failed.',
    });
    expect(describeError('a thrown string', WHERE, 'list the issues').detail).toBe(
      'Could not list the issues in acme/shop: a thrown string.',
    );
  });
});

describe('messageOf', () => {
  it("uses GitHub's message (not Octokit's, with its documentation URL) and appends the validation errors", () => {
    const error = requestError(422, {
      message: 'Validation Failed',
      errors: [{ message: 'body is too long' }, { field: 'assignees', code: 'invalid' }, null, {}],
    });
    expect(messageOf(error)).toBe('Validation Failed: body is too long; assignees invalid');
  });

  it('keeps at most 300 characters, marking the cut', () => {
    const message = messageOf(requestError(500, { message: 'x'.repeat(400) }));
    expect(message).toBe(`${'x'.repeat(300)}…`);
  });
});
