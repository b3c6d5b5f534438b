import type { EventContext, RawRequest } from '../types.js';
import { jsonTextTooDeep, MAX_JSON_CHARS } from './json-bounds.js';
import { redactContent } from './pii/free-text.js';
import { redactEncodedValue, redactEncodedWords, safeDecode } from './pii/nested.js';
import { REDACTED } from './pii/placeholder.js';
import { LINK_AND_SECRET_PARAMS } from './pii/link-params.js';

/**
 * Personal data in what the action writes (summary, report, Slack, issues,
 * logs) is replaced by a placeholder unless `redact: false`. This file is the
 * one list of what counts as personal; everything that writes goes through a
 * Redactor made here.
 */
export { REDACTED };

/**
 * Tracking parameters (Piwik PRO's, lower-cased) and common URL query names
 * that identify a person or a device. Compared lower-cased.
 */
const PERSONAL_PARAMS: ReadonlySet<string> = new Set([
  // Piwik PRO tracking parameters
  'uid',
  '_id',
  'cid',
  'cip',
  'ua',
  'uia',
  // user-agent client hints as JSON: the device model among them
  'uadata',
  'cookie_id',
  'user_id',
  'visitor_id',
  'country',
  'region',
  'city',
  'lat',
  'lon',
  'long',
  'lng',
  'latitude',
  'longitude',
  'geo',
  // what sites put into their own URLs
  'email',
  'e-mail',
  'mail',
  'user',
  'username',
  'userid',
  'login',
  'name',
  'first_name',
  'firstname',
  'last_name',
  'lastname',
  'phone',
  'tel',
  'mobile',
  'address',
  'street',
  'zip',
  'postcode',
  'postal_code',
  'dob',
  'birthdate',
  'ssn',
  'ip',
  'token',
  'access_token',
  'id_token',
  'auth',
  'password',
  'pass',
  'pwd',
  'secret',
  'session',
  'sessionid',
  'sid',
  'jsessionid',
  'phpsessid',
  'aspsessionid',
  'visitorid',
  'key',
  'api_key',
  'gclid',
  'fbclid',
  'msclkid',
  'dclid',
  ...LINK_AND_SECRET_PARAMS,
]);

/**
 * Request headers that carry an address, a device fingerprint, a location, an
 * identity or a credential, by family: the name of a CDN's or proxy's header
 * varies, its words do not. Compared lower-cased.
 */
const PERSONAL_HEADERS: readonly RegExp[] = [
  // addresses: x-forwarded-for, x-real-ip, cf-connecting-ip, true-client-ip, fastly-client-ip, x-envoy-external-address, …
  /^(?:x-(?:original-)?forwarded-for|forwarded|x-envoy-external-address|x-remote-addr|remote-addr)$/,
  /(?:^|-)ip(?:$|-)/,
  // device: the user agent and its client hints
  /^user-agent$/,
  /^sec-ch-ua/,
  /^x-(?:device|wap)-/,
  // location: cf-ipcity, cf-iplatitude, cf-postal-code, x-vercel-ip-city, cloudfront-viewer-city, x-appengine-city, x-geoip-*, …
  /^(?:cf-ip|cf-postal|cf-region|cf-metro|cf-timezone|x-vercel-ip-|cloudfront-viewer-|x-appengine-|x-geo|x-client-geo|fastly-geo)/,
  /(?:^|-)(?:geo\w*|city|country|region|latitude|longitude|lat|lon|lng|postal|zip|timezone|location)(?:$|-)/,
  // identity: x-forwarded-user, x-amzn-oidc-identity, x-ms-client-principal, x-goog-authenticated-user-email, remote-user, …
  /^(?:x-amzn-oidc-|x-ms-client-principal|x-goog-authenticated-|x-auth-request-|x-forwarded-(?:user|email|preferred-username|groups))/,
  /(?:^|-)(?:user|users|username|email|mail|login|identity|principal|subject|uid|userid)(?:$|-)/,
  // whose id it is: x-visitor-id, x-customer-id, x-customer-no, x-member-number, x-client-uuid, x-anonymous-id, …
  /(?:^|-)(?:visitor|customer|member|client|person|contact|subscriber|account|device|anonymous|anon)-?(?:id|no|nr|number|uuid|key|ref)(?:$|-)/,
  /(?:^|-)(?:visitor|customer|member|subscriber|person|contact)(?:$|-)/,
  // credentials
  /^(?:(?:proxy-)?authorization|cookie|set-cookie)$/,
  /(?:^|-)(?:auth|token|session|api-key|apikey|secret|password|csrf|xsrf)(?:$|-)/,
];

