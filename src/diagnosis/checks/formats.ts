import { isIP } from 'node:net';
import { isUuid } from '../../text/uuid.js';
import type { TrackingRule } from '../rules.js';
import { INTEGER } from './bounds.js';
import { violation, type Fault, type Violation } from './violation.js';

/** Documented value lists and text formats (UUIDs, URLs, IP addresses, date-times, versions…). */

/** Documented value lists (`rec`, `ping`, `e_t`…); integer lists compare numerically ("01" is 1). */
export function checkEnum(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (!rule.enum) return undefined;
  const allowed =
    rule.type === 'string' ? rule.enum.includes(value) : INTEGER.test(value) && rule.enum.map(String).includes(BigInt(value).toString());
  if (allowed) return undefined;
  const fault: Fault =
    value === '' ? { code: 'empty', problem: 'is empty' } : { code: 'not-in-enum', problem: 'is not one of the documented values' };
  return violation(parameter, value, rule, fault);
}

/** Text formats; `json` has its own check, and `float`/`unix-timestamp` add nothing to the numeric type. */
export function checkFormat(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (rule.type !== 'string' || !rule.format || rule.format === 'json') return undefined;
  const problem = formatProblem(rule.format, value);
  if (!problem) return undefined;
  const fault: Fault = value === '' ? { code: 'empty', problem: 'is empty' } : { code: 'bad-format', problem };
  return violation(parameter, value, rule, fault);
}

const HEXADECIMAL = /^[0-9a-f]+$/i;
const RESOLUTION = /^\d+x\d+$/;
const COUNTRY_CODE = /^[a-z]{2}$/;
// Each part is unambiguous (dots separate identifiers), so this cannot backtrack badly.
const SEMVER =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]/i;
const MAILTO = /^mailto:\S/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function formatProblem(format: TrackingRule['format'], value: string): string | undefined {
  switch (format) {
    case 'uuid':
      return isUuid(value) ? undefined : 'is not a UUID';
    case 'uuid-or-integer':
      return isUuid(value) || INTEGER.test(value) ? undefined : 'is neither a UUID nor an integer';
    case 'url':
      return isUrlWithAuthorityOrMailto(value) ? undefined : 'is not an absolute URL with a host, nor a mailto: address';
    case 'hexadecimal':
      return HEXADECIMAL.test(value) ? undefined : 'is not hexadecimal';
    case 'resolution':
      return RESOLUTION.test(value) ? undefined : 'is not written {width}x{height}';
    case 'ip':
      return isIP(value) !== 0 ? undefined : 'is not an IP address';
    case 'unix-timestamp-or-datetime':
      return INTEGER.test(value) || isDateTime(value) ? undefined : 'is neither a UNIX timestamp nor a YYYY-MM-DD hh:mm:ss date-time';
    case 'country-code':
      return COUNTRY_CODE.test(value) ? undefined : 'is not a lowercase two-letter country code';
    case 'semver':
      return SEMVER.test(value) ? undefined : 'is not a semantic version';
    default:
      return undefined;
  }
}

/** The spec: "URL/URI has to have authority or `mailto` scheme". */
export function isUrlWithAuthorityOrMailto(value: string): boolean {
  if (MAILTO.test(value)) return true;
  return SCHEME_AND_AUTHORITY.test(value) && URL.canParse(value);
}

function isDateTime(value: string): boolean {
  const parts = DATE_TIME.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2024-02-30 over to March: a round trip catches impossible dates.
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}
