import { describe, expect, it } from 'vitest';
import { checkEnum, checkFormat, isUrlWithAuthorityOrMailto } from '../../../src/diagnosis/checks/formats.js';
import { rule, verdict } from '../../support/tracking-rules.js';

describe('checkEnum', () => {
  it('accepts documented values, numerically for integers', () => {
    expect(checkEnum('ping', '3', rule('ping'))).toBeUndefined();
    expect(checkEnum('cookie', '01', rule('cookie'))).toBeUndefined();
    expect(checkEnum('e_t', 'add-to-cart', rule('e_t'))).toBeUndefined();
  });

  it('rejects others and says which are allowed', () => {
    expect(checkEnum('ping', '7', rule('ping'))).toMatchObject({ code: 'not-in-enum', expected: 'one of 1, 2, 3, 4, 5, 6' });
    expect(checkEnum('e_t', 'Add-To-Cart', rule('e_t'))?.code).toBe('not-in-enum');
    expect(checkEnum('cookie', '', rule('cookie'))?.code).toBe('empty');
  });
});

describe('checkFormat', () => {
  it('checks UUIDs and goal IDs', () => {
    expect(checkFormat('idgoal', 'e3554b05-aa7c-4f2e-87f8-043f49a5343e', rule('idgoal'))).toBeUndefined();
    expect(checkFormat('idgoal', '12', rule('idgoal'))).toBeUndefined();
    expect(checkFormat('idgoal', 'checkout', rule('idgoal'))?.code).toBe('bad-format');
  });

  it('wants URLs with an authority, or mailto:', () => {
    for (const url of [
      'https://example.com/a b?x=1#y',
      'http://localhost:8080',
      'mailto:someone@example.com',
      'android-app://com.example/',
    ]) {
      expect(isUrlWithAuthorityOrMailto(url), url).toBe(true);
    }
    for (const url of [
      '/checkout',
      'example.com/page',
      'https:example.com',
      'file:///tmp/x',
      'mailto:',
      'https://exa mple.com/',
      'https://<!channel>/',
    ]) {
      expect(isUrlWithAuthorityOrMailto(url), url).toBe(false);
    }
    expect(checkFormat('url', '/checkout', rule('url'))).toMatchObject({
      code: 'bad-format',
      problem: 'is not an absolute URL with a host, nor a mailto: address',
    });
  });

  it('checks the other documented formats', () => {
    expect(verdict('_id', '257cc22df0ec483a')).toBeUndefined();
    expect(verdict('_id', '257cc22df0ec483z')?.[0]).toBe('bad-format');
    expect(verdict('_id', '257cc2')?.[0]).toBe('too-short');
    expect(verdict('res', '1920x1080')).toBeUndefined();
    expect(verdict('res', '1920*1080')?.[0]).toBe('bad-format');
    expect(verdict('cip', '172.16.254.1')).toBeUndefined();
    expect(verdict('cip', '2001:db8::1')).toBeUndefined();
    expect(verdict('cip', '300.1.1.1')?.[0]).toBe('bad-format');
    expect(verdict('cdt', '1521232150')).toBeUndefined();
    expect(verdict('cdt', '2018-02-24 15:34:48')).toBeUndefined();
    expect(verdict('cdt', '2018-02-30 15:34:48')?.[0]).toBe('bad-format');
    expect(verdict('country', 'us')).toBeUndefined();
    expect(verdict('country', 'USA')?.[0]).toBe('bad-format');
    expect(verdict('ts_v', '3.4.1')).toBeUndefined();
    expect(verdict('ts_v', '3.4.1-beta.2+build.7')).toBeUndefined();
    expect(verdict('ts_v', 'v3.4')?.[0]).toBe('bad-format');
  });
});
