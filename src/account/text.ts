import { displayText } from '../text/display.js';

/** The Apps API caps a site name at 90 characters; dimension and goal names get the same room. */
const NAME_LIMIT = 90;

/**
 * Names typed by the account's users (sites, dimensions, goals) as plain one-line text: control and
 * direction characters made visible, backticks replaced, cut at 90 characters. Each renderer still
 * escapes them for its own format, as it does any text from the API.
 */
export function accountText(value: string): string {
  return displayText(value.replace(/\s+/g, ' ').trim(), NAME_LIMIT);
}
