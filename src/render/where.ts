import { namesParameter } from '../diagnosis/diagnose.js';
import { parseUrl } from '../text/parse-url.js';
import type { Group, RawRequest } from '../types.js';

/**
 * Where a group happened and what to look at, for renderers that show a
 * group in a few lines (Slack, and the channels after it): the page as a
 * path, and, when the diagnosis names no parameter, the one line of the raw
 * request the error is most likely about. Both come from the group's
 * samples, which are already redacted.
 */

/** The page of the group's first sample as a path (`/checkout/step-2`): no scheme, host, query or fragment. */
export function pagePath(group: Group): string | undefined {
  const url = group.sampleUrls.at(0) ?? group.sampleRequests.at(0)?.queryParams.url;
  if (url === undefined || url === '') return undefined;
  const parsed = parseUrl(url);
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed.pathname;
  // Not an absolute web URL: the part before any query or fragment, as sent.
  return url.split(/[?#]/, 1)[0] || undefined;
}

/** What a tag sends to say what happened: when the message names no parameter, these are what it is most likely about. */
const ACTION_PARAMETERS = [
  'e_c',
  'e_a',
  'e_n',
  'e_v',
  'action_name',
  'idgoal',
  'revenue',
  'search',
  'link',
  'download',
  'c_n',
  'c_p',
  'c_i',
  'ec_id',
  'ec_items',
  'ec_products',
];

/**
 * The parameter of the raw request the error's words point to, for a group whose diagnosis names none: one the message
 * names, else one whose value the message quotes, else the first of the request's event parameters.
 */
export function keyParameter(group: Group): { readonly request: RawRequest; readonly parameter: string } | undefined {
  const request = group.sampleRequests.at(0);
  if (!request) return undefined;
  const names = Object.keys(request.queryParams);
  const message = group.message;
  const parameter =
    names.find((name) => namesParameter(message, name)) ??
    names.find((name) => {
      const value = request.queryParams[name] ?? '';
      return value.length >= 3 && value !== '[redacted]' && message.includes(value);
    }) ??
    ACTION_PARAMETERS.find((name) => Object.hasOwn(request.queryParams, name));
  return parameter === undefined ? undefined : { request, parameter };
}