// The local part takes the characters RFC 5322 allows unquoted, but for the URL delimiters & = ? /,
// so `a=1&mail=x@y.z` loses only the address (a local part holding them still loses its tail and domain).
// The @ may be percent-encoded once or twice (%40, %2540), and so may the dots (%2E).
// Every repetition is bounded (64 is RFC 5321's local-part limit): unbounded ones take quadratic
// time on a long run with no `@`, and a tracking value can be megabytes long.
const AT = '(?:@|%40|%2540)';
const DOMAIN = '[\\w-]{1,63}(?:(?:\\.|%2e|%252e)[\\w-]{1,63}){1,8}';
const EMAIL = new RegExp(`[\\w.!#$%'*+^\`{|}~-]{1,64}${AT}${DOMAIN}`, 'gi');
/** What is left of an address whose local part was all delimiters. */
const EMAIL_DOMAIN = new RegExp(`${AT}${DOMAIN}`, 'gi');
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 =
  /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?\b|(?<![\w:])::(?:(?:[0-9a-f]{1,4}:){1,6}[0-9a-f]{1,4}|[0-9a-f]{0,3}\d[0-9a-f]{0,3})\b/gi;
/** An IPv4 address written as one number (or in hex) where a URL's host stands: http://3405803785/. */
const IPV4_NUMBER_HOST = /(?<=\/\/)(?:\d{8,10}|0x[0-9a-f]{8})(?=[:/?#]|$)/gi;
/** `name=value` for a personal name, wherever it stands: in a URL or its fragment, a form body, or an error message quoting one. */
const PERSONAL_PAIR = /(^|[?&;#\s"'(,])([\w.%[\]-]{1,64})=([^&;\s"'#)]*)/g;
/**
 * An id quoted in an error message: "visitor id 'a1b2…'", "user_id: 42", "uid \"…\"". Quoted, or after
 * `:`, `=` or `#`, or (for the `… id` words) any value holding a digit.
 */
const QUOTED_ID =
  /\b((?:visitor|user|client|customer|member|account|device|cookie|session)[ _-]?id|uid|_id|cid|visitor|user)(\s{0,3}(?:[:=#]\s{0,3})?)(?:(["'`])([^"'`\r\n]{1,128})\3|(?<=[:=#]\s{0,3})([\w.@+-]{1,128})|(?<=id\s{1,3})(?=[\w.@+-]{0,127}\d)([\w.@+-]{1,128}))/gi;
/** Custom variables: JSON `{"1":["name","value"],…}`; a value is personal when its name is. */
const CUSTOM_VARIABLES = new Set(['_cvar', 'cvar', 'e_cvar']);

export interface Redactor {
  readonly enabled: boolean;
  /**
   * The same rules, plus `names` taken as personal: a site's custom dimensions whose account names say
   * they hold personal data (src/safety/pii/dimensions.ts).
   */
  withPersonal(names: ReadonlySet<string>): Redactor;
  /** Free text (messages, URLs, titles): personal pairs, e-mails and IP addresses. */
  text(value: string): string;
  /** One tracking parameter's value. */
  param(name: string, value: string): string;
  request(request: RawRequest): RawRequest;
  context(context: EventContext): EventContext;
}

export function createRedactor(enabled: boolean): Redactor {
  if (!enabled) {
    const off: Redactor = { enabled, withPersonal: () => off, text: (v) => v, param: (_n, v) => v, request: (r) => r, context: (c) => c };
    return off;
  }
  return siteRedactor(new Set());
}

function siteRedactor(personal: ReadonlySet<string>): Redactor {
  const param = (name: string, value: string): string => (personal.has(name) ? REDACTED : redactParam(name, value));
  return {
    enabled: true,
    withPersonal: (names) => siteRedactor(new Set([...personal, ...names])),
    text: (value) => redactText(value),
    param,
    request: (request) => redactRequest(request, param),
    context: redactContext,
  };
}

/** Names compared without case and separators too, so `userId`, `User-ID` and `user_id` are one name. */
const PERSONAL_SQUASHED: ReadonlySet<string> = new Set(
  [...PERSONAL_PARAMS].map(squash).filter((name) => name.length >= 3 && !['id', 'key'].includes(name)),
);
/** Families of personal names, on the squashed name: whatever the site calls its e-mail or user id field. */
const PERSONAL_NAME_WORDS =
  /e?mail|phone|mobile|userid|username|visitorid|customerid|memberid|accountid|firstname|lastname|fullname|surname|birth|passport|address|street|postcode|postalcode|zipcode|latitude|longitude|ipaddr|clientip|remoteaddr|password|passwd|secret|token|sessionid|sessid|apikey|(?:customer|member|client|account|contract|loyalty|policy|card|visitor|subscriber)(?:no|nr|num|number|ref)\b|iban|cardnumber|creditcard|ccnum|cvv|cvc/;

/**
 * Whether a parameter name is personal: as listed, without case and separators, by the words it
 * holds, or by any part of a bracketed or dotted name (`user[first_name]`, `customer.email`).
 */
function isPersonalParam(name: string): boolean {
  const decoded = safeDecode(name).toLowerCase();
  const parts = [decoded, ...decoded.split(/[[\].]+/).filter((p) => p !== '')];
  return parts.some((part) => PERSONAL_PARAMS.has(part) || PERSONAL_SQUASHED.has(squash(part)) || PERSONAL_NAME_WORDS.test(squash(part)));
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** `depth`: how many layers of percent-encoding were already taken off (src/safety/pii/nested.ts). */
function redactText(value: string, depth = 0): string {
  const pairs = redactEncodedWords(
    value.replace(PERSONAL_PAIR, (whole, lead: string, name: string, pairValue: string) => {
      if (isPersonalParam(name)) return `${lead}${name}=${REDACTED}`;
      const inner = redactEncodedValue(pairValue, redactText, depth);
      return inner === pairValue ? whole : `${lead}${name}=${inner}`;
    }),
    redactText,
    depth,
  ).replace(QUOTED_ID, (_whole, name: string, sep: string, quote: string | undefined) =>
    quote ? `${name}${sep}${quote}${REDACTED}${quote}` : `${name}${sep}${REDACTED}`,
  );
  const emails = mayHoldEmail(pairs) ? pairs.replace(EMAIL, REDACTED).replace(EMAIL_DOMAIN, REDACTED) : pairs;
  return redactContent(emails.replace(IPV4, REDACTED).replace(IPV6, REDACTED).replace(IPV4_NUMBER_HOST, REDACTED));
}

/** Most values hold no `@` in any spelling: the e-mail patterns, tried at every position, are then skipped. */
function mayHoldEmail(value: string): boolean {
  return value.includes('@') || value.includes('%40') || value.includes('%2540');
}

function redactParam(name: string, value: string): string {
  if (CUSTOM_VARIABLES.has(name.toLowerCase())) return redactCustomVariables(value);
  return isPersonalParam(name) ? REDACTED : redactText(value);
}

/**
 * `{"1":["userId","42"],"2":["plan","pro"]}` keeps `plan`'s value and loses the user id's. One level is walked,
 * never more: a value too long or nested too deep to walk safely (src/safety/json-bounds.ts) is redacted whole,
 * and so is a variable's value that is not text, a number or a boolean.
 */
function redactCustomVariables(value: string): string {
  if (value.length > MAX_JSON_CHARS || jsonTextTooDeep(value)) return REDACTED;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return redactText(value);
  }
  if (parsed === null || typeof parsed !== 'object') return redactText(value);
  const out: Record<string, unknown> = {};
  for (const [slot, pair] of Object.entries(parsed)) {
    if (Array.isArray(pair) && typeof pair[0] === 'string') {
      const name = pair[0];
      out[slot] = [redactText(name), isPersonalParam(name) ? REDACTED : redactScalar(pair[1])];
    } else {
      out[slot] = REDACTED;
    }
  }
  return JSON.stringify(out);
}

function redactScalar(value: unknown): string {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return redactText(String(value ?? ''));
  return REDACTED;
}

function isPersonalHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return PERSONAL_HEADERS.some((p) => p.test(lower));
}

/** Names are redacted too: a site can put an e-mail or an address into a parameter's or a header's name. */
function redactRequest(request: RawRequest, param: (name: string, value: string) => string): RawRequest {
  return {
    ...request,
    headers: request.headers.map(([name, value]) => [redactText(name), isPersonalHeader(name) ? REDACTED : redactText(value)] as const),
    queryParams: uniqueKeys(Object.entries(request.queryParams).map(([name, value]) => [redactText(name), param(name, value)])),
  };
}

/** Two names redacted to the same text both stay: the second as `[redacted] (2)`. */
function uniqueKeys(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    let name = key;
    for (let n = 2; name in out; n += 1) name = `${key} (${n})`;
    out[name] = value;
  }
  return out;
}

function redactContext(context: EventContext): EventContext {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(context) as [string, string | undefined][])
    out[key] = value === undefined ? undefined : redactText(value);
  return out;
}
