/**
 * Replaces known secrets (the client secret, the access token, the GitHub
 * token, the Slack webhook URL) in everything the CLI prints or writes. The
 * pipeline already keeps them out of the report; this is the second lock,
 * as `::add-mask::` is for the action.
 */
const MASK = '***';
/** Shorter values would mask ordinary words; the pipeline never prints them anyway. */
const MIN_LENGTH = 4;

export class SecretScrubber {
  private forms: string[] = [];

  add(secret: string): void {
    const forms = new Set(this.forms);
    for (const form of secretForms(secret)) if (form.length >= MIN_LENGTH) forms.add(form);
    // Longest first, so a part of a secret never leaves the rest of a longer form behind.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const form of this.forms) out = out.split(form).join(MASK);
    return out;
  }
}

/** The secret as given, URL-encoded, and for a URL its path and long path segments (a webhook's token parts). */
function secretForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  const url = parseUrl(secret);
  if (url && url.pathname.length > 1) {
    forms.push(`${url.host}${url.pathname}`, url.pathname);
    forms.push(...url.pathname.split('/').filter((part) => part.length >= 8 && part !== 'services'));
  }
  return forms;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
