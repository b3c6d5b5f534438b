/**
 * JSON.parse for API answers whose integers may be unsigned 64-bit ids.
 *
 * JSON.parse turns 18446744073709551615 into 18446744073709552000: any integer
 * literal past 2^53 loses digits. Before parsing, integer literals of 16 or
 * more digits outside strings are turned into strings, so an id such as
 * `event_id` arrives exactly as the API sent it, and never as a number.
 */

// A whole string token (skipped untouched), or a long integer literal that ends where a JSON value ends.
// The string pattern is the unrolled-loop form, which runs in linear time on any input.
const STRING_OR_LONG_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d{16,}(?![\d.eE])/g;

export function parseJsonLossless(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const quoted = text.replace(STRING_OR_LONG_INTEGER, (token) => (token.charCodeAt(0) === 34 ? token : `"${token}"`));
  return JSON.parse(quoted);
}
