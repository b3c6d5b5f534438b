/**
 * Keeping a secret out of text that may quote it: an error message from the
 * network layer, a log line, a printed report. A secret can appear as given,
 * URL-encoded, and (for a URL such as a Slack webhook) by its parts: the path
 * and its long segments are secrets on their own.
 */

/** Every form a secret may take in text, each at most once. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, secret.replace(/\/+$/, '')]);
  const url = parseUrl(secret);
  if (url) {
    forms.add(url.href);
    forms.add(`${url.origin}${url.pathname}`);
    forms.add(`${url.host}${url.pathname}`);
    if (url.pathname.length > 1) forms.add(url.pathname);
    if (url.search.length > 1) forms.add(url.search);
    for (const segment of url.pathname.split('/')) if (segment.length >= 6 && segment !== 'services') forms.add(segment);
  }
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    forms.add(encodeURI(form));
  }
  return [...forms];
}

/** Replaces every form, longest first (a part never leaves pieces of a longer form behind), in any case. */
export function maskSecrets(text: string, forms: readonly string[], mask: string): string {
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRegExp(form), 'gi'), mask);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
