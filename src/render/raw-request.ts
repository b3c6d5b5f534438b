import type { RawRequest } from '../types.js';
import { shorten } from './markdown.js';

/**
 * A raw tracking request as plain text, one parameter a line: what every
 * renderer puts inside its code block. Values are shown as the API gave them
 * (already redacted upstream); long values are shortened.
 */
export function formatRawRequest(request: RawRequest, maxValueChars = 300): string {
  const head = `${request.method} ${request.scheme ? `${request.scheme}://` : ''}${request.host ?? ''} · ${request.time || 'time unknown'} · log ${request.id}`;
  let shortened = 0;
  const show = (value: string): string => {
    const line = value.replace(/\r?\n/g, '\\n');
    if (line.length > maxValueChars) shortened += 1;
    return shorten(line, maxValueChars);
  };
  const params = Object.entries(request.queryParams).map(([name, value]) => `${name} = ${show(value)}`);
  const headers = request.headers.map(([name, value]) => `${name}: ${show(value)}`);
  // A sample whose values were cut says so: a reader must not take a shortened value for the one sent.
  const note =
    shortened > 0
      ? [`(trimmed: ${shortened} ${shortened === 1 ? 'value' : 'values'} longer than ${maxValueChars} characters shortened with …)`]
      : [];
  return [head, ...params, ...(headers.length > 0 ? ['-- headers --', ...headers] : []), ...note].join('\n');
}

/** The lines of the parameters a diagnosis blames (`name = value`), for renderers that show only those. */
export function offendingLines(request: RawRequest, parameters: readonly string[], maxValueChars = 200): string[] {
  return parameters
    .filter((name, i) => parameters.indexOf(name) === i)
    .map((name) => {
      const value = Object.hasOwn(request.queryParams, name) ? request.queryParams[name] : undefined;
      return value === undefined ? `${name} (not sent)` : `${name} = ${shorten(value.replace(/\r?\n/g, '\\n'), maxValueChars)}`;
    });
}
