import type { TrackingRule } from '../rules.js';
import { describeExpected } from './expected.js';

/**
 * What a check returns: one finding about one parameter, in words a tag's owner can act on.
 * The individual Tracking API checks live beside this file, one family per file. Each takes
 * one parameter (or the whole query) and returns what is wrong with it, or nothing. They are
 * pure, never throw, and stay linear in the size of the value: raw requests come from the
 * internet and can be anything.
 *
 * Texts built by the checks never quote the value itself (diagnose.ts shows it, redacted and
 * shortened), and only quote parameter names that the rule table knows: undocumented names
 * are arbitrary input too.
 */

type ViolationCode =
  | 'empty'
  | 'not-number'
  | 'not-integer'
  | 'out-of-range'
  | 'not-in-enum'
  | 'too-short'
  | 'too-long'
  | 'bad-format'
  | 'bad-json'
  | 'bad-shape'
  | 'deprecated'
  | 'missing'
  | 'other-site'
  | 'not-recorded'
  | 'unknown'
  // Against the site's own configuration (account.ts).
  | 'unknown-dimension'
  | 'inactive-dimension'
  | 'unknown-goal'
  | 'ecommerce-off'
  | 'unknown-url';

/** What one check found wrong with one parameter of one request. */
export interface Violation {
  readonly parameter: string;
  /** The raw value, undefined when the parameter is missing: diagnose.ts redacts it before showing it. */
  readonly value: string | undefined;
  readonly code: ViolationCode;
  /** Predicate about the value: "is not a number". */
  readonly problem: string;
  /** What the spec accepts: "a number from 0 to 100000000000". */
  readonly expected: string;
  /** What to change, without the tag context: "send `e_v` as a number from 0 to 100000000000". */
  readonly fix: string;
  /** `info` only for undocumented parameters: they never explain an error. */
  readonly severity: 'cause' | 'info';
  /** Set when the site's own configuration, not the Tracking API, says it is wrong. */
  readonly source?: 'account';
}

export type Fault = Pick<Violation, 'code' | 'problem'> & Partial<Pick<Violation, 'fix'>>;

export function violation(parameter: string, value: string | undefined, rule: TrackingRule, fault: Fault): Violation {
  const expected = describeExpected(rule);
  return {
    parameter,
    value,
    severity: 'cause',
    expected,
    fix: fault.fix ?? `send \`${parameter}\` as ${expected}`,
    code: fault.code,
    problem: fault.problem,
  };
}
