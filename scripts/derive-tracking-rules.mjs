#!/usr/bin/env node
/**
 * Derives src/diagnosis/tracking-rules.json from Piwik PRO's OpenAPI description of the
 * Tracking HTTP API (`/ppms.php`), so the diagnosis checks requests against the documented
 * API without anyone reading that spec at run time.
 *
 * Usage:
 *   node scripts/derive-tracking-rules.mjs <path-to-tracking_api.yaml>          # (re)write the table
 *   node scripts/derive-tracking-rules.mjs <path-to-tracking_api.yaml> --check  # exit 1 if the committed table is stale
 *
 * Run it again whenever Piwik PRO publishes a new version of the spec, review the diff of
 * the table, and commit it. Exit codes: 0 written / up to date, 1 stale (--check), 2 the spec
 * says something this script does not understand (teach it, do not hand-edit the table).
 *
 * How the spec's facts are translated (the table is ours, not a copy of the spec):
 * - only `in: query` parameters of `GET /ppms.php` become rules; headers are not our concern;
 * - a name with a placeholder that the description says is "replaced with its integer value"
 *   (`dimensionID`) becomes a pattern (`dimension<N>`);
 * - `minimum`/`maximum` given on a *string* (pv_id) are read as length bounds: numeric bounds
 *   mean nothing for text, and the example value's length matches them;
 * - free-text formats are mapped to a closed set of tokens (FORMAT_TOKENS); an unknown format
 *   stops the script, so a spec change cannot slip in unchecked;
 * - the shape of JSON values (custom variables, search categories, e-commerce products) is
 *   documented in prose only: it is recognised by the wording, and its limits are read from it;
 * - `deprecated` parameters get their replacement when the description names one, and are
 *   marked `alias` when the description says they are an alias (their value follows the
 *   replacement's rules).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** @import { JsonShape, TrackingRule } from '../src/diagnosis/rules.js' */
/**
 * The parts of the spec this script reads; anything else in it is ignored.
 * @typedef {{ type?: string; format?: string; enum?: unknown; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; oneOf?: SpecSchema[] }} SpecSchema
 * @typedef {{ name: string; in: string; description?: string; schema?: SpecSchema; deprecated?: boolean }} SpecParameter
 * @typedef {{ paths?: Record<string, { get?: { parameters?: SpecParameter[] } } | undefined> }} SpecDocument
 */

const TABLE_PATH = fileURLToPath(new URL('../src/diagnosis/tracking-rules.json', import.meta.url));
const ENDPOINT = '/ppms.php';

/**
 * Spec format text → the token the checks know. Formats that add nothing to the type keep a token but no check.
 * @type {Map<string, NonNullable<TrackingRule['format']>>}
 */
const FORMAT_TOKENS = new Map([
  ['uuid', 'uuid'],
  ['url', 'url'],
  ['json', 'json'],
  ['hexadecimal', 'hexadecimal'],
  ['unix timestamp', 'unix-timestamp'],
  ['float', 'float'],
  ['{width}x{height}', 'resolution'],
  ['ipv4|ipv6', 'ip'],
  ['unix timestamp|utc datetime<yyyy-mm-dd hh:mm:ss>', 'unix-timestamp-or-datetime'],
  ['iso 3166-1 alpha-2 code (lowercase)', 'country-code'],
  ['semver', 'semver'],
]);

export class SpecError extends Error {}

/** @param {string[]} argv */
function main(argv) {
  const args = argv.filter((arg) => arg !== '--check');
  const checkOnly = args.length !== argv.length;
  if (args.length !== 1) {
    console.error('usage: node scripts/derive-tracking-rules.mjs <path-to-tracking_api.yaml> [--check]');
    return 2;
  }
  let table;
  try {
    table = renderTable(deriveRules(/** @type {SpecDocument | null} */ (parse(readFileSync(args[0], 'utf8')))));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(`derive-tracking-rules: ${error.message}`);
    return 2;
  }
  return checkOnly ? compareWithCommitted(table) : writeTable(table);
}

