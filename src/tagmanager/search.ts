import { isUuid } from '../text/uuid.js';
import type { Finding } from '../types.js';

/**
 * Looking for the parameters a diagnosis blames in a changed resource's
 * content (a tag's code and settings, a variable's, a trigger's). The content
 * is only searched, never kept or shown: what comes out is the names found.
 */

/** One parameter the diagnosis blames, and the spellings that name it in a tag. */
export interface SearchTerm {
  /** As the request sends it: `dimension12`, `e_v`, `idgoal`. */
  readonly parameter: string;
  readonly patterns: readonly RegExp[];
}

/** A name not run into a longer one: `dimension1` is not found in `dimension12`. */
function word(text: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(text)}(?![A-Za-z0-9_])`, 'i');
}

/**
 * The terms for a diagnosis's causes: the parameter's own name, and for a
 * custom dimension its ID as the tracker's calls and the dimension templates
 * write it, for a goal its UUID.
 */
export function searchTerms(findings: readonly Pick<Finding, 'parameter' | 'value' | 'severity'>[]): SearchTerm[] {
  const terms = new Map<string, RegExp[]>();
  for (const finding of findings) {
    if (finding.severity !== 'cause' || finding.parameter === '' || terms.has(finding.parameter)) continue;
    const patterns = [word(finding.parameter)];
    const dimension = /^dimension(\d{1,6})$/i.exec(finding.parameter)?.[1];
    if (dimension !== undefined) {
      patterns.push(
        new RegExp(`setCustomDimension(?:Value)?['"]?\\s*,\\s*['"]?${dimension}(?![0-9])`, 'i'),
        new RegExp(`(?:custom_?)?dimension_?id=${dimension}(?![0-9])`, 'i'),
      );
    }
    if (finding.parameter === 'idgoal' && isUuid(finding.value)) patterns.push(word(finding.value));
    terms.set(finding.parameter, patterns);
  }
  return [...terms.entries()].map(([parameter, patterns]) => ({ parameter, patterns }));
}

/** Strings and `key=value` pairs this deep and this long are searched; the rest of a hostile body is not. */
const MAX_DEPTH = 12;
const MAX_CHARS = 1_000_000;

/** The parameters whose terms the content names. */
export function mentionedIn(content: unknown, terms: readonly SearchTerm[]): string[] {
  if (terms.length === 0) return [];
  const text = flatten(content);
  if (text === '') return [];
  return terms.filter((t) => t.patterns.some((p) => p.test(text))).map((t) => t.parameter);
}

/** Every string of the content, and every key with its scalar value (`dimension_id=12`), one per line. */
function flatten(content: unknown): string {
  const out: string[] = [];
  let size = 0;
  const visit = (value: unknown, key: string | undefined, depth: number): void => {
    if (size > MAX_CHARS || depth > MAX_DEPTH) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const line = key === undefined ? String(value) : `${key}=${String(value)}\n${String(value)}`;
      size += line.length;
      out.push(line);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key, depth + 1);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
    }
  };
  visit(content, undefined, 0);
  return out.join('\n').slice(0, MAX_CHARS);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
