import { describe, expect, it } from 'vitest';
import { formatRawRequest, offendingLines } from '../../src/render/raw-request.js';
import { makeRawRequest } from '../support/report-factory.js';

/** A raw request as every renderer shows it, and the offending parameters' lines the Slack digest shows alone. */
describe('formatRawRequest', () => {
  it('shows the request line, one parameter a line, then the headers', () => {
    const request = makeRawRequest({ queryParams: { idsite: 'a', rec: '1' }, headers: [['referer', 'https://shop.example/']] });
    expect(formatRawRequest(request)).toBe(
      'GET https://example.piwik.pro · 2025-03-04T09:41:07Z · log 3f1c2d4e-5a6b-4c7d-8e9f-a0b1c2d3e4f5\nidsite = a\nrec = 1\n-- headers --\nreferer: https://shop.example/',
    );
  });

  it('says when it shortened values, and how many: a 200 KB value is not taken for the one sent', () => {
    const request = makeRawRequest({ queryParams: { idsite: 'a', big: 'z'.repeat(200_000), other: 'y'.repeat(301) }, headers: [] });
    const text = formatRawRequest(request);
    expect(text.length).toBeLessThan(1_000);
    expect(text).toContain(`big = ${'z'.repeat(300)}…\n`);
    expect(text.split('\n').at(-1)).toBe('(trimmed: 2 values longer than 300 characters shortened with …)');
    expect(
      formatRawRequest(makeRawRequest({ queryParams: { big: 'z'.repeat(500) }, headers: [] }))
        .split('\n')
        .at(-1),
    ).toBe('(trimmed: 1 value longer than 300 characters shortened with …)');
  });

  it('adds no note when every value is shown whole', () => {
    expect(formatRawRequest(makeRawRequest())).not.toContain('trimmed');
  });
});

describe('offendingLines', () => {
  it('gives the lines of the named parameters, once each, and says when one was not sent', () => {
    const request = makeRawRequest({ queryParams: { e_v: 'twelve', idsite: 'a' } });
    expect(offendingLines(request, ['e_v', 'e_v', 'idgoal'])).toEqual({ lines: ['e_v = twelve', 'idgoal (not sent)'], shortened: 0 });
  });

  it('names a custom dimension the site has', () => {
    const request = makeRawRequest({ queryParams: { dimension3: 'gold' }, parameterNames: { dimension3: 'Customer tier' } });
    expect(offendingLines(request, ['dimension3']).lines).toEqual(['dimension3 (Customer tier) = gold']);
  });

  it('shortens a long value with … and counts it, so the renderer can say so', () => {
    const request = makeRawRequest({ queryParams: { c_n: 'n'.repeat(200_000) } });
    const { lines, shortened } = offendingLines(request, ['c_n'], 120);
    expect(lines).toEqual([`c_n = ${'n'.repeat(120)}…`]);
    expect(shortened).toBe(1);
  });
});
