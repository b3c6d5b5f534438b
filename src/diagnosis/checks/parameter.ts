import type { TrackingRule } from '../rules.js';
import { checkLength, checkNumber } from './bounds.js';
import { checkEnum, checkFormat } from './formats.js';
import { checkJson } from './json.js';
import type { Violation } from './violation.js';

/** Parameter-level checks: everything about one parameter, documented or not. */

const VALUE_CHECKS = [checkNumber, checkEnum, checkLength, checkFormat, checkJson] as const;

/** The first thing wrong with the value: one finding per parameter is easier to act on than five. */
export function checkValue(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  for (const check of VALUE_CHECKS) {
    const found = check(parameter, value, rule);
    if (found) return found;
  }
  return undefined;
}

/** Deprecated parameters, with the one to send instead when the spec names it. */
export function checkDeprecated(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (!rule.deprecated) return undefined;
  const replacement = rule.replacement;
  return {
    parameter,
    value,
    code: 'deprecated',
    severity: 'cause',
    problem: 'is deprecated',
    expected: replacement ? `\`${replacement}\` instead` : 'a parameter that is not deprecated',
    fix: replacement ? `rename \`${parameter}\` to \`${replacement}\`` : `stop sending \`${parameter}\``,
  };
}

/**
 * Everything wrong with one documented parameter. An alias (`ec_items`) is also held to its
 * replacement's value rules, since the tracker reads it as that parameter.
 */
export function checkParameter(parameter: string, value: string, rule: TrackingRule, replacementRule?: TrackingRule): Violation[] {
  const valueRule = rule.alias && replacementRule ? replacementRule : rule;
  const found = [checkDeprecated(parameter, value, rule), checkValue(parameter, value, valueRule)];
  return found.filter((item): item is Violation => item !== undefined);
}

/** Parameters the spec does not document: worth a look, never a cause. */
export function unknownParameter(parameter: string, value: string): Violation {
  return {
    parameter,
    value,
    code: 'unknown',
    severity: 'info',
    problem: 'is not a documented Tracking API parameter',
    expected: 'a parameter the Tracking API documents',
    fix: 'not in the documented Tracking API: harmless if your tracker adds it on purpose, otherwise check its spelling',
  };
}
