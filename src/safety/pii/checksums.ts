/**
 * The check digits that tell a payment card number or an IBAN from any other
 * run of digits: a detector that matched on shape alone would hide order ids
 * and timestamps, and one that matched nothing would let the real ones out.
 */

/** The Luhn check every payment card number passes (ISO/IEC 7812). `digits` holds digits only. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Issuer prefixes of the card networks (Visa, Mastercard, American Express, Discover, JCB, Diners,
 * UnionPay, Maestro, Mir): with the Luhn check, a millisecond timestamp or a 16-digit id is not taken for a card.
 */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|64[4-9]|65|62|35|5[06-8]|6[37]|220[0-4])/;

export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && passesLuhn(digits);
}

/** The ISO 13616 check of an IBAN (letters and digits only, any case): mod 97 of the rearranged number is 1. */
export function passesIbanCheck(iban: string): boolean {
  const text = iban.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let rest = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}
