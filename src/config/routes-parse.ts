import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { resolveEventType } from '../piwik/event-types.js';
import { isAllowedUrl } from '../http/url-rule.js';
import { parseUrl } from '../text/parse-url.js';
import type { Parsed } from './sites.js';
import { DESTINATION_KEYS, LIST_KEYS, SECRET_KEYS, type Destination, type DestinationKey, type RouteRule, type Routing } from './routes.js';

/**
 * The `routes` input: YAML in the input itself, or the path of a YAML file in
 * the repository (one line ending in .yml or .yaml). A list of rules:
 *
 *   - name: Shop team                # optional, names the rule in messages
 *     site: ["Shop *", 0123…]        # UUIDs or names, * a wildcard (required)
 *     event-types: broken            # optional
 *     message: ec_products           # optional: text the error contains
 *     slack-webhook-url: https://hooks.slack.com/services/…
 *     issue-assignees: [alice]
 *
 * Every problem is said with the rule's line, and never quotes a value (a
 * webhook URL is a secret); the YAML library's own messages are used without
 * their excerpt of the text for the same reason.
 */

/** Routes are a few dozen rules; anything larger is a mistake (or an attack on the parser). */
const MAX_CHARS = 256 * 1024;
const RULE_KEYS = ['name', 'site', 'event-types', 'message'] as const;
const ALL_KEYS: readonly string[] = [...RULE_KEYS, ...DESTINATION_KEYS];

export function parseRoutes(raw: string, workspace: string = process.cwd()): Parsed<Routing> {
  const value = raw.trim();
  if (value === '') return { value: { rules: [] } };
  if (!value.includes('\n') && /\.ya?ml$/i.test(value)) return parseFile(value, workspace);
  return parseText(value, '');
}

function parseFile(path: string, workspace: string): Parsed<Routing> {
  let text: string;
  try {
    text = readFileSync(resolve(workspace, path), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { problem: `names the file ${path}, which could not be read (${typeof code === 'string' ? code : 'unreadable'}).` };
  }
  return parseText(text, ` (file ${path})`);
}

function parseText(text: string, where: string): Parsed<Routing> {
  if (text.length > MAX_CHARS) return { problem: `is over ${MAX_CHARS / 1024} KB${where}: routes are a list of a few rules.` };
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | Pair | null | undefined): number => {
    const offset = (node && 'range' in node ? node.range?.[0] : undefined) ?? (isPairWithKey(node) ? node.key.range?.[0] : 0) ?? 0;
    return lines.linePos(offset).line;
  };
  const syntax = document.errors.at(0);
  if (syntax) {
    const line = syntax.linePos?.[0].line ?? 1;
    return { problem: `is not valid YAML${where}: ${syntax.message.split(/ at line \d+/)[0]} (line ${line}).` };
  }
  const root = document.contents;
  if (!isSeq(root)) {
    return { problem: `must be a YAML list of rules${where}, each starting with '- site:' (line ${lineOf(root)}).` };
  }
  let values: unknown;
  try {
    // Aliases are few in a real routes file; a billion laughs is refused.
    values = document.toJS({ maxAliasCount: 50 });
  } catch {
    return { problem: `uses too many YAML aliases${where}.` };
  }
  const rules: RouteRule[] = [];
  const problems: string[] = [];
  for (const [index, item] of root.items.entries()) {
    const line = lineOf(item);
    const rule = parseRule(item, (values as unknown[])[index], line, lineOf);
    if ('problem' in rule) problems.push(`rule at line ${line}${where}: ${rule.problem}`);
    else rules.push(rule.value);
  }
  if (problems.length > 0) return { problem: `has a bad ${problems.length === 1 ? 'rule' : 'rules'}: ${problems.join('; ')}` };
  return { value: { rules } };
}

function isPairWithKey(node: unknown): node is Pair<Node> {
  return typeof node === 'object' && node !== null && 'key' in node && (node as Pair).key !== null;
}

