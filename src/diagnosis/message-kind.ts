import type { Violation } from './checks/violation.js';

/**
 * What kind of fault the server's own message speaks of, per finding code: a
 * message about a length ("exceeds the maximum length of 255 characters") is
 * explained by a length finding, not by a dimension the site lacks. The
 * server saw the hit; where its words and a finding agree, that finding leads.
 */
const KINDS: Partial<Record<Violation['code'], RegExp>> = {
  'too-long': /too long|\blength\b|\bcharacters?\b|\bchars?\b|\bexceed|\btruncat|\bmax(?:imum)?\s+(?:size|length)/i,
  'too-short': /too short|\blength\b|\bcharacters?\b|\bchars?\b/i,
  'not-number': /\bnumber|\bnumeric|\binteger|\bfloat|\bdecimal|\bnan\b/i,
  'not-integer': /\binteger|\bwhole number|\bnumeric/i,
  'out-of-range':
    /\brange\b|\bbetween\b|\bgreater\b|\bless than\b|\bminimum\b|\bmaximum\b|\bnegative\b|\btoo (?:large|small|big|high|low)\b/i,
  'bad-json': /\bjson\b|\bparse\b|\bsyntax\b/i,
  'bad-shape': /\bjson\b|\bparse\b|\bstructure\b|\bshape\b|\bformat\b/i,
  'bad-format': /\bformat\b|\bmalformed\b|\binvalid (?:url|uuid|date|time|timestamp|ip|hex)/i,
  'not-in-enum': /\bone of\b|\ballowed values?\b|\bunsupported value\b|\bnot allowed\b|\bunknown value\b/i,
  missing: /\bmissing\b|\brequired\b|\bnot (?:set|sent|given|provided)\b/i,
  empty: /\bempty\b|\bblank\b/i,
};

/** True when the server's message speaks of the kind of fault the finding is. */
export function messageSpeaksOfKind(violation: Violation, errorMessage: string): boolean {
  return typeof errorMessage === 'string' && (KINDS[violation.code]?.test(errorMessage) ?? false);
}
