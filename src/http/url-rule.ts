/**
 * The one rule for every URL the run calls (the account, Slack, GitHub
 * Enterprise's API, any later channel): https anywhere, plain http only on
 * loopback, so tests and the demo can run without TLS.
 */
export function isAllowedUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** localhost, [::1] or 127.0.0.0/8: where a test or a relay on the runner listens (SMTP without TLS, too). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** How an error message says the exception to https. */
export const LOOPBACK_WORDS = 'plain http only for 127.0.0.1, localhost or [::1]';
