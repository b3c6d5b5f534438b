import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/text/parse-url.js';

describe('parseUrl', () => {
  it('gives the URL of an absolute address', () => {
    expect(parseUrl('https://hooks.slack.com/services/T0/B0/x?y=1')?.pathname).toBe('/services/T0/B0/x');
  });

  it('gives undefined, not a throw, for what is not an absolute URL', () => {
    expect(parseUrl('example.piwik.pro')).toBeUndefined();
    expect(parseUrl('/relative/path')).toBeUndefined();
    expect(parseUrl('')).toBeUndefined();
  });
});
