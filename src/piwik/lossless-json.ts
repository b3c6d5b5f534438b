/**
 * JSON.parse for API answers whose integers may be unsigned 64-bit ids.
 *
 * JSON.parse turns 18446744073709551615 into 18446744073709552000: any integer
 * literal past 2^53 loses digits. Before parsing, every object member whose
 * value is an integer literal of 16 or more digits gets that value quoted, so
 * an id such as `event_id` arrives exactly as the API sent it, as a string,
 * and never as a number. (Every u64 in the Debugger API is such a member.)
 *
 * Why a member pattern is safe on untrusted text: inside a JSON string every
 * `"` is escaped, so `"name":` with both quotes bare can only be a real key;
 * digits inside strings (a URL's `?ids=1234567890123456789`) are never touched.
 * It costs a fifth of a parse, where skipping every string token cost double.
 */
const LONG_INTEGER_MEMBER = /("[A-Za-z_]\w*"\s*:\s*)(-?\d{16,})(?=\s*[,}])/g;

export function parseJsonLossless(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  return JSON.parse(text.replace(LONG_INTEGER_MEMBER, '$1"$2"'));
}
