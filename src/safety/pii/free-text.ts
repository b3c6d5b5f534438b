import { maskTokenShapes } from '../server-text.js';
import { isCardNumber, passesIbanCheck } from './checksums.js';
import { REDACTED } from './placeholder.js';

/**
 * Personal data found by its content, wherever it stands: in an error
 * message, the public annotation text, a URL, a title or any parameter's
 * value. Names of parameters cannot help here, so each detector knows the
 * shape of what it hides: a JWT or a known token, an e-mail address hidden
 * in base64 or spelled out ("jane at example dot com"), an IBAN (with its
 * check digits), a payment card number (with its Luhn check and an issuer's
 * prefix), a phone number, and a person's name where the text says it is
 * one ("Mr Smith", "customer 'Jane Doe'", "full name: Jane Doe").
 *
 * Every repetition is bounded, and no pattern backtracks more than a bounded
 * amount per position: values can be megabytes long and come from the internet.
 */
export function redactContent(text: string): string {
  if (text.length < 6) return text;
  let out = maskTokenShapes(text, REDACTED);
  out = redactBase64Emails(out);
  out = out.replace(SPELLED_EMAIL, REDACTED).replace(BRACKETED_EMAIL, REDACTED);
  out = redactChecked(out, IBAN, (m) => passesIbanCheck(m.replace(/ /g, '')));
  out = redactChecked(out, CARD, (m) => isCardNumber(m.replace(/[ -]/g, '')));
  out = out.replace(PHONE_AFTER_WORD, (_m, word: string, sep: string) => `${word}${sep}${REDACTED}`);
  out = out.replace(PHONE_INTERNATIONAL, REDACTED).replace(PHONE_NATIONAL, REDACTED);
  return redactPersonalNames(out);
}

// -- e-mail addresses in disguise ---------------------------------------------

/** "jane.doe at example dot com", "jane (at) example (dot) co (dot) uk": both the at and a dot spelled out. */
const AT_WORD = String.raw`(?:\s{0,3}(?:\[at\]|\(at\)|\{at\}|<at>)\s{0,3}|\s{1,3}at\s{1,3})`;
const DOT_WORD = String.raw`(?:\s{0,3}(?:\[dot\]|\(dot\)|\{dot\}|<dot>)\s{0,3}|\s{1,3}dot\s{1,3})`;
const SPELLED_EMAIL = new RegExp(String.raw`(?<![\w.+-])[\w.+-]{1,64}${AT_WORD}[\w-]{1,63}(?:${DOT_WORD}[\w-]{1,63}){1,4}\b`, 'gi');
/** "jane[at]example.com": a bracketed at with real dots. */
const BRACKETED_EMAIL = /(?<![\w.+-])[\w.+-]{1,64}\s{0,3}(?:\[at\]|\(at\)|\{at\}|<at>)\s{0,3}[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b/gi;

/** A run of base64 (standard or URL-safe, padded or not, padding maybe percent-encoded). */
const BASE64_RUN = /(?<![A-Za-z0-9+/_=%-])[A-Za-z0-9+/_-]{12,684}(?:={1,2}|(?:%3D){1,2})?(?![A-Za-z0-9+/_=-])/gi;
const DECODED_EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,}/;

/** `amFuZS5kb2VAZXhhbXBsZS5jb20=` is jane.doe@example.com: a value that decodes to text holding an address is hidden whole. */
function redactBase64Emails(text: string): string {
  return text.replace(BASE64_RUN, (run) => {
    const bare = run.replace(/(?:=|%3D)+$/i, '');
    if (bare.length % 4 === 1) return run;
    const decoded = Buffer.from(bare, 'base64').toString('latin1');
    return decoded.includes('@') && DECODED_EMAIL.test(decoded) ? REDACTED : run;
  });
}

// -- bank and card numbers ------------------------------------------------------

/** An IBAN, compact or in groups of four: the check digits decide. */
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/gi;
/** 13 to 19 digits, maybe in groups split by spaces or dashes: the issuer prefix and the Luhn check decide. */
const CARD = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w])/g;

