import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, namesParameter, NO_REQUEST_SUMMARY, NO_VIOLATION_SUMMARY } from '../../src/diagnosis/diagnose.js';
import type { DiagnoseContext } from '../../src/diagnosis/diagnose.js';
import type { EventContext, RawRequest } from '../../src/types.js';

const SITE = '892d04bd-6e2b-4914-bfb4-bac721b37235';
const VALID = { idsite: SITE, rec: '1', url: 'https://shop.example.com/checkout' };

function request(queryParams: Record<string, string>, id = 'log-1'): RawRequest {
  return { id, time: '2025-01-01T00:00:00Z', method: 'GET', scheme: 'https', headers: [], queryParams };
}

function context(overrides: Partial<DiagnoseContext> = {}): DiagnoseContext {
  return { siteId: SITE, errorMessage: '', context: {}, redactValue: (_param, value) => value, ...overrides };
}

const CHECKOUT_EVENT: EventContext = { customEventCategory: 'checkout', customEventAction: 'pay-click' };

describe('diagnose', () => {
  it('names a non-numeric e_v, with the tag to fix', () => {
    const diagnosis = diagnose(
      [request({ ...VALID, e_c: 'checkout', e_a: 'pay-click', e_v: 'twelve' })],
      context({ context: CHECKOUT_EVENT }),
    );
    expect(diagnosis.summary).toBe('`e_v` = `twelve` is not a number (expected a number from 0 to 100000000000)');
    expect(diagnosis.findings).toEqual([
      {
        parameter: 'e_v',
        value: 'twelve',
        problem: 'is not a number',
        expected: 'a number from 0 to 100000000000',
        hint: 'send `e_v` as a number from 0 to 100000000000; fix the tag that sends the custom event checkout / pay-click',
        severity: 'cause',
      },
    ]);
  });

  it('says honestly when no parameter violates the spec, unknown parameters notwithstanding', () => {
    const diagnosis = diagnose([request({ ...VALID, action_name: 'Checkout', _idn: '0', dimension3: 'x'.repeat(3000) })], context());
    expect(diagnosis.summary).toBe(NO_VIOLATION_SUMMARY);
    expect(diagnosis.summary).toBe('no parameter violates the documented Tracking API');
    expect(diagnosis.findings).toHaveLength(1);
    expect(diagnosis.findings[0]).toMatchObject({ parameter: '_idn', severity: 'info' });
  });

  it('does not claim a clean bill when there was nothing to check', () => {
    expect(diagnose([], context())).toEqual({ findings: [], summary: NO_REQUEST_SUMMARY });
  });

  it('puts the parameter the error message names first, then other causes, then deprecations, then info', () => {
    const query = { ...VALID, foo: 'bar', ec_items: '[["a"]]', h: '25', e_v: 'twelve' };
    const plain = diagnose([request(query)], context());
    expect(plain.findings.map((f) => f.parameter)).toEqual(['h', 'e_v', 'ec_items', 'foo']);
    const named = diagnose([request(query)], context({ errorMessage: 'Invalid value of parameter "e_v": expected number' }));
    expect(named.findings.map((f) => f.parameter)).toEqual(['e_v', 'h', 'ec_items', 'foo']);
    expect(named.summary).toBe('`e_v` = `twelve` is not a number (expected a number from 0 to 100000000000)');
  });

  it('never lets an info finding be the top cause, even when named', () => {
    const diagnosis = diagnose([request({ ...VALID, foo: 'bar' })], context({ errorMessage: 'foo is not allowed' }));
    expect(diagnosis.summary).toBe(NO_VIOLATION_SUMMARY);
    expect(diagnosis.findings.every((f) => f.severity === 'info')).toBe(true);
  });

  it('merges the same finding across requests, keeping different ones', () => {
    const diagnosis = diagnose(
      [request({ ...VALID, e_v: 'twelve' }, 'a'), request({ ...VALID, e_v: 'ten' }, 'b'), request({ ...VALID, e_v: '-3' }, 'c')],
      context(),
    );
    expect(diagnosis.findings.map((f) => [f.parameter, f.value])).toEqual([
      ['e_v', 'twelve'],
      ['e_v', '-3'],
    ]);
  });

  it('reports a request without idsite, and one for another app', () => {
    const missing = diagnose([request({ rec: '1', url: 'https://shop.example.com/' })], context());
    expect(missing.summary).toBe(`\`idsite\` is missing (expected the UUID of the app being scanned, ${SITE})`);
    expect(missing.findings[0]).toMatchObject({ parameter: 'idsite', value: '', severity: 'cause' });
    const other = diagnose([request({ ...VALID, idsite: 'e3554b05-aa7c-4f2e-87f8-043f49a5343e' })], context());
    expect(other.findings[0]).toMatchObject({ parameter: 'idsite', severity: 'cause' });
  });

  it('reports a deprecated ec_items with its replacement, and its malformed value', () => {
    const diagnosis = diagnose([request({ ...VALID, idgoal: '0', ec_items: '[{"sku":"a"}]' })], context({ context: { goalId: '0' } }));
    expect(diagnosis.findings.map((f) => f.expected)).toContain('`ec_products` instead');
    expect(diagnosis.summary).toBe(
      '`ec_items` = `[{"sku":"a"}]` is not in the documented shape: product 1 is an object, not an index-positioned array' +
        ' (expected a JSON array of at most 100 product arrays [sku, name, category, price, quantity, brand, variant, custom dimensions])',
    );
    expect(diagnosis.findings[0]?.hint).toContain('fix the tag that sends the e-commerce tracking (goal 0)');
  });

  it('shows values only through redactValue, page URLs in hints included', () => {
    const seen: string[] = [];
    const redactValue = (param: string, value: string) => {
      seen.push(param);
      return value.replace(/[\w.]+@[\w.]+/g, '[email]');
    };
    const query = { ...VALID, url: 'https://shop.example.com/?mail=ann@example.com', e_v: 'ann@example.com' };
    const diagnosis = diagnose([request(query)], context({ redactValue }));
    expect(JSON.stringify(diagnosis)).not.toContain('ann@example.com');
    expect(diagnosis.findings[0]).toMatchObject({ parameter: 'e_v', value: '[email]' });
    expect(diagnosis.findings[0]?.hint).toContain('the page https://shop.example.com/?mail=[email]');
    expect(diagnosis.summary).toBe('`e_v` = `[email]` is not a number (expected a number from 0 to 100000000000)');
    expect(seen).toEqual(expect.arrayContaining(['e_v', 'url']));
  });

  it('hides the value when the redactor itself fails', () => {
    const redactValue = () => {
      throw new Error('redactor broke');
    };
    const diagnosis = diagnose([request({ ...VALID, e_v: 'secret' })], context({ redactValue }));
    expect(JSON.stringify(diagnosis)).not.toContain('secret');
  });

  it('shortens long values and keeps hostile ones on one line without code-span breakers', () => {
    const long = diagnose([request({ ...VALID, e_c: 'x'.repeat(20_000) })], context());
    expect(long.findings[0]?.value).toHaveLength(80);
    expect(long.findings[0]?.value.endsWith('…')).toBe(true);
    expect(long.summary).toContain('is 20000 characters long (expected text of 1 to 16384 characters)');

    const hostile = diagnose([request({ ...VALID, e_v: '`1`\n<!channel>' })], context());
    expect(hostile.findings[0]?.value).toBe('ˋ1ˋ\\n<!channel>');
    expect(hostile.summary.split('`')).toHaveLength(5);
    expect(hostile.summary).not.toContain('\n');
  });

  it('uses the goal, the page, or the title when there is no custom event', () => {
    const goal = diagnose([request({ ...VALID, h: '99' })], context({ context: { goalId: 'e3554b05-aa7c-4f2e-87f8-043f49a5343e' } }));
    expect(goal.findings[0]?.hint).toBe(
      'send `h` as an integer from 0 to 23; fix the tag that sends goal e3554b05-aa7c-4f2e-87f8-043f49a5343e',
    );
    const page = diagnose([request({ ...VALID, h: '99' })], context());
    expect(page.findings[0]?.hint).toContain('fix the tag that sends the page https://shop.example.com/checkout');
    const { url: _url, ...withoutUrl } = VALID;
    const titled = diagnose([request({ ...withoutUrl, h: '99' })], context({ context: { title: 'Checkout' } }));
    expect(titled.findings[0]?.hint).toContain('fix the tag that sends the page titled "Checkout"');
  });

  it('never throws for arbitrary query parameters', () => {
    const query = fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('idsite', 'rec', 'e_v', 'ec_products', '_cvar', 'dimension4', 'url', '__proto__')),
      fc.string({ unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(fc.array(query, { maxLength: 4 }), fc.string(), (queries, errorMessage) => {
        const diagnosis = diagnose(
          queries.map((q) => request(q)),
          context({ errorMessage }),
        );
        expect(typeof diagnosis.summary).toBe('string');
        for (const finding of diagnosis.findings) expect([...finding.value].length).toBeLessThanOrEqual(80);
      }),
      { numRuns: 300 },
    );
  });
});

describe('namesParameter', () => {
  it('matches whole parameter names only', () => {
    expect(namesParameter('invalid e_v value', 'e_v')).toBe(true);
    expect(namesParameter('e_v=twelve rejected', 'e_v')).toBe(true);
    expect(namesParameter("it's broken", 's')).toBe(false);
    expect(namesParameter('bad urlref', 'url')).toBe(false);
    expect(namesParameter('bad dimension12', 'dimension1')).toBe(false);
    expect(namesParameter('', 'e_v')).toBe(false);
  });
});
