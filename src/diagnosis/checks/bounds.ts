import { codePointLength } from '../../text/display.js';
import type { TrackingRule } from '../rules.js';
import { violation, type Fault, type Violation } from './violation.js';

/** Types and bounds: numbers by their syntax and documented range, text by its length in characters. */

/** An integer as the tracker reads one: digits, an optional minus, nothing else. */
export const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Integer and number parameters: syntax first, then the documented bounds. */
export function checkNumber(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (rule.type === 'string') return undefined;
  if (value === '') return violation(parameter, value, rule, { code: 'empty', problem: 'is empty' });
  if (rule.type === 'integer' && !INTEGER.test(value)) {
    const problem = DECIMAL.test(value) ? 'is not an integer' : 'is not a number';
    return violation(parameter, value, rule, { code: DECIMAL.test(value) ? 'not-integer' : 'not-number', problem });
  }
  if (!DECIMAL.test(value)) return violation(parameter, value, rule, { code: 'not-number', problem: 'is not a number' });
  const problem = boundsProblem(value, rule);
  return problem ? violation(parameter, value, rule, { code: 'out-of-range', problem }) : undefined;
}

function boundsProblem(value: string, rule: TrackingRule): string | undefined {
  const number = Number(value);
  if (!Number.isFinite(number)) return 'is too large to be a number';
  if (rule.minimum !== undefined && isBelow(value, number, rule.minimum)) return `is below ${rule.minimum}`;
  if (rule.maximum !== undefined && isBelow(value, number, rule.maximum, true)) return `is above ${rule.maximum}`;
  return undefined;
}

/** Compares exactly for integers (BigInt), as doubles otherwise; `reverse` asks "is above". */
function isBelow(text: string, number: number, bound: number, reverse = false): boolean {
  if (INTEGER.test(text) && Number.isInteger(bound)) {
    const exact = BigInt(text);
    return reverse ? exact > BigInt(bound) : exact < BigInt(bound);
  }
  return reverse ? number > bound : number < bound;
}

/** Length bounds, counted in characters (code points), as OpenAPI counts them. */
export function checkLength(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (rule.type !== 'string') return undefined;
  const length = codePointLength(value);
  if (rule.minLength !== undefined && length < rule.minLength) {
    const fault: Fault =
      length === 0
        ? { code: 'empty', problem: 'is empty', fix: `leave \`${parameter}\` out or give it a value` }
        : { code: 'too-short', problem: `is ${length} characters long` };
    return violation(parameter, value, rule, fault);
  }
  if (rule.maxLength !== undefined && length > rule.maxLength) {
    const fix = `shorten \`${parameter}\` to at most ${rule.maxLength} characters`;
    return violation(parameter, value, rule, { code: 'too-long', problem: `is ${length} characters long`, fix });
  }
  return undefined;
}

/** A high surrogate followed by a low one: one character in two UTF-16 units. */
