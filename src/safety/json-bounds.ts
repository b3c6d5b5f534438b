/**
 * Depth and size bounds for JSON from the internet. A tracking hit's values are
 * anyone's: a `_cvar` of 12 KB can be an array nested 6,000 deep, which
 * JSON.parse reads but every recursive walk of it (String(), JSON.stringify,
 * a shape check) overflows the stack on. Whatever walks such a value asks here
 * first, in a loop that never recurses, and treats a value past the bound as
 * one it cannot look into.
 */

/** Deeper than any JSON the Tracking API documents (custom variables and products nest three levels). */
export const MAX_JSON_DEPTH = 32;
/** Longer than any tracking value a real request carries (URLs stop far below). */
export const MAX_JSON_CHARS = 256 * 1024;

/** Whether JSON text nests deeper than `limit` (brackets inside strings do not count). Linear, no recursion. */
export function jsonTextTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Whether a parsed value nests deeper than `limit`, or holds more than `maxNodes` values. Iterative. */
function valueTooDeep(value: unknown, limit = MAX_JSON_DEPTH, maxNodes = 100_000): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (++nodes > maxNodes) return true;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** JSON.stringify for a value from the network: undefined when it is too deep or too large to write. */
export function boundedStringify(value: unknown): string | undefined {
  if (valueTooDeep(value)) return undefined;
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text !== undefined && text.length <= MAX_JSON_CHARS ? text : undefined;
  } catch {
    return undefined;
  }
}
