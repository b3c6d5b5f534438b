/**
 * The proxy a run's HTTP layer goes through, from the variables every HTTP
 * tool reads: HTTPS_PROXY for https targets, HTTP_PROXY for http ones,
 * NO_PROXY for the hosts reached directly (lower-case forms first, as curl
 * reads them). Given to undici's EnvHttpProxyAgent explicitly, so a run reads
 * the environment it was handed (the action's, the CLI's, a test's) rather
 * than whatever process.env holds.
 */
export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

export const NO_PROXY_SETTINGS: ProxySettings = { httpProxy: '', httpsProxy: '', noProxy: '' };

export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  const read = (name: string) => (env[name.toLowerCase()] ?? env[name] ?? '').trim();
  const httpProxy = read('HTTP_PROXY');
  return { httpProxy, httpsProxy: read('HTTPS_PROXY') || httpProxy, noProxy: read('NO_PROXY') };
}

/** The passwords in the proxy URLs: secrets like any other, kept out of what the run writes. */
export function proxySecrets(settings: ProxySettings): string[] {
  return [settings.httpProxy, settings.httpsProxy].flatMap((value) => {
    try {
      const url = new URL(value);
      return url.password ? [decodeURIComponent(url.password)] : [];
    } catch {
      return [];
    }
  });
}
