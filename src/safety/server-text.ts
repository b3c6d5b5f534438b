import { shorten } from '../text/shorten.js';

/**
 * What a server said, quoted in an error (a Debugger 400, a Logs 500, a
 * Slack or GitHub refusal). A server, proxy or WAF may echo the request it
 * got, headers and all, so credentials that look like credentials are masked
 * first, whoever's they are: authorization and cookie headers, values of
 * names that say token, secret, password, key or session, bearer tokens,
 * JWTs, the token shapes of GitHub, Slack and AWS, Slack webhook paths and
 * user:password@ in URLs. Then the text becomes one line and is cut. The run's
 * own secrets are scrubbed again, in every form, where text leaves the
 * process (src/safety/secrets.ts).
 */
const MASK = '***';

// Every repetition is bounded, so no pattern backtracks more than linearly on a long body.
const HEADER =
  /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|x-access-token|x-amz-security-token|private-token|x-(?:csrf|xsrf)-token|(?:set-)?cookie)(["']?\s{0,8}[:=]\s{0,8}["']?)([^\r\n"'<>]{1,4096})/gi;
const NAMED_VALUE =
  /\b([\w-]{0,32}(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|session[_-]?id|sessid|signature|credential)[\w-]{0,32})(["']?\s{0,8}[:=]\s{0,8}["']?)([^\s"'&,;<>{}]{1,4096})/gi;
const BEARER = /\b(bearer|basic)(\s{1,8})([\w.~+/=-]{8,4096})/gi;
const SHAPES = [
  // A JWT, whole or cut short.
  /\beyJ[\w-]{10,4096}(?:\.[\w-]{0,4096}){0,2}/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{16,255}|github_pat_\w{20,255})/g,
  /\bxox[abposr]-[\w-]{10,255}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[\w/-]{1,255}/gi,
];
const URL_CREDENTIALS = /\/\/[^\s/?#@]{1,256}@/g;

/** Every credential-looking value in a text masked. */
export function scrubCredentials(text: string): string {
  const out = text
    .replace(HEADER, (_m, name: string, sep: string) => `${name}${sep}${MASK}`)
    .replace(NAMED_VALUE, (_m, name: string, sep: string) => `${name}${sep}${MASK}`)
    .replace(BEARER, (_m, scheme: string, space: string) => `${scheme}${space}${MASK}`)
    .replace(URL_CREDENTIALS, `//${MASK}@`);
  return maskTokenShapes(out, MASK);
}

/** JWTs and the token shapes of GitHub, Slack and AWS replaced by `mask`: also what redaction removes from URLs and values. */
export function maskTokenShapes(text: string, mask: string): string {
  let out = text;
  for (const shape of SHAPES) out = out.replace(shape, mask);
  return out;
}

/** A server's text for an error message: credentials masked, then one line, at most `maxChars` long. */
export function quoteServerText(text: string, maxChars = 200): string {
  return shorten(scrubCredentials(text).replace(/\s+/g, ' ').trim(), maxChars);
}