/** @param {string} table */
function compareWithCommitted(table) {
  let committed = '';
  try {
    committed = readFileSync(TABLE_PATH, 'utf8');
  } catch {
    // A missing table is as stale as a different one.
  }
  if (committed === table) {
    console.log('tracking-rules.json matches the spec');
    return 0;
  }
  console.error('tracking-rules.json differs from the spec: run this script without --check and commit the result');
  return 1;
}

/** @param {string} table */
function writeTable(table) {
  writeFileSync(TABLE_PATH, table);
  console.log(`wrote ${TABLE_PATH}`);
  return 0;
}

/**
 * The rules of a parsed spec, in the spec's order. Throws SpecError on anything not understood.
 * @param {SpecDocument | null | undefined} spec
 * @returns {TrackingRule[]}
 */
export function deriveRules(spec) {
  const parameters = spec?.paths?.[ENDPOINT]?.get?.parameters;
  if (!Array.isArray(parameters)) throw new SpecError(`no GET ${ENDPOINT} parameters in the spec`);
  return parameters.filter((param) => param.in === 'query').map(deriveRule);
}

/**
 * One rule; its keys in a fixed order (name or pattern, type, bounds, enum, format, shape,
 * deprecation), so the table's diff shows only what the spec changed.
 * @param {SpecParameter} param
 * @returns {TrackingRule}
 */
function deriveRule(param) {
  const description = String(param.description ?? '');
  const schema = param.schema ?? {};
  const type = schemaType(param.name, schema);
  const format = formatToken(param.name, schema, description);
  const shape = format === 'json' ? jsonShape(param.name, description) : undefined;
  return {
    ...nameOrPattern(param.name, description),
    type,
    ...bounds(type, schema),
    ...(Array.isArray(schema.enum) ? { enum: /** @type {(string | number)[]} */ (schema.enum) } : {}),
    ...(format ? { format } : {}),
    ...(shape ? { shape } : {}),
    ...(param.deprecated === true ? deprecation(description) : {}),
  };
}

/**
 * @param {string} name
 * @param {string} description
 * @returns {{ name: string } | { pattern: string }}
 */
function nameOrPattern(name, description) {
  // e.g. "``ID`` in the parameter name should be replaced with its integer value"
  const placeholder = /`+(\w+)`+ in the parameter name should be replaced with its integer value/i.exec(description);
  if (placeholder && name.includes(placeholder[1])) return { pattern: name.replace(placeholder[1], '<N>') };
  return { name };
}

/**
 * @param {string} name
 * @param {SpecSchema} schema
 * @returns {TrackingRule['type']}
 */
function schemaType(name, schema) {
  const types = new Set((schema.oneOf ?? [schema]).map((option) => option.type));
  const [type] = types;
  if (types.size !== 1 || (type !== 'integer' && type !== 'number' && type !== 'string')) {
    throw new SpecError(`parameter ${name}: unsupported type ${[...types].join('|')}`);
  }
  return type;
}

/**
 * @param {TrackingRule['type']} type
 * @param {SpecSchema} schema
 * @returns {Pick<TrackingRule, 'minimum' | 'maximum' | 'minLength' | 'maxLength'>}
 */
function bounds(type, schema) {
  /** @type {{ minimum?: number; maximum?: number; minLength?: number; maxLength?: number }} */
  const out = {};
  if (type === 'string') {
    // Numeric bounds on text can only mean its length (see the header).
    const minLength = schema.minLength ?? schema.minimum;
    const maxLength = schema.maxLength ?? schema.maximum;
    if (minLength !== undefined) out.minLength = minLength;
    if (maxLength !== undefined) out.maxLength = maxLength;
    return out;
  }
  if (schema.minimum !== undefined) out.minimum = schema.minimum;
  if (schema.maximum !== undefined) out.maximum = schema.maximum;
  return out;
}

