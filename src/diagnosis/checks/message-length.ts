import { ruleFor } from '../rules.js';
import { codePointLength } from '../../text/display.js';
import type { Violation } from './violation.js';

/**
 * A length the server's own message states ("value exceeds the maximum length
 * of 255 characters"), checked against the request's documented parameters:
 * the spec gives no length for some (custom dimensions), yet the server saw
 * the hit and said what it refused. A value longer than that is named, with
 * the server's limit as the evidence.
 */
const STATED_LIMIT =
  /\b(?:max(?:imum)?\.?\s{1,3}(?:length|size)\s{0,3}(?:of|is|:)?\s{0,3}|(?:longer|more)\s{1,3}than\s{1,3}|at\s{1,3}most\s{1,3}|exceeds?\s{1,3})(\d{1,7})\s{0,3}(?:characters?|chars?)\b/i;

export function checkStatedLength(params: Readonly<Record<string, string>>, errorMessage: string): Violation[] {
  const stated = typeof errorMessage === 'string' ? STATED_LIMIT.exec(errorMessage)?.[1] : undefined;
  if (stated === undefined) return [];
  const limit = Number(stated);
  const found: Violation[] = [];
  for (const [parameter, value] of Object.entries(params)) {
    // Only documented names are quoted in our texts: any other name is arbitrary input.
    if (!ruleFor(parameter)) continue;
    const length = codePointLength(value);
    if (length <= limit) continue;
    found.push({
      parameter,
      value,
      code: 'too-long',
      severity: 'cause',
      problem: `is ${length} characters long`,
      expected: `at most ${limit} characters, as the error message says`,
      fix: `shorten \`${parameter}\` to at most ${limit} characters`,
    });
  }
  return found;
}