function redactChecked(text: string, pattern: RegExp, holds: (match: string) => boolean): string {
  return text.replace(pattern, (match) => (holds(match) ? REDACTED : match));
}

// -- phone numbers --------------------------------------------------------------

/** "+48 601 234 567", "+1 (202) 555-0143", "0044 20 7946 0958": a country code, then 7 to 14 digits. */
const PHONE_INTERNATIONAL = /(?<![\w+])(?:\+|\b00)[1-9](?:[ ./-]?\(?\d\)?){6,14}(?![\w])/g;
/** "601 234 567", "(202) 555-0143", "202-555-0143": three groups; a date, a time or a version has other shapes. */
const PHONE_NATIONAL = /(?<![\w.,:/-])(?:\(\d{2,4}\) ?|\d{2,4}[ .-])\d{3}[ .-]\d{3,4}(?![\w.,:/-]|[ .-]\d)/g;
/** Any number after a word that says it is a phone number: "phone: 601234567". */
const PHONE_AFTER_WORD =
  /\b(phone(?:[ _-]?(?:number|no))?|tel(?:ephone)?|mobile|cell|fax)(\s{0,3}[:=#]?\s{0,3})\+?[\d(][\d ()./-]{5,20}\d/gi;

// -- people's names -------------------------------------------------------------

/** "Mr Jan Kowalski", "Dr. Smith", "Frau Müller": a title, then capitalised words. */
const TITLED_NAME =
  /\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Pan|Pani|Sir|Madam|Mme|Mlle|Sr|Sra)(\.?\s{1,3})\p{Lu}[\p{L}'’-]{0,40}(?:\s{1,3}\p{Lu}[\p{L}'’-]{0,40}){0,3}/gu;
/**
 * Words that say a person's name follows. A bare "name" counts unless a thing's word stands before it
 * ("event name", "content name" are a tag's names, not a person's).
 */
const NAME_KEY =
  /\b(?:full[ _-]?name|first[ _-]?name|last[ _-]?name|given[ _-]?name|family[ _-]?name|maiden[ _-]?name|surname|customer(?:[ _-]?name)?|user(?:[ _-]?name)?|recipient|contact(?:[ _-]?name)?|(?:card|account)?[ _-]?holder|person|(?<!(?:event|content|product|page|action|goal|category|parameter|param|field|dimension|campaign|site|app|file|tag|variable|cookie|host|domain|key|column|table|header|item|list|class|attribute|metric|report|segment|property|custom|brand|variant|search|link|download|form|button|element|template)[ _-]?)name)\b/gi;
/** What follows such a word: a quoted text, or up to four capitalised words. Sticky: tried right after the word. */
const NAME_VALUE =
  /(\s{0,3}(?:[:=]|\bis\b)?\s{0,3})(?:(["'`‘“])[^"'`‘’“”\r\n]{1,128}["'`’”]|\p{Lu}[\p{L}'’-]{1,40}(?: \p{Lu}[\p{L}'’-]{1,40}){0,3})/uy;

function redactPersonalNames(text: string): string {
  const titled = text.replace(TITLED_NAME, (_m, title: string, space: string) => `${title}${space}${REDACTED}`);
  if (!/name|customer|user|recipient|contact|holder|person/i.test(titled)) return titled;
  // One pass, pieces joined once: a text of many keys stays linear.
  const pieces: string[] = [];
  let done = 0;
  for (const key of titled.matchAll(NAME_KEY)) {
    const after = key.index + key[0].length;
    if (key.index < done) continue;
    NAME_VALUE.lastIndex = after;
    const value = NAME_VALUE.exec(titled);
    if (!value) continue;
    const quote = (value[2] as string | undefined) ?? '';
    const closing = quote === '' ? '' : value[0].slice(-1);
    pieces.push(titled.slice(done, after + value[1].length), `${quote}${REDACTED}${closing}`);
    done = NAME_VALUE.lastIndex;
  }
  return done === 0 ? titled : pieces.join('') + titled.slice(done);
}
