import type { EventContext, RawRequest } from '../types.js';

/**
 * Personal data in what the action writes (summary, report, Slack, issues,
 * logs) is replaced by a placeholder unless `redact: false`. This file is the
 * one list of what counts as personal; everything that writes goes through a
 * Redactor made here.
 */
export const REDACTED = '[redacted]';

/**
 * Tracking parameters (Piwik PRO's, lower-cased) and common URL query names
 * that identify a person or a device. Compared lower-cased.
 */
export const PERSONAL_PARAMS: ReadonlySet<string> = new Set([
  // Piwik PRO tracking parameters
  'uid',
  '_id',
  'cid',
  'cip',
  'ua',
  'uia',
  'cookie_id',
  'user_id',
  'visitor_id',
  'country',
  'region',
  'city',
  'lat',
  'long',
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
  'key',
  'api_key',
  'gclid',
  'fbclid',
  'msclkid',
  'dclid',
]);

/** Request headers that carry an address, a device fingerprint, a location or a credential. */
const PERSONAL_HEADERS: readonly RegExp[] = [
  /^x-forwarded-for$/,
  /^x-real-ip$/,
  /^forwarded$/,
  /^true-client-ip$/,
  /^cf-connecting-ip$/,
  /^x-client-ip$/,
  /^x-cluster-client-ip$/,
  /^user-agent$/,
  /^sec-ch-ua/,
  /^cookie$/,
  /^authorization$/,
  /^x-geoip-/,
  /^cf-ipcountry$/,
  /^x-appengine-(city|region|country|citylatlong)$/,
];

// The local part takes the characters RFC 5322 allows unquoted, but for the URL delimiters & = ? /,
// so `a=1&mail=x@y.z` loses only the address (a local part holding them still loses its tail and domain).
// Every repetition is bounded (64 is RFC 5321's local-part limit): unbounded ones take quadratic
// time on a long run with no `@`, and a tracking value can be megabytes long.
const EMAIL = /[\w.!#$%'*+^`{|}~-]{1,64}(?:@|%40)[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/gi;
/** What is left of an address whose local part was all delimiters. */
const EMAIL_DOMAIN = /(?:@|%40)[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/gi;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?\b/gi;
/** `name=value` for a personal name, wherever it stands: in a URL, a form body, or an error message quoting one. */
const PERSONAL_PAIR = /(^|[?&;\s"'(,])([\w.%-]{1,64})=([^&;\s"'#)]*)/g;

export interface Redactor {
  readonly enabled: boolean;
  /** Free text (messages, URLs, titles): personal pairs, e-mails and IP addresses. */
  text(value: string): string;
  /** One tracking parameter's value. */
  param(name: string, value: string): string;
  request(request: RawRequest): RawRequest;
  context(context: EventContext): EventContext;
}

export function createRedactor(enabled: boolean): Redactor {
  if (!enabled) {
    return { enabled, text: (v) => v, param: (_n, v) => v, request: (r) => r, context: (c) => c };
  }
  return { enabled, text: redactText, param: redactParam, request: redactRequest, context: redactContext };
}

export function isPersonalParam(name: string): boolean {
  return PERSONAL_PARAMS.has(name.toLowerCase());
}

function redactText(value: string): string {
  return value
    .replace(PERSONAL_PAIR, (whole, lead: string, name: string) =>
      isPersonalParam(safeDecode(name)) ? `${lead}${name}=${REDACTED}` : whole,
    )
    .replace(EMAIL, REDACTED)
    .replace(EMAIL_DOMAIN, REDACTED)
    .replace(IPV4, REDACTED)
    .replace(IPV6, REDACTED);
}

function redactParam(name: string, value: string): string {
  return isPersonalParam(name) ? REDACTED : redactText(value);
}

function redactRequest(request: RawRequest): RawRequest {
  return {
    ...request,
    headers: request.headers.map(
      ([name, value]) => [name, PERSONAL_HEADERS.some((p) => p.test(name.toLowerCase())) ? REDACTED : redactText(value)] as const,
    ),
    queryParams: Object.fromEntries(Object.entries(request.queryParams).map(([name, value]) => [name, redactParam(name, value)])),
  };
}

function redactContext(context: EventContext): EventContext {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(context) as [string, string | undefined][])
    out[key] = value === undefined ? undefined : redactText(value);
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
