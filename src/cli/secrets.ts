import { maskSecrets, secretForms } from '../safety/secrets.js';

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
  private readonly forms = new Set<string>();

  add(secret: string): void {
    for (const form of secretForms(secret)) if (form.length >= MIN_LENGTH) this.forms.add(form);
  }

  scrub(text: string): string {
    return maskSecrets(text, [...this.forms], MASK);
  }
}
