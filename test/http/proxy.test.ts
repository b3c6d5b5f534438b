import { describe, expect, it } from 'vitest';
import { NO_PROXY_SETTINGS, proxyFromEnv, proxySecrets } from '../../src/http/proxy.js';

describe('proxyFromEnv', () => {
  it('reads nothing from an environment without proxy variables', () => {
    expect(proxyFromEnv({ PATH: '/usr/bin' })).toEqual(NO_PROXY_SETTINGS);
  });

  it('reads the upper-case names', () => {
    expect(proxyFromEnv({ HTTP_PROXY: 'http://plain:3128', HTTPS_PROXY: 'http://tls:3128', NO_PROXY: 'localhost' })).toEqual({
      httpProxy: 'http://plain:3128',
      httpsProxy: 'http://tls:3128',
      noProxy: 'localhost',
    });
  });

  it('prefers the lower-case names, as curl does', () => {
    const env = {
      http_proxy: 'http://lower:1',
      HTTP_PROXY: 'http://upper:1',
      https_proxy: 'http://lower:2',
      HTTPS_PROXY: 'http://upper:2',
      no_proxy: 'lower.example',
      NO_PROXY: 'upper.example',
    };
    expect(proxyFromEnv(env)).toEqual({ httpProxy: 'http://lower:1', httpsProxy: 'http://lower:2', noProxy: 'lower.example' });
  });

  it('sends https targets through HTTP_PROXY when HTTPS_PROXY is unset or blank', () => {
    expect(proxyFromEnv({ HTTP_PROXY: 'http://only:3128' }).httpsProxy).toBe('http://only:3128');
    expect(proxyFromEnv({ HTTP_PROXY: 'http://only:3128', HTTPS_PROXY: '  ' }).httpsProxy).toBe('http://only:3128');
  });

  it('trims the values', () => {
    expect(proxyFromEnv({ HTTP_PROXY: ' http://spaced:3128\n', NO_PROXY: ' localhost ' })).toEqual({
      httpProxy: 'http://spaced:3128',
      httpsProxy: 'http://spaced:3128',
      noProxy: 'localhost',
    });
  });
});

describe('proxySecrets', () => {
  it('gives the decoded password of each proxy URL, to be scrubbed', () => {
    const settings = {
      httpProxy: 'http://runner:p%40ss%3Aword@proxy.local:3128',
      httpsProxy: 'http://other:s3cret@tls.local:3128',
      noProxy: '',
    };
    expect(proxySecrets(settings)).toEqual(['p@ss:word', 's3cret']);
  });

  it('gives nothing for proxies without a password, blank settings or values that are no URL', () => {
    expect(proxySecrets({ httpProxy: 'http://runner@proxy.local:3128', httpsProxy: 'proxy.local:3128 ', noProxy: '' })).toEqual([]);
    expect(proxySecrets({ httpProxy: 'not a url', httpsProxy: '', noProxy: '' })).toEqual([]);
    expect(proxySecrets(NO_PROXY_SETTINGS)).toEqual([]);
  });
});
