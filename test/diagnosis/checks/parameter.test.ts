import { describe, expect, it } from 'vitest';
import { checkJson } from '../../../src/diagnosis/checks/json.js';
import { checkDeprecated, checkParameter, unknownParameter } from '../../../src/diagnosis/checks/parameter.js';
import { ruleFor } from '../../../src/diagnosis/rules.js';
import { rule } from '../../support/tracking-rules.js';

describe('checkDeprecated and checkParameter', () => {
  it('names the replacement of a deprecated parameter', () => {
    expect(checkDeprecated('ec_items', '[]', rule('ec_items'))).toMatchObject({
      code: 'deprecated',
      severity: 'cause',
      expected: '`ec_products` instead',
      fix: 'rename `ec_items` to `ec_products`',
    });
    expect(checkDeprecated('ec_products', '[]', rule('ec_products'))).toBeUndefined();
  });

  it('holds an alias to its replacement value rules, but not a mere predecessor', () => {
    const aliasFound = checkParameter('ec_items', '[{"sku":"a"}]', rule('ec_items'), rule('ec_products')).map((v) => v.code);
    expect(aliasFound).toEqual(['deprecated', 'bad-shape']);
    const predecessor = checkParameter('search_cat', 'Movies & TV', rule('search_cat'), rule('search_cats')).map((v) => v.code);
    expect(predecessor).toEqual(['deprecated']);
  });
});

describe('unknownParameter', () => {
  it('reports unknown parameters as info only', () => {
    expect(unknownParameter('_idn', '0')).toMatchObject({ severity: 'info', code: 'unknown' });
  });
});

describe('hostile values', () => {
  const hostile = [
    'x'.repeat(1_000_000),
    '<!channel> <@U123> <https://evil.example|click>',
    '```\n# heading\n```',
    '`e_v`',
    '😀\u202e\u0000\ud800',
    '['.repeat(200_000) + ']'.repeat(200_000),
    '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
    JSON.stringify(Array.from({ length: 50_000 }, () => ['s', 'n', 'c', 1, 1])),
    '1e999',
    '-' + '9'.repeat(10_000),
    '1' + '.1'.repeat(50_000),
  ];
  const names = [
    'e_v',
    'h',
    'idsite',
    'url',
    'e_c',
    '_id',
    'cdt',
    'ts_v',
    'cip',
    'res',
    'ec_products',
    'ec_items',
    '_cvar',
    'search_cats',
    'e_t',
    'dimension3',
  ];

  it('never throw', () => {
    for (const name of names) {
      for (const value of hostile) {
        expect(() => checkParameter(name, value, rule(name), ruleFor(rule(name).replacement ?? ''))).not.toThrow();
      }
    }
  });

  // How long they take is the bench's to measure; what they find in the largest inputs shows they read them whole
  // (the length is counted, the number parsed) or stop at the first thing wrong (the 101st product).
  it('find the right thing wrong in the largest values', () => {
    const codes = (name: string, value: string) => checkParameter(name, value, rule(name)).map((v) => [v.code, v.problem]);
    expect(codes('e_c', 'x'.repeat(1_000_000))).toEqual([['too-long', 'is 1000000 characters long']]);
    expect(codes('e_v', '-' + '9'.repeat(10_000))).toEqual([['out-of-range', 'is too large to be a number']]);
    expect(codes('e_v', '1' + '.1'.repeat(50_000))).toEqual([['not-number', 'is not a number']]);
    expect(codes('ec_products', JSON.stringify(Array.from({ length: 50_000 }, () => ['s', 'n', 'c', 1, 1])))).toEqual([
      ['bad-shape', 'is not in the documented shape: it lists 50000 products, more than 100'],
    ]);
    expect(codes('_cvar', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))).toEqual([['bad-shape', 'is nested deeper than 32 levels']]);
  });

  it('find deeply nested arrays wrong without parsing or walking them', () => {
    const bomb = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(checkJson('ec_products', bomb, rule('ec_products'))?.problem).toBe('is nested deeper than 32 levels');
    // Brackets inside strings are text, not depth.
    expect(checkJson('search_cats', JSON.stringify(['['.repeat(100)]), rule('search_cats'))).toBeUndefined();
  });

  it('never echo the value in their own texts', () => {
    const value = '<!channel> `boom`';
    for (const name of names) {
      for (const found of checkParameter(name, value, rule(name))) {
        expect(`${found.problem} ${found.expected} ${found.fix}`).not.toContain('<!channel>');
      }
    }
  });
});
