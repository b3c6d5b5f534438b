import { describe, expect, it } from 'vitest';
import { isCardNumber, passesIbanCheck } from '../../src/safety/pii/checksums.js';
import { personalDimensionParams } from '../../src/safety/pii/dimensions.js';
import { redactContent } from '../../src/safety/pii/free-text.js';

/** The detectors that find personal data by its content: what they hide, and what they must leave for debugging. */
describe('redactContent', () => {
  it.each([
    'order 1733390000000 at 2026-12-05 10:30:00, version 1.2.3, event 1234567890123456789',
    "Event name 'Add To Cart' is too long",
    'Content name too long: 1500 characters',
    'IBAN-like GB82WEST12345698765433 with a wrong check digit',
    'card-like 4111111111111112 that fails the Luhn check',
    'failed at checkout.js line 42',
  ])('leaves %j alone', (text) => {
    expect(redactContent(text)).toBe(text);
  });

  it.each([
    ['call +48 601 234 567 now', 'call [redacted] now'],
    ['phone: 601234567', 'phone: [redacted]'],
    ['IBAN PL61109010140000071219812874.', 'IBAN [redacted].'],
    ['card 5500-0000-0000-0004 declined', 'card [redacted] declined'],
    ['write jane (at) example (dot) co (dot) uk', 'write [redacted]'],
    ['ref amFuZS5kb2VAZXhhbXBsZS5jb20 here', 'ref [redacted] here'],
    ['for Frau Müller-Lüdenscheidt', 'for Frau [redacted]'],
    ['recipient: "Jan Kowalski" unknown', 'recipient: "[redacted]" unknown'],
  ])('hides %j', (text, expected) => {
    expect(redactContent(text)).toBe(expected);
  });
});

describe('check digits', () => {
  it('knows a card number by prefix and Luhn, and an IBAN by mod 97', () => {
    expect(isCardNumber('4556737586899855')).toBe(true);
    expect(isCardNumber('1733390000000')).toBe(false);
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanCheck('GB82WEST12345698765433')).toBe(false);
  });
});

describe('personalDimensionParams', () => {
  it('takes the dimensions whose account names say they hold personal data, in any style', () => {
    const dimensions = ['User ID', 'customerFullName', 'E-mail', 'Plan', 'Page type', 'loyalty_card'].map((name, i) => ({
      trackingId: i + 1,
      name,
    }));
    expect([...personalDimensionParams(dimensions)]).toEqual(['dimension1', 'dimension2', 'dimension3', 'dimension6']);
    expect(personalDimensionParams(undefined).size).toBe(0);
  });
});
