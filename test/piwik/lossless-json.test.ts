import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../src/piwik/lossless-json.js';

describe('parseJsonLossless', () => {
  it('keeps u64 ids exact, as strings, where JSON.parse would round them', () => {
    const text = '{"event_id":18446744073709551615,"session_id":9007199254740993,"n":42}';
    expect(JSON.parse(text).event_id).toBe(18446744073709552000);
    expect(parseJsonLossless(text)).toEqual({ event_id: '18446744073709551615', session_id: '9007199254740993', n: 42 });
  });

  it('leaves digits inside strings alone, even ones shaped like a member', () => {
    const text =
      '{"m":"id \\"18446744073709551615\\" and ,12345678901234567,","u":"?a=1&\\"b\\":12345678901234567890","x":{"id" : 1234567890123456789 }}';
    expect(parseJsonLossless(text)).toEqual({
      m: 'id "18446744073709551615" and ,12345678901234567,',
      u: '?a=1&"b":12345678901234567890',
      x: { id: '1234567890123456789' },
    });
  });

  it('leaves decimals and exponents as numbers', () => {
    expect(parseJsonLossless('{"v":12345678901234567.5,"e":1234567890123456789e2}')).toEqual({
      // These literals are exactly what JSON.parse makes of the text: the point is that nothing else is done to them.
      // eslint-disable-next-line no-loss-of-precision
      v: 12345678901234567.5,
      // eslint-disable-next-line no-loss-of-precision
      e: 1234567890123456789e2,
    });
  });

  it('still rejects invalid JSON', () => {
    expect(() => parseJsonLossless('{"a":12345678901234567')).toThrow();
  });
});
