/**
 * The documented Tracking HTTP API parameters, as derived from Piwik PRO's spec by
 * scripts/derive-tracking-rules.mjs into tracking-rules.json (regenerate, never hand-edit).
 */
import table from './tracking-rules.json' with { type: 'json' };

type ParamType = 'integer' | 'number' | 'string';

/** The closed set of formats the derive script maps the spec's free-text formats to. */
type ParamFormat =
  | 'uuid'
  | 'uuid-or-integer'
  | 'url'
  | 'json'
  | 'hexadecimal'
  | 'unix-timestamp'
  | 'float'
  | 'resolution'
  | 'ip'
  | 'unix-timestamp-or-datetime'
  | 'country-code'
  | 'semver';

/** `_cvar` / `cvar`: `{"<id>": [name, value], …}`. */
export interface CustomVariablesShape {
  readonly kind: 'custom-variables';
  readonly maxNameLength: number;
  readonly maxValueLength: number;
}

/** `search_cats`: `["…", "…"]`. */
interface StringArrayShape {
  readonly kind: 'string-array';
}

/** `ec_products`: an array of index-positioned product arrays. */
export interface ProductsShape {
  readonly kind: 'products';
  readonly maxProducts: number;
  readonly maxSkuBytes: number;
  readonly maxNameBytes: number;
  readonly maxCategories: number;
  readonly maxCategoryBytes: number;
  readonly maxCustomDimensions: number;
  readonly maxCustomDimensionId: number;
}

export type JsonShape = CustomVariablesShape | StringArrayShape | ProductsShape;

/** One documented parameter: exactly one of `name` and `pattern` (`dimension<N>`) is set. */
export interface TrackingRule {
  readonly name?: string;
  readonly pattern?: string;
  readonly type: ParamType;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: ReadonlyArray<string | number>;
  readonly format?: ParamFormat;
  readonly shape?: JsonShape;
  readonly deprecated?: boolean;
  /** The parameter to send instead, when the spec names one. */
  readonly replacement?: string;
  /** The spec calls it an alias of `replacement`: its value follows the replacement's rules. */
  readonly alias?: boolean;
}

export interface RuleTable {
  readonly endpoint: string;
  readonly rules: readonly TrackingRule[];
}

/** The JSON module's inferred types are wider (plain strings); the derive script guarantees the narrow ones. */
export const trackingRules: RuleTable = table as RuleTable;

const rulesByName = new Map<string, TrackingRule>();
const patternRules: Array<{ readonly regex: RegExp; readonly rule: TrackingRule }> = [];
for (const rule of trackingRules.rules) {
  if (rule.name !== undefined) rulesByName.set(rule.name, rule);
  if (rule.pattern !== undefined) patternRules.push({ regex: patternRegex(rule.pattern), rule });
}

/** `dimension<N>` → /^dimension[1-9][0-9]*$/: the spec's IDs are positive integers written plainly. */
function patternRegex(pattern: string): RegExp {
  const parts = pattern.split('<N>').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[1-9][0-9]*')}$`);
}

/** The rule documenting a query parameter, patterned names included; undefined for undocumented ones. */
export function ruleFor(paramName: string): TrackingRule | undefined {
  const named = rulesByName.get(paramName);
  if (named) return named;
  return patternRules.find(({ regex }) => regex.test(paramName))?.rule;
}

/** How the rule is named in the table: `e_v`, or `dimension<N>` for a pattern. */
export function ruleLabel(rule: TrackingRule): string {
  return rule.name ?? rule.pattern ?? '';
}
