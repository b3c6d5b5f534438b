#!/usr/bin/env node
/**
 * Derives simulator/account-api.json from Piwik PRO's OpenAPI descriptions of the Apps API and
 * the Analytics object management API: the operations this project calls, with their path,
 * parameters, request body and answer schemas, in a compact self-contained form (every $ref
 * resolved, every allOf merged). The simulator serves and checks those endpoints by it, and
 * test/account/contract.test.ts checks every request the account clients make against it,
 * so nothing reads the published YAML at run time or in tests.
 *
 * Usage:
 *   node scripts/derive-account-api.mjs <reference-dir>          # (re)write the contract
 *   node scripts/derive-account-api.mjs <reference-dir> --check  # exit 1 if the committed one is stale
 *
 * <reference-dir> holds piwik-pro-apps-api.yaml and piwik-pro-analytics-object-management-api/.
 * Exit codes: 0 written / up to date, 1 stale (--check), 2 the descriptions say something this
 * script does not understand (teach it; do not hand-edit the contract).
 *
 * How the descriptions are read (the contract is ours, not a copy):
 * - only the schema keywords a check can use are kept (type, properties, required, items, enum,
 *   bounds, the formats uuid, date and date-time); prose and examples are dropped;
 * - `type: bool` (goal.yaml) is read as `boolean`, the only sense it can have;
 * - request bodies: `readOnly` properties may not be sent and are not required (OpenAPI 3.0's
 *   rule), and properties the description does not name are refused (our stricter reading: a
 *   misspelt attribute would otherwise be ignored by the server without a word);
 * - answers: `readOnly` properties stay, and properties not named are allowed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const CONTRACT_PATH = fileURLToPath(new URL('../simulator/account-api.json', import.meta.url));

/** The operations the account clients use: [source file, method, path]. */
const OPERATIONS = [
  ['piwik-pro-apps-api.yaml', 'get', '/api/apps/v2'],
  ['piwik-pro-apps-api.yaml', 'get', '/api/apps/v2/{app_id}'],
  ['piwik-pro-analytics-object-management-api/index.yaml', 'get', '/api/analytics/v1/manage/custom-dimensions/'],
  ['piwik-pro-analytics-object-management-api/index.yaml', 'get', '/api/analytics/v1/manage/goals/'],
  ['piwik-pro-analytics-object-management-api/index.yaml', 'get', '/api/analytics/v1/manage/annotation/user/'],
  ['piwik-pro-analytics-object-management-api/index.yaml', 'post', '/api/analytics/v1/manage/annotation/user/'],
];

const KEPT_FORMATS = new Set(['uuid', 'date', 'date-time']);
/** Formats that say nothing a check can use; any other unknown one stops the script. */
const IGNORED_FORMATS = new Set(['monetary', 'datetime']);
const SCHEMA_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const TYPE_ALIASES = new Map([['bool', 'boolean']]);

export class SpecError extends Error {}

function main(argv) {
  const args = argv.filter((arg) => arg !== '--check');
  const checkOnly = args.length !== argv.length;
  if (args.length !== 1) {
    console.error('usage: node scripts/derive-account-api.mjs <reference-dir> [--check]');
    return 2;
  }
  let contract;
  try {
    contract = renderContract(deriveContract(args[0]));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(`derive-account-api: ${error.message}`);
    return 2;
  }
  let committed = '';
  try {
    committed = readFileSync(CONTRACT_PATH, 'utf8');
  } catch {
    // A missing contract is as stale as a different one.
  }
  if (checkOnly) {
    if (committed === contract) {
      console.log('account-api.json matches the descriptions');
      return 0;
    }
    console.error('account-api.json differs from the descriptions: run this script without --check and commit the result');
    return 1;
  }
  writeFileSync(CONTRACT_PATH, contract);
  console.log(`wrote ${CONTRACT_PATH}`);
  return 0;
}

/** The contract of every operation (OPERATIONS unless told), read from the descriptions under `referenceDir`. */
export function deriveContract(referenceDir, wanted = OPERATIONS) {
  const files = new Map();
  const load = (file) => {
    if (!files.has(file)) {
      try {
        files.set(file, parse(readFileSync(file, 'utf8')));
      } catch (error) {
        throw new SpecError(`cannot read ${file}: ${error.message}`);
      }
    }
    return files.get(file);
  };
  const operations = wanted.map(([source, method, path]) => {
    const file = resolve(referenceDir, source);
    const resolver = new Resolver(load);
    const pathItem = resolver.deref(load(file).paths?.[path], file);
    const operation = pathItem.node?.[method];
    if (!operation) throw new SpecError(`${source}: no ${method.toUpperCase()} ${path}`);
    return deriveOperation(resolver, method, path, operation, pathItem.file);
  });
  return { operations };
}

