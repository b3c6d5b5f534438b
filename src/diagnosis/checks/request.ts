import { isUuid } from '../../text/uuid.js';
import type { Violation } from './violation.js';

/** Request-level checks: what every tracking request must carry (`idsite` of the app scanned, `rec=1`). */

/** `idsite` must be there, be a UUID, and be the app being scanned. */
export function checkSiteId(params: Readonly<Record<string, string>>, siteId: string): Violation | undefined {
  const value = Object.hasOwn(params, 'idsite') ? params.idsite : undefined;
  const expected = `the UUID of the app being scanned, ${siteId}`;
  const base = { parameter: 'idsite', value, expected, severity: 'cause' } as const;
  if (value === undefined) {
    return {
      ...base,
      code: 'missing',
      problem: 'is missing',
      fix: 'configure the tracker with the app ID so every request carries `idsite`',
    };
  }
  if (!isUuid(value)) {
    const problem = value === '' ? 'is empty' : 'is not a UUID';
    return { ...base, code: value === '' ? 'empty' : 'bad-format', problem, fix: `send \`idsite\` as the app ID ${siteId}` };
  }
  if (value.toLowerCase() === siteId.trim().toLowerCase()) return undefined;
  return {
    ...base,
    code: 'other-site',
    problem: 'is not the app being scanned',
    fix: `check the app ID the tracker is configured with (expected ${siteId})`,
  };
}

/** `rec=1` or the request is not recorded. */
export function checkRecorded(params: Readonly<Record<string, string>>): Violation | undefined {
  const value = Object.hasOwn(params, 'rec') ? params.rec : undefined;
  if (value === '1') return undefined;
  return {
    parameter: 'rec',
    value,
    code: value === undefined ? 'missing' : 'not-recorded',
    severity: 'cause',
    problem: value === undefined ? 'is missing' : 'is not 1',
    expected: '1 (requests without rec=1 are not recorded)',
    fix: 'send `rec=1` with every tracking request',
  };
}
