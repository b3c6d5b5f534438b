// The derived API contracts (simulator/account-api.json, analytics-api.json and
// tagmanager-api.json, from Piwik PRO's OpenAPI descriptions by scripts/derive-account-api.mjs and
// scripts/derive-tagmanager-api.mjs) as checks: which operation a request is, and what in it
// (path, parameters, body) or in an answer departs from the description. The simulator refuses
// requests that fail them, as the real API would; the contract tests run every request the
// clients made through them. The account and Analytics APIs' checks are this module's own
// exports; the Tag Manager's are `tagManagerContract`. Types: types/contract.ts.

import { Ajv } from 'ajv';
import contract from './account-api.json' with { type: 'json' };
import analytics from './analytics-api.json' with { type: 'json' };
import tagManager from './tagmanager-api.json' with { type: 'json' };

/** @import { ErrorObject, ValidateFunction } from 'ajv' */
/** @import { ContractAnswer, ContractBody, ContractOperation, ContractParameter, ContractRequest, ContractSchema, DerivedOperation } from './types/contract.js' */

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date', {
  validate: (/** @type {string} */ value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)),
});
ajv.addFormat('date-time', { validate: (/** @type {string} */ value) => !Number.isNaN(Date.parse(value)) });

/** @type {Map<ContractSchema, ValidateFunction>} */
const validators = new Map();
/** @param {ContractSchema} schema */
function validatorFor(schema) {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

/**
 * The checks of one derived contract.
 * @param {DerivedOperation[]} derived
 */
export function contractOf(derived) {
  /** @type {ContractOperation[]} */
  const operations = derived.map((operation) => ({
    ...operation,
    // `{app_id}` → one path segment, named.
    pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
  }));

  /**
   * The operation a method and path are, with the path's parameters; undefined when the contract has none.
   * @param {string} method
   * @param {string} pathname
   * @returns {{ operation: ContractOperation; pathParams: Record<string, string> } | undefined}
   */
  function findOperation(method, pathname) {
    for (const operation of operations) {
      const match = operation.pattern.exec(pathname);
      if (match && operation.method === method.toUpperCase()) return { operation, pathParams: { ...match.groups } };
    }
    return undefined;
  }

  /**
   * True when the path belongs to an operation of the contract, whatever the method.
   * @param {string} pathname
   */
  function isContractPath(pathname) {
    return operations.some((operation) => operation.pattern.test(pathname));
  }

  /**
   * What in a request departs from the contract: [] when it matches.
   * @param {ContractRequest} request
   * @returns {{ operation?: ContractOperation; problems: string[] }}
   */
  function checkRequest({ method, pathname, query, contentType, body }) {
    const found = findOperation(method, pathname);
    if (!found) return { problems: [`${method} ${pathname} is not an operation of the contract`] };
    const { operation, pathParams } = found;
    /** @type {string[]} */
    const problems = [];
    const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(query.keys())) if (!known.has(name)) problems.push(`query parameter ${name} is not described`);
    for (const param of operation.parameters) {
      const values = param.in === 'path' ? [decodeURIComponent(pathParams[param.name] ?? '')] : query.getAll(param.name);
      if (values.length === 0) {
        if (param.required) problems.push(`${param.in} parameter ${param.name} is required`);
        continue;
      }
      if (values.length > 1 && param.schema.type !== 'array')
        problems.push(`query parameter ${param.name} is given ${values.length} times`);
      const value = coerce(param, values);
      const validate = validatorFor(param.schema);
      if (!validate(value)) problems.push(...describe(`${param.in} parameter ${param.name}`, validate.errors));
    }
    if (operation.requestBody) problems.push(...checkBody(operation.requestBody, contentType, body, 'request body'));
    else if (body !== '') problems.push('the operation takes no request body');
    return { operation, problems };
  }

  return { operations, findOperation, isContractPath, checkRequest };
}

/**
 * A request the simulator received, as the contract checks it.
 * @param {{ req: import('node:http').IncomingMessage; url: URL; body: string }} received
 * @returns {ContractRequest}
 */
export function requestOf({ req, url, body }) {
  return { method: req.method ?? 'GET', pathname: url.pathname, query: url.searchParams, contentType: req.headers['content-type'], body };
}

// JSON imports are typed with plain strings where the contract has enums ('GET', 'query'), hence the casts.
const account = contractOf(/** @type {DerivedOperation[]} */ ([...contract.operations, ...analytics.operations]));
export const { operations, findOperation, isContractPath, checkRequest } = account;
/** The Tag Manager API's reads (simulator/tagmanager.mjs serves them). */
export const tagManagerContract = contractOf(/** @type {DerivedOperation[]} */ (tagManager.operations));

/**
 * `checkRequest` for a request as the simulator receives it (the account and Analytics APIs).
 * @param {{ req: import('node:http').IncomingMessage; url: URL; body: string }} incoming
 */
export function checkIncoming(incoming) {
  return checkRequest(requestOf(incoming));
}

/**
 * What in an answer departs from the operation's documented success answer.
 * @param {ContractOperation} operation
 * @param {ContractAnswer} answer
 * @returns {string[]}
 */
export function checkAnswer(operation, { status, contentType, body }) {
  if (status !== operation.response.status) return [`status ${status}, documented ${operation.response.status}`];
  const { response } = operation;
  if (response.schema === undefined) return [];
  return checkBody({ required: true, contentType: response.contentType, schema: response.schema }, contentType, body, 'answer');
}

/**
 * @param {ContractBody} spec
 * @param {string | undefined} contentType
 * @param {string} body
 * @param {string} what
 * @returns {string[]}
 */
function checkBody(spec, contentType, body, what) {
  if (body === '') return spec.required ? [`${what} is required`] : [];
  /** @type {string[]} */
  const problems = [];
  if ((contentType ?? '').split(';')[0].trim().toLowerCase() !== spec.contentType) {
    problems.push(`${what} content type ${contentType ?? '(none)'}, documented ${spec.contentType}`);
  }
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    return [...problems, `${what} is not JSON`];
  }
  const validate = validatorFor(spec.schema);
  if (!validate(value)) problems.push(...describe(what, validate.errors));
  return problems;
}

/**
 * Query text as the value the schema describes: integers as numbers, `explode: false` arrays split on commas.
 * @param {ContractParameter} param
 * @param {string[]} values at least one
 */
function coerce(param, values) {
  const type = param.schema.type;
  if (type === 'array') {
    const items = param.explode ? values : values.flatMap((v) => v.split(','));
    return items.map((item) => scalar(param.schema.items?.type, item));
  }
  return scalar(type, values[0]);
}

/**
 * @param {string | undefined} type
 * @param {string} text
 */
function scalar(type, text) {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * @param {string} what
 * @param {ErrorObject[] | null | undefined} errors
 */
function describe(what, errors) {
  return (errors ?? []).map(
    (e) =>
      `${what}${e.instancePath ? ` at ${e.instancePath}` : ''} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
  );
}
