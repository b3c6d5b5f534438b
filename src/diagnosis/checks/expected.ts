import type { JsonShape, TrackingRule } from '../rules.js';

/** What a rule accepts, in words: the `expected` of every finding, and the default fix. */

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
