import type { RawRequest } from '../types.js';
import { shorten } from './markdown.js';

/**
 * A raw tracking request as plain text, one parameter a line: what every
 * renderer puts inside its code block. Values are shown as the API gave them
 * (already redacted upstream); long values are shortened.
 */
export function formatRawRequest(request: RawRequest, maxValueChars = 300): string {
  const head = `${request.method} ${request.scheme ? `${request.scheme}://` : ''}${request.host ?? ''} · ${request.time || 'time unknown'} · log ${request.id}`;
  const params = Object.entries(request.queryParams).map(([name, value]) => `${name} = ${oneLine(value, maxValueChars)}`);
  const headers = request.headers.map(([name, value]) => `${name}: ${oneLine(value, maxValueChars)}`);
  return [head, ...params, ...(headers.length > 0 ? ['-- headers --', ...headers] : [])].join('\n');
}

function oneLine(value: string, max: number): string {
  return shorten(value.replace(/\r?\n/g, '\\n'), max);
}
