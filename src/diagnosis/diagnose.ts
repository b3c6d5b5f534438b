/**
 * Diagnosis of a group of broken events: checks the group's raw tracking requests against the
 * documented Tracking HTTP API and names the parameters that break it, most likely cause first.
 */
import type { SiteKnowledge } from '../account/knowledge.js';
import { displayText } from '../text/display.js';
import type { Diagnosis, EventContext, Finding, RawRequest } from '../types.js';
import { boundedStringify } from '../safety/json-bounds.js';
import { checkParameter, unknownParameter } from './checks/parameter.js';
import { checkRecorded, checkSiteId } from './checks/request.js';
import type { Violation } from './checks/violation.js';
import { checkStatedLength } from './checks/message-length.js';
import { checkAgainstAccount, dimensionName, speaksOfTopic } from './checks/account.js';
import { findingLabel } from './label.js';
import { messageSpeaksOfKind } from './message-kind.js';
import { ruleFor } from './rules.js';

export interface DiagnoseContext {
  /** The app (site) being scanned: requests naming another one are a finding. */
  readonly siteId: string;
  /** The group's error message: a parameter it names goes first. */
  readonly errorMessage: string;
  /** Tag context, already redacted: used to say which tag to fix. */
  readonly context: EventContext;
  /** Hides personal data in a parameter's value before it is shown anywhere. */
  readonly redactValue: (param: string, value: string) => string;
  /** The site's own configuration, where it could be read: requests are also checked against it. */
  readonly account?: SiteKnowledge;
}

export const NO_VIOLATION_SUMMARY = 'no parameter violates the documented Tracking API';
/** With nothing checked, "no violation" would claim more than we know. */
export const NO_REQUEST_SUMMARY = 'no raw tracking request was available to check';

const VALUE_LIMIT = 80;
const CONTEXT_LIMIT = 60;

/** Checked per request (presence, the scanned site, rec=1) rather than per value. */
const CHECKED_PER_REQUEST = new Set(['idsite', 'rec']);

export function diagnose(requests: readonly RawRequest[], ctx: DiagnoseContext): Diagnosis {
  if (requests.length === 0) return { findings: [], summary: NO_REQUEST_SUMMARY };
  const { account } = ctx;
  const violations = mergeDuplicates(
    requests.flatMap((request) => {
      const params = queryOf(request);
      return [
        ...checkRequest(params, ctx.siteId),
        ...checkStatedLength(params, ctx.errorMessage),
        ...(account ? checkAgainstAccount(params, account) : []),
      ];
    }),
  );
  const ordered = orderByLikelihood(violations, ctx.errorMessage);
  const tag = describeTag(ctx, requests);
  const findings = ordered.map((violation) => toFinding(violation, tag, ctx.redactValue, account));
  return { findings, summary: summarize(ordered[0], findings[0]) };
}

/** Every violation in one request's query, request-level checks first. */
function checkRequest(params: Readonly<Record<string, string>>, siteId: string): Violation[] {
  const found: Array<Violation | undefined> = [checkSiteId(params, siteId), checkRecorded(params)];
  for (const [name, value] of Object.entries(params)) {
    if (CHECKED_PER_REQUEST.has(name)) continue;
    const rule = ruleFor(name);
    if (!rule) found.push(unknownParameter(name, value));
    else found.push(...checkParameter(name, value, rule, rule.replacement ? ruleFor(rule.replacement) : undefined));
  }
  return found.filter((item): item is Violation => item !== undefined);
}

/** The query as plain strings, whatever the API handed over: a diagnosis must not throw on odd data. */
function queryOf(request: RawRequest): Record<string, string> {
  const entries = Object.entries(request.queryParams as Readonly<Record<string, unknown>>).map(
    ([name, value]) => [name, asText(value)] as const,
  );
  return Object.fromEntries(entries);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  // Bounded: a value nested thousands deep overflows JSON.stringify's recursion.
  return boundedStringify(value) ?? '';
}

/** Same parameter, same problem, in several requests: one finding, showing the first value met. */
function mergeDuplicates(violations: readonly Violation[]): Violation[] {
  const byKey = new Map<string, Violation>();
  for (const violation of violations) {
    const key = `${violation.parameter}\u0000${violation.code}`;
    if (!byKey.has(key)) byKey.set(key, violation);
  }
  return [...byKey.values()];
}

