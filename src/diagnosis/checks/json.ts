import { jsonTextTooDeep, MAX_JSON_DEPTH } from '../../safety/json-bounds.js';
import type { CustomVariablesShape, JsonShape, ProductsShape, TrackingRule } from '../rules.js';
import { codePointLength } from '../../text/display.js';
import { violation, type Violation } from './violation.js';

/**
 * JSON parameters (`ec_products`, `_cvar`, `search_cats`…): the syntax, then the documented
 * shape. The shapes walk only the documented levels, so nesting depth costs nothing.
 */

/** JSON parameters: the syntax, then the shape the spec documents for it. */
export function checkJson(parameter: string, value: string, rule: TrackingRule): Violation | undefined {
  if (rule.format !== 'json') return undefined;
  if (value === '') return violation(parameter, value, rule, { code: 'empty', problem: 'is empty' });
  if (jsonTextTooDeep(value)) {
    const fix = `send \`${parameter}\` as the flat JSON the Tracking API documents`;
    return violation(parameter, value, rule, { code: 'bad-shape', problem: `is nested deeper than ${MAX_JSON_DEPTH} levels`, fix });
  }
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

function shapeProblem(parsed: unknown, shape: JsonShape): string | undefined {
  switch (shape.kind) {
    case 'products':
      return productsProblem(parsed, shape);
    case 'custom-variables':
      return customVariablesProblem(parsed, shape);
    case 'string-array':
      return stringArrayProblem(parsed);
  }
}

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