function deriveOperation(resolver, method, path, operation, file) {
  const parameters = (operation.parameters ?? []).map((param) => {
    const { node, file: at } = resolver.deref(param, file);
    if (!['path', 'query'].includes(node.in)) throw new SpecError(`${path}: parameter ${node.name} in ${node.in} is not supported`);
    const out = { name: node.name, in: node.in, required: node.required === true, schema: compact(resolver, node.schema, at, 'answer') };
    if (node.schema?.type === 'array') out.explode = node.explode !== false;
    return out;
  });
  const result = { method: method.toUpperCase(), path, parameters };
  const body = operation.requestBody && resolver.deref(operation.requestBody, file);
  if (body) {
    const [contentType, media] = onlyEntry(body.node.content, `${path} request body`);
    result.requestBody = {
      required: body.node.required === true,
      contentType,
      schema: compact(resolver, media.schema, body.file, 'request'),
    };
  }
  const [status, answer] = Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(String(code))) ?? [];
  if (status === undefined) throw new SpecError(`${method.toUpperCase()} ${path}: no 2xx answer`);
  const { node: response, file: responseFile } = resolver.deref(answer, file);
  if (response.content) {
    const [contentType, media] = onlyEntry(response.content, `${path} answer`);
    result.response = { status: Number(status), contentType, schema: compact(resolver, media.schema, responseFile, 'answer') };
  } else {
    result.response = { status: Number(status) };
  }
  return result;
}

function onlyEntry(content, where) {
  const entries = Object.entries(content ?? {});
  if (entries.length !== 1) throw new SpecError(`${where}: expected exactly one media type, found ${entries.length}`);
  return entries[0];
}

/** Follows `$ref`s within and across the YAML files, relative to the file that holds each one. */
class Resolver {
  constructor(load) {
    this.load = load;
  }

  deref(node, file, seen = new Set()) {
    if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return { node, file };
    const [target, pointer = ''] = node.$ref.split('#');
    const targetFile = target === '' ? file : join(dirname(file), target);
    const key = `${targetFile}#${pointer}`;
    if (seen.has(key)) throw new SpecError(`circular $ref ${node.$ref}`);
    seen.add(key);
    let value = this.load(targetFile);
    for (const part of pointer.split('/').filter((p) => p !== '')) {
      value = value?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (value === undefined) throw new SpecError(`unresolved $ref ${node.$ref} (from ${file})`);
    }
    return this.deref(value, targetFile, seen);
  }
}

/** A schema with every $ref resolved and every allOf merged, keeping only the checkable keywords. */
function compact(resolver, raw, file, direction) {
  const { node, file: at } = resolver.deref(raw, file);
  if (!node || typeof node !== 'object') return {};
  let schema = {};
  for (const part of node.allOf ?? []) schema = merge(schema, compact(resolver, part, at, direction));
  const own = {};
  const type = TYPE_ALIASES.get(node.type) ?? node.type;
  if (type !== undefined) {
    if (!SCHEMA_TYPES.has(type)) throw new SpecError(`unknown type "${node.type}" in ${at}`);
    own.type = type;
  }
  for (const key of ['enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'readOnly']) if (node[key] !== undefined) own[key] = node[key];
  if (node.format !== undefined) {
    if (KEPT_FORMATS.has(node.format)) own.format = node.format;
    else if (!IGNORED_FORMATS.has(node.format)) throw new SpecError(`unknown format "${node.format}" in ${at}`);
  }
  if (node.items) own.items = compact(resolver, node.items, at, direction);
  if (node.properties) {
    own.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, value]) => [name, compact(resolver, value, at, direction)]),
    );
  }
  if (Array.isArray(node.required)) own.required = node.required;
  schema = merge(schema, own);
  return direction === 'request' ? forRequest(schema) : schema;
}

/** allOf as one schema: properties merged property by property, required lists joined. */
function merge(a, b) {
  const out = { ...a, ...b };
  if (a.properties || b.properties) {
    const properties = { ...a.properties };
    for (const [name, value] of Object.entries(b.properties ?? {}))
      properties[name] = properties[name] ? merge(properties[name], value) : value;
    out.properties = properties;
  }
  if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.type && b.type && a.type !== b.type) throw new SpecError(`allOf merges type ${a.type} with ${b.type}`);
  if (out.properties && !out.type) out.type = 'object';
  return out;
}

/** What a client may send: no readOnly property, and nothing the description does not name. */
function forRequest(schema) {
  if (!schema.properties) return schema;
  const readOnly = Object.entries(schema.properties)
    .filter(([, value]) => value.readOnly === true)
    .map(([name]) => name);
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => !readOnly.includes(name)));
  const required = (schema.required ?? []).filter((name) => !readOnly.includes(name));
  const out = { ...schema, properties, additionalProperties: false };
  if (required.length > 0) out.required = required;
  else delete out.required;
  return out;
}

/** Stable, sorted-keys JSON: reviewable diffs when Piwik PRO changes a description. */
export function renderContract(contract) {
  const comment =
    'Generated by scripts/derive-account-api.mjs from the Piwik PRO Apps API and Analytics object management API descriptions. Do not edit by hand.';
  return `${JSON.stringify({ $comment: comment, ...sortKeys(contract) }, null, 2)}\n`;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

// Run only as a command: tests import the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
