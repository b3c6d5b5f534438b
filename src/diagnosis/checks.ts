/**
 * The individual Tracking API checks. Each takes one parameter (or the whole query) and
 * returns what is wrong with it, or nothing. They are pure, never throw, and stay linear in
 * the size of the value: raw requests come from the internet and can be anything.
 *
 * Texts built here never quote the value itself (diagnose.ts shows it, redacted and
 * shortened), and only quote parameter names that the rule table knows: undocumented names
 * are arbitrary input too.
 */
import { isIP } from 'node:net';
import type { CustomVariablesShape, JsonShape, ProductsShape, TrackingRule } from './rules.js';
import { isUuid } from '../text/uuid.js';

export type ViolationCode =
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
  | 'unknown';

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
}

type Fault = Pick<Violation, 'code' | 'problem'> & Partial<Pick<Violation, 'fix'>>;

function violation(parameter: string, value: string | undefined, rule: TrackingRule, fault: Fault): Violation {
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

// ---------------------------------------------------------------------------------------------
// What a rule accepts, in words.

/** "a number from 0 to 100000000000", "text of 1 to 1024 characters", "one of 0, 1"… */
export function describeExpected(rule: TrackingRule): string {
  if (rule.enum) return `one of ${rule.enum.join(', ')}`;
  if (rule.type !== 'string') return describeNumber(rule);
  if (rule.format) return describeFormat(rule);
  return describeText(rule);
}

function describeNumber(rule: TrackingRule): string {
  const kind = rule.type === 'integer' ? 'an integer' : 'a number';
  const { minimum: min, maximum: max } = rule;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

function describeText(rule: TrackingRule): string {
  const { minLength: min, maxLength: max } = rule;
  if (min !== undefined && min === max) return `text of exactly ${min} characters`;
  if (min !== undefined && max !== undefined) return `text of ${min} to ${max} characters`;
  if (max !== undefined) return `text of at most ${max} characters`;
  if (min === 1) return 'non-empty text';
  if (min !== undefined) return `text of at least ${min} characters`;
  return 'text';
}

function describeFormat(rule: TrackingRule): string {
  switch (rule.format) {
    case 'uuid':
      return 'a UUID (8-4-4-4-12 hexadecimal digits)';
    case 'uuid-or-integer':
      return 'a goal UUID or a legacy integer goal ID';
    case 'url':
      return 'an absolute URL with a host (scheme://host/…) or a mailto: address';
    case 'hexadecimal':
      return rule.minLength !== undefined && rule.minLength === rule.maxLength
        ? `exactly ${rule.minLength} hexadecimal digits`
        : 'hexadecimal digits';
    case 'resolution':
      return 'a screen resolution written {width}x{height}, e.g. 1920x1080';
    case 'ip':
      return 'an IPv4 or IPv6 address';
    case 'unix-timestamp-or-datetime':
      return 'a UNIX timestamp or a UTC date-time written YYYY-MM-DD hh:mm:ss';
    case 'country-code':
      return 'a lowercase ISO 3166-1 alpha-2 country code, e.g. us';
    case 'semver':
      return 'a semantic version, e.g. 1.2.3';
    case 'json':
      return describeShape(rule.shape);
    default:
      return describeText(rule);
  }
}

function describeShape(shape: JsonShape | undefined): string {
  switch (shape?.kind) {
    case 'products':
      return `a JSON array of at most ${shape.maxProducts} product arrays [sku, name, category, price, quantity, brand, variant, custom dimensions]`;
    case 'custom-variables':
      return `a JSON object of "id": [name, value] pairs, name and value strings of at most ${shape.maxNameLength} characters`;
    case 'string-array':
      return 'a JSON array of strings';
    default:
      return 'URL-encoded JSON';
  }
}

// ---------------------------------------------------------------------------------------------
// Value checks: each looks at one aspect and leaves the others to its siblings.

const INTEGER = /^-?\d+$/;
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

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    length++;
  }
  return length;
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

/** JSON parameters: the syntax, then the shape the spec documents for it. */
export function checkJson(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (rule.format !== 'json') return undefined;
  if (value === '') return violation(parameter, value, rule, { code: 'empty', problem: 'is empty' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Includes a RangeError on absurd nesting: either way it is not JSON the tracker can use.
    const fix = `send \`${parameter}\` as valid JSON, URL-encoded`;
    return violation(parameter, value, rule, { code: 'bad-json', problem: 'is not valid JSON', fix });
  }
  const detail = rule.shape ? shapeProblem(parsed, rule.shape) : undefined;
  if (!detail) return undefined;
  const fix = `correct \`${parameter}\` (${detail})`;
  return violation(parameter, value, rule, { code: 'bad-shape', problem: `is not in the documented shape: ${detail}`, fix });
}

export function shapeProblem(parsed: unknown, shape: JsonShape): string | undefined {
  switch (shape.kind) {
    case 'products':
      return productsProblem(parsed, shape);
    case 'custom-variables':
      return customVariablesProblem(parsed, shape);
    case 'string-array':
      return stringArrayProblem(parsed);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON shapes. They walk only the documented levels, so nesting depth costs nothing.

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'missing';
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function stringArrayProblem(parsed: unknown): string | undefined {
  if (!Array.isArray(parsed)) return `it is ${typeName(parsed)}, not an array`;
  const index = parsed.findIndex((item) => typeof item !== 'string');
  return index < 0 ? undefined : `item ${index + 1} is ${typeName(parsed[index])}, not a string`;
}

function customVariablesProblem(parsed: unknown, shape: CustomVariablesShape): string | undefined {
  if (!isObject(parsed)) return `it is ${typeName(parsed)}, not an object`;
  let position = 0;
  for (const [id, pair] of Object.entries(parsed)) {
    position++;
    // The key is arbitrary input: name it only when it looks like the documented numeric ID.
    const label = /^\d{1,6}$/.test(id) ? `variable "${id}"` : `variable #${position}`;
    const problem = customVariableProblem(pair, shape);
    if (problem) return `${label} ${problem}`;
  }
  return undefined;
}

function customVariableProblem(pair: unknown, shape: CustomVariablesShape): string | undefined {
  if (!Array.isArray(pair) || pair.length !== 2) return 'is not a [name, value] pair';
  const limits = [
    ['name', shape.maxNameLength],
    ['value', shape.maxValueLength],
  ] as const;
  for (const [index, [what, max]] of limits.entries()) {
    const item: unknown = pair[index];
    if (typeof item !== 'string') return `${what} is ${typeName(item)}, not a string`;
    if (codePointLength(item) > max) return `${what} is longer than ${max} characters`;
  }
  return undefined;
}

function productsProblem(parsed: unknown, shape: ProductsShape): string | undefined {
  if (!Array.isArray(parsed)) return `it is ${typeName(parsed)}, not an array of products`;
  if (parsed.length > shape.maxProducts) return `it lists ${parsed.length} products, more than ${shape.maxProducts}`;
  for (const [index, product] of parsed.entries()) {
    const problem = productProblem(product, shape);
    if (problem) return `product ${index + 1} ${problem}`;
  }
  return undefined;
}

/** Positions of a product array, as the spec lists them. */
const PRODUCT_FIELD_COUNT = 8;

function productProblem(product: unknown, shape: ProductsShape): string | undefined {
  if (!Array.isArray(product)) return `is ${typeName(product)}, not an index-positioned array`;
  if (product.length > PRODUCT_FIELD_COUNT) return `has ${product.length} fields, more than the ${PRODUCT_FIELD_COUNT} documented`;
  const [sku, name, category, price, quantity, brand, variant, dimensions] = product as unknown[];
  if (typeof sku !== 'string') return `sku is ${typeName(sku)}, not a string`;
  return (
    textProblem('sku', sku, shape.maxSkuBytes) ??
    optionalTextProblem('name', name, shape.maxNameBytes) ??
    categoryProblem(category, shape) ??
    optionalNumberProblem('price', price, false) ??
    optionalNumberProblem('quantity', quantity, true) ??
    optionalTextProblem('brand', brand) ??
    optionalTextProblem('variant', variant) ??
    productDimensionsProblem(dimensions, shape)
  );
}

function textProblem(what: string, text: string, maxBytes: number | undefined): string | undefined {
  return maxBytes !== undefined && utf8Bytes(text) > maxBytes ? `${what} is longer than ${maxBytes} bytes` : undefined;
}

/** Optional positions may be absent or JSON null. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function optionalTextProblem(what: string, value: unknown, maxBytes?: number): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') return `${what} is ${typeName(value)}, not a string`;
  return textProblem(what, value, maxBytes);
}

function categoryProblem(category: unknown, shape: ProductsShape): string | undefined {
  if (!Array.isArray(category)) return optionalTextProblem('category', category, shape.maxCategoryBytes);
  if (category.length > shape.maxCategories) return `has ${category.length} categories, more than ${shape.maxCategories}`;
  for (const item of category as unknown[]) {
    if (typeof item !== 'string') return `category list holds ${typeName(item)}, not only strings`;
    const problem = textProblem('a category', item, shape.maxCategoryBytes);
    if (problem) return problem;
  }
  return undefined;
}

function optionalNumberProblem(what: string, value: unknown, integer: boolean): string | undefined {
  if (isAbsent(value)) return undefined;
  // A quoted "4.99" is the classic mistake: JSON numbers only.
  if (typeof value !== 'number') return `${what} is ${typeName(value)}, not a number`;
  if (!Number.isFinite(value)) return `${what} is not a finite number`;
  if (integer && !Number.isInteger(value)) return `${what} is not an integer`;
  return undefined;
}

function productDimensionsProblem(dimensions: unknown, shape: ProductsShape): string | undefined {
  if (isAbsent(dimensions)) return undefined;
  if (!isObject(dimensions)) return `custom dimensions are ${typeName(dimensions)}, not an object`;
  const entries = Object.entries(dimensions);
  if (entries.length > shape.maxCustomDimensions) return `has ${entries.length} custom dimensions, more than ${shape.maxCustomDimensions}`;
  for (const [id, text] of entries) {
    const numericId = /^\d{1,6}$/.test(id) ? Number(id) : NaN;
    if (!(numericId >= 1 && numericId <= shape.maxCustomDimensionId)) {
      return `has a custom dimension ID that is not a number from 1 to ${shape.maxCustomDimensionId}`;
    }
    if (typeof text !== 'string') return `custom dimension ${numericId} is ${typeName(text)}, not a string`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parameter-level checks.

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