/**
 * A finding of the kind the server's message speaks of (a length message, a length finding) first, the one the
 * message names before the others; then the site's configuration when it explains the error; then a parameter the
 * error message names, then other causes, then deprecations, then info; stable within each.
 */
function orderByLikelihood(violations: readonly Violation[], errorMessage: string): Violation[] {
  const rank = (violation: Violation): number => {
    if (violation.severity === 'info') return 6;
    const named = namesParameter(errorMessage, violation.parameter);
    if (messageSpeaksOfKind(violation, errorMessage)) return named ? 0 : 1;
    if (violation.source === 'account' && (named || speaksOfTopic(violation, errorMessage))) return 2;
    if (named) return 3;
    return violation.code === 'deprecated' ? 5 : 4;
  };
  return [...violations].sort((a, b) => rank(a) - rank(b));
}

const NAME_CHAR = /[A-Za-z0-9_'’-]/;

/** Whole-word match, so `s` does not match "it's" nor `url` match "urlref". */
export function namesParameter(message: string, parameter: string): boolean {
  if (!parameter || typeof message !== 'string') return false;
  for (let at = message.indexOf(parameter); at >= 0; at = message.indexOf(parameter, at + 1)) {
    const before = message.charAt(at - 1);
    const after = message.charAt(at + parameter.length);
    if (!NAME_CHAR.test(before) && !NAME_CHAR.test(after)) return true;
  }
  return false;
}

/** Which tag sent it, as a human finds it in Tag Manager: the event, the goal, else the page. */
function describeTag(ctx: DiagnoseContext, requests: readonly RawRequest[]): string | undefined {
  const { customEventCategory, customEventAction, goalId, title } = ctx.context;
  const event = [customEventCategory, customEventAction].filter((part) => part).map((part) => displayText(String(part), CONTEXT_LIMIT));
  if (event.length > 0) return `the custom event ${event.join(' / ')}`;
  // Goal 0 is reserved for e-commerce tracking: name what the user set up, not a goal they never made.
  if (goalId === '0') return 'the e-commerce tracking (goal 0)';
  if (goalId) return `goal ${displayText(goalId, CONTEXT_LIMIT)}`;
  const pageUrl = requests.map((request) => request.queryParams.url).find((url) => typeof url === 'string' && url !== '');
  if (pageUrl) return `the page ${displayText(safeRedact(ctx.redactValue, 'url', pageUrl), VALUE_LIMIT)}`;
  if (title) return `the page titled "${displayText(title, CONTEXT_LIMIT)}"`;
  return undefined;
}

function toFinding(
  violation: Violation,
  tag: string | undefined,
  redact: DiagnoseContext['redactValue'],
  account: DiagnoseContext['account'],
): Finding {
  const value = violation.value === undefined ? '' : displayText(safeRedact(redact, violation.parameter, violation.value), VALUE_LIMIT);
  return {
    parameter: displayText(violation.parameter, VALUE_LIMIT),
    // A custom dimension the site has is shown with its name: "dimension3 (Customer tier)".
    ...withName(dimensionName(violation.parameter, account)),
    value,
    problem: violation.problem,
    // Our own wording, with untrusted parts already made safe where they were put in.
    expected: violation.expected,
    hint: hintFor(violation, tag),
    severity: violation.severity,
  };
}

function withName(name: string | undefined): { parameterName?: string } {
  // The account's names are made safe when read; shown here, they are made safe again like any text.
  return name === undefined ? {} : { parameterName: displayText(name, CONTEXT_LIMIT) };
}

function hintFor(violation: Violation, tag: string | undefined): string {
  if (violation.severity === 'info') return violation.fix;
  return tag ? `${violation.fix}; fix the tag that sends ${tag}` : `${violation.fix}; fix the tag or tracking call that sends it`;
}

/** A redactor that throws must not make us show the raw value. */
function safeRedact(redact: DiagnoseContext['redactValue'], param: string, value: string): string {
  try {
    return redact(param, value);
  } catch {
    return '[hidden: redaction failed]';
  }
}

function summarize(top: Violation | undefined, finding: Finding | undefined): string {
  if (!top || !finding || top.severity !== 'cause') return NO_VIOLATION_SUMMARY;
  const shownValue = finding.value === '' ? '' : ` = \`${finding.value}\``;
  return `\`${findingLabel(finding)}\`${shownValue} ${top.problem} (expected ${finding.expected})`;
}