function parseRule(node: Node, value: unknown, line: number, lineOf: (node: Node | Pair) => number): Parsed<RouteRule> {
  if (!isMap(node) || typeof value !== 'object' || value === null) {
    return { problem: `is not a mapping: write each rule as '- site: …' followed by where its problems go.` };
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!ALL_KEYS.includes(key)) {
      return { problem: `has an unknown key '${key.slice(0, 40)}' (line ${lineOf(pair)}); a rule takes ${ALL_KEYS.join(', ')}.` };
    }
  }
  const fields = new Map<string, unknown>(Object.entries(value));
  const sites = textList(fields.get('site'));
  if (sites === undefined || sites.length === 0) {
    return { problem: `has no 'site': give a UUID or a site name (* is a wildcard), or a list of them.` };
  }
  const name = fields.get('name');
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) return { problem: `'name' must be text.` };
  const eventTypes = parseEventTypes(fields.get('event-types'));
  if (eventTypes && 'problem' in eventTypes) return eventTypes;
  const messages = fields.has('message') ? textList(fields.get('message')) : undefined;
  if (messages !== undefined && messages.length === 0)
    return { problem: `'message' must be a text the error contains, or a list of them.` };
  if (fields.has('message') && messages === undefined)
    return { problem: `'message' must be a text the error contains, or a list of them.` };
  const destination = parseDestination(fields);
  if ('problem' in destination) return destination;
  return {
    value: {
      line,
      label: typeof name === 'string' ? `'${name.trim().slice(0, 60)}' (line ${line})` : `the rule at line ${line}`,
      sites,
      ...(eventTypes ? { eventTypes: eventTypes.value } : {}),
      ...(messages ? { messages: messages.map((m) => m.toLowerCase()) } : {}),
      destination: destination.value,
    },
  };
}

/** A text, a comma-separated text, or a list of texts; undefined when it is anything else. */
function textList(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items?.every((i): i is string | number => typeof i === 'string' || typeof i === 'number')) return undefined;
  return items.map((i) => String(i).trim()).filter((i) => i !== '');
}

function parseEventTypes(value: unknown): Parsed<number[]> | undefined {
  if (value === undefined) return undefined;
  const tokens = textList(value);
  if (!tokens || tokens.length === 0) return { problem: `'event-types' must name event types, such as broken or excluded.` };
  const ids: number[] = [];
  for (const token of tokens) {
    const info = resolveEventType(token);
    if (!info)
      return { problem: `'event-types' has an unknown event type '${token.slice(0, 40)}': use names such as broken, excluded, page-view.` };
    ids.push(info.id);
  }
  return { value: ids };
}

function parseDestination(fields: ReadonlyMap<string, unknown>): Parsed<Destination> {
  const destination: Record<string, string | readonly string[]> = {};
  for (const key of DESTINATION_KEYS) {
    if (!fields.has(key)) continue;
    const value = fields.get(key);
    const parsed = LIST_KEYS.has(key) ? listValue(key, value) : textValue(key, value);
    if ('problem' in parsed) return parsed;
    destination[key] = parsed.value;
  }
  if (Object.keys(destination).length === 0) {
    return { problem: `says nothing about where its problems go: set at least one of ${DESTINATION_KEYS.join(', ')}.` };
  }
  return { value: destination };
}

function listValue(key: DestinationKey, value: unknown): Parsed<readonly string[]> {
  const items = textList(value);
  if (!items) return { problem: `'${key}' must be a list, or comma-separated text.` };
  return { value: key === 'issue-assignees' ? items.map((a) => a.replace(/^@/, '')) : items };
}

function textValue(key: DestinationKey, value: unknown): Parsed<string> {
  if (typeof value !== 'string' || value.trim() === '') return { problem: `'${key}' must be text.` };
  const text = value.trim();
  if (SECRET_KEYS.has(key)) {
    // Never echoed: a webhook URL is a secret.
    const url = parseUrl(text);
    if (!url || !isAllowedUrl(url)) return { problem: `'${key}' must be an https URL; the value given is not one.` };
  }
  return { value: text };
}

/** Every secret in the routes, to mask and scrub like the secret inputs. */
export function routeSecrets(routing: Routing): string[] {
  return routing.rules.flatMap((rule) =>
    [...SECRET_KEYS].flatMap((key) => {
      const value = rule.destination[key];
      return typeof value === 'string' ? [value] : [];
    }),
  );
}
