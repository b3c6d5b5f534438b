import { describe, expect, it } from 'vitest';
import { quoteServerText, scrubCredentials } from '../../src/safety/server-text.js';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGllbnQtMSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVz';

describe('scrubCredentials', () => {
  it.each([
    ['an authorization header', `GET /x\r\nauthorization: Bearer ${JWT}\r\nhost: x`, 'authorization: ***'],
    ['a cookie header', 'Cookie: _pk_id=abc; sess=xyz\nnext', 'Cookie: ***'],
    ['headers echoed as JSON', `{"headers":{"Authorization":"token ghp_abcdefghijklmnopqrstuvwxyz0123456789"}}`, '"Authorization":"***"'],
    ['a token in a query', 'GET /cb?access_token=abc123&x=1', 'access_token=***&x=1'],
    ['a client secret in a form body', 'grant_type=client_credentials&client_secret=s3cr3t-value', 'client_secret=***'],
    ['a bare bearer token', `the token Bearer ${JWT} was refused`, 'Bearer *** was refused'],
    ['a JWT cut short', `invalid ${JWT.slice(0, 64)}`, 'invalid ***'],
    ['a GitHub token', 'bad ghs_16C7e42F292c6912E7710c838347Ae178B4a', 'bad ***'],
    ['a Slack webhook path', 'POST https://hooks.slack.com/services/T1/B2/abc failed', 'https://*** failed'],
    ['credentials in a URL', 'proxy http://admin:hunter2@proxy.local:3128 refused', 'http://***@proxy.local'],
  ])('masks %s', (_what, text, expected) => {
    expect(scrubCredentials(text)).toContain(expected);
  });

  it('leaves prose about tokens alone', () => {
    expect(scrubCredentials('Invalid token provided; the session expired.')).toBe('Invalid token provided; the session expired.');
  });
});

describe('quoteServerText', () => {
  it('masks before it cuts, so no cut can leave part of a credential behind', () => {
    const body = `${'x'.repeat(180)} authorization: Bearer ${JWT}`;
    const quoted = quoteServerText(body, 200);
    expect(quoted).not.toContain('eyJ');
    expect(quoted.length).toBeLessThanOrEqual(201);
  });

  it('makes one line of it', () => {
    expect(quoteServerText('a\n  b\r\nc')).toBe('a b c');
  });
});
