/** The URL `value` spells, or undefined when it is not an absolute URL (instead of the throw of `new URL`). */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
