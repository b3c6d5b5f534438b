import { checkValue } from '../../src/diagnosis/checks/parameter.js';
import { ruleFor, type TrackingRule } from '../../src/diagnosis/rules.js';

/** The documented rule of a Tracking API parameter; a test that names an undocumented one is wrong. */
export function rule(name: string): TrackingRule {
  const found = ruleFor(name);
  if (!found) throw new Error(`no rule for ${name}`);
  return found;
}

/** Runs the value checks of `name` and returns what they found, as [code, problem]. */
export function verdict(name: string, value: string): [string, string] | undefined {
  const found = checkValue(name, value, rule(name));
  return found && [found.code, found.problem];
}
