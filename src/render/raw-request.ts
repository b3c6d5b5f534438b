import type { RawRequest } from '../types.js';
import { shorten } from '../text/shorten.js';

/**
 * A raw tracking request as plain text, one parameter a line: what every
 * renderer puts inside its code block. Values are shown as the API gave them
 * (already redacted upstream); long values are shortened. A custom dimension
 * the site has is shown with its name: `dimension3 (Customer tier) = gold`.
 */
export function formatRawRequest(request: RawRequest, maxValueChars = 300): string {
  return rawRequestText(request, maxValueChars).text;
}

/** A raw request as text (see formatRawRequest), and how many of its values were shortened. */
export function rawRequestText(request: RawRequest, maxValueChars = 300): { readonly text: string; readonly shortened: number } {
  const head = `${request.method} ${request.scheme ? `${request.scheme}://` : ''}${request.host ?? ''} · ${request.time || 'time unknown'} · log ${request.id}`;
  let shortened = 0;
  const show = (value: string): string => {
    const line = valueLine(value, Infinity);
    if (line.length > maxValueChars) shortened += 1;
    return shorten(line, maxValueChars);
  };
  const params = Object.entries(request.queryParams).map(([name, value]) => `${labelled(request, name)} = ${show(value)}`);
  const headers = request.headers.map(([name, value]) => `${name}: ${show(value)}`);
  // A sample whose values were cut says so: a reader must not take a shortened value for the one sent.
  const note =
    shortened > 0
      ? [`(trimmed: ${shortened} ${shortened === 1 ? 'value' : 'values'} longer than ${maxValueChars} characters shortened with …)`]
      : [];
  const text = [head, ...params, ...(headers.length > 0 ? ['-- headers --', ...headers] : []), ...note].join('\n');
  return { text, shortened };
}

/**
 * The lines of the parameters a diagnosis blames (`name = value`), for renderers that show only those, and how
 * many values were shortened (with …) to `maxValueChars`, so the renderer can say so.
 */
export function offendingLines(
  request: RawRequest,
  parameters: readonly string[],
  maxValueChars = 200,
): { readonly lines: string[]; readonly shortened: number } {
  let shortened = 0;
  const lines = parameters
    .filter((name, i) => parameters.indexOf(name) === i)
    .map((name) => {
      const value = Object.hasOwn(request.queryParams, name) ? request.queryParams[name] : undefined;
      const label = labelled(request, name);
      if (value === undefined) return `${label} (not sent)`;
      const line = valueLine(value, maxValueChars);
      if (line !== valueLine(value, Infinity)) shortened += 1;
      return `${label} = ${line}`;
    });
  return { lines, shortened };
}

/** A custom dimension the site has, with its name: `dimension3 (Customer tier)`. */
function labelled(request: RawRequest, name: string): string {
  const known = request.parameterNames?.[name];
  return known === undefined ? name : `${name} (${valueLine(known, 90)})`;
}

/** A value kept to its one line of the sample: line breaks shown as `\n` (other characters are the renderer's job), cut to `max`. */
function valueLine(value: string, max: number): string {
  return shorten(value.replace(/\r?\n/g, '\\n'), max);
}
