/**
 * The parts of an error message that come from the hit rather than from the
 * template that words it: the words after "value:" ("Invalid custom event
 * value: twelve") and quoted values ("visitor id 'a1b2'"). Anyone can send a
 * hit, so a message that quotes its values would make one group per value,
 * and one issue and one alert each; with them replaced by `<value>`, one
 * broken template is one group, and the values are only counted.
 *
 * A quoted parameter name stays ("Invalid value for parameter 'idgoal'",
 * "'e_v' is not a number"): that part is the template's, and tells one
 * problem from another. A name is known by the word before it, or by the
 * shape of Piwik PRO's parameter names (lower-case words joined by `_`,
 * `dimension<N>`).
 */
const VALUE_PLACEHOLDER = '<value>';

const AFTER_VALUE = /\b(value\s{0,3}[:=]\s{0,3})([^,;()[\]<>\r\n]{1,200})/gi;
/** A quote not inside a word (so "can't" and "it's" are not quotes), up to its closing one. */
const QUOTED = /(?<![\p{L}\p{N}])(['"`‘“])([^'"`‘’“”\r\n]{1,200})(['"`’”])(?![\p{L}\p{N}])/gu;
const PARAMETER_WORD = /\b(?:parameter|param|field|key|column|option)\s{0,3}$/i;
const PARAMETER_SHAPE = /^(?:dimension\d{1,9}|_?[a-z]{1,12}_[a-z_]{1,24}|_[a-z]{1,12})$/;

/** The message with the hit's values replaced by `<value>`, and the values themselves. */
export function splitHitValues(message: string): { readonly template: string; readonly values: readonly string[] } {
  const values: string[] = [];
  const quoted = message.replace(QUOTED, (whole, open: string, inner: string, close: string, at: number) => {
    if (isParameterName(inner) || PARAMETER_WORD.test(message.slice(Math.max(0, at - 24), at))) return whole;
    values.push(inner);
    return `${open}${VALUE_PLACEHOLDER}${close}`;
  });
  const template = quoted.replace(AFTER_VALUE, (whole, lead: string, value: string) => {
    const shown = value.trim();
    // Already taken as a quoted value, or nothing there.
    if (shown === '' || /^['"`‘“]/.test(shown)) return whole;
    values.push(shown);
    return `${lead}${VALUE_PLACEHOLDER}${value.slice(value.trimEnd().length)}`;
  });
  return { template, values };
}

function isParameterName(text: string): boolean {
  return PARAMETER_SHAPE.test(text);
}