/**
 * @param {string} name
 * @param {SpecSchema} schema
 * @param {string} description
 * @returns {TrackingRule['format']}
 */
function formatToken(name, schema, description) {
  const formats = (schema.oneOf ?? [schema]).map((option) => option.format).filter(Boolean);
  if (formats.length === 0) return undefined;
  const text = formats.join('|').toLowerCase();
  const token = FORMAT_TOKENS.get(text);
  if (!token) throw new SpecError(`parameter ${name}: unknown format "${text}" (add it to FORMAT_TOKENS and to the checks)`);
  // idgoal: "Accepts either Goal UUID or legacy integer Goal ID."
  if (token === 'uuid' && /legacy integer/i.test(description)) return 'uuid-or-integer';
  return token;
}

/**
 * @param {string} name
 * @param {string} description
 * @returns {JsonShape | undefined}
 */
function jsonShape(name, description) {
  if (/Custom variable ID/i.test(description)) return customVariablesShape(name, description);
  if (/JSON-serialized array of strings/i.test(description)) return { kind: 'string-array' };
  if (/Each product on the list/i.test(description)) return productsShape(name, description);
  console.warn(`derive-tracking-rules: parameter ${name}: JSON shape not recognised, only its syntax will be checked`);
  return undefined;
}

/**
 * @param {string} name
 * @param {string} description
 * @returns {JsonShape}
 */
function customVariablesShape(name, description) {
  return {
    kind: 'custom-variables',
    maxNameLength: numberIn(name, description, /Custom variable name, max length: (\d+)/i),
    maxValueLength: numberIn(name, description, /Custom variable value, max length: (\d+)/i),
  };
}

/**
 * @param {string} name
 * @param {string} description
 * @returns {JsonShape}
 */
function productsShape(name, description) {
  return {
    kind: 'products',
    maxProducts: numberIn(name, description, /must not contain more than (\d+) products/i),
    maxSkuBytes: numberIn(name, description, /\]\s*sku:.*?Max (\d+) bytes/i),
    maxNameBytes: numberIn(name, description, /\]\s*name:.*?Max (\d+) bytes/i),
    maxCategories: numberIn(name, description, /Max (\d+) categories/i),
    maxCategoryBytes: numberIn(name, description, /categories, each (\d+) bytes/i),
    maxCustomDimensions: numberIn(name, description, /Max (\d+) product custom dimensions/i),
    maxCustomDimensionId: numberIn(name, description, /(\d+) is max ID/i),
  };
}

/**
 * @param {string} name
 * @param {string} description
 * @param {RegExp} regex
 */
function numberIn(name, description, regex) {
  const match = regex.exec(description);
  if (!match) throw new SpecError(`parameter ${name}: the description no longer says ${regex} (update the script)`);
  return Number(match[1]);
}

/**
 * @param {string} description
 * @returns {Pick<TrackingRule, 'deprecated' | 'replacement' | 'alias'>}
 */
function deprecation(description) {
  /** @type {{ deprecated: boolean; replacement?: string; alias?: boolean }} */
  const out = { deprecated: true };
  const replacement = /(?:in favou?r of|use new parameter|alias for)\s+`([^`]+)`/i.exec(description);
  if (replacement) out.replacement = replacement[1];
  if (/alias for\s+`/i.test(description)) out.alias = true;
  return out;
}

/**
 * One rule a line: reviewable diffs when the spec changes.
 * @param {readonly TrackingRule[]} rules
 */
export function renderTable(rules) {
  const comment = 'Generated by scripts/derive-tracking-rules.mjs from the Piwik PRO Tracking HTTP API spec. Do not edit by hand.';
  const lines = rules.map((rule) => `    ${JSON.stringify(rule)}`);
  return [
    '{',
    `  "$comment": ${JSON.stringify(comment)},`,
    `  "endpoint": ${JSON.stringify(ENDPOINT)},`,
    '  "rules": [',
    lines.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

// Run only as a command: tests import the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
