import { describe, expect, it } from 'vitest';
import {
  checkDeprecated,
  checkEnum,
  checkFormat,
  checkJson,
  checkLength,
  checkNumber,
  checkParameter,
  checkRecorded,
  checkSiteId,
  checkValue,
  codePointLength,
  describeExpected,
  isUrlWithAuthorityOrMailto,
  unknownParameter,
} from '../../src/diagnosis/checks.js';
import { ruleFor } from '../../src/diagnosis/rules.js';
import type { TrackingRule } from '../../src/diagnosis/rules.js';

const SITE = '892d04bd-6e2b-4914-bfb4-bac721b37235';

function rule(name: string): TrackingRule {
  const found = ruleFor(name);
  if (!found) throw new Error(`no rule for ${name}`);
  return found;
}

/** Runs the value checks of `name` and returns what they found, as [code, problem]. */
function verdict(name: string, value: string): [string, string] | undefined {
  const found = checkValue(name, value, rule(name));
  return found && [found.code, found.problem];
}

describe('checkNumber', () => {
  it('accepts numbers within the bounds', () => {
    for (const value of ['0', '12', '12.5', '.5', '1e3', '100000000000'])
      expect(checkNumber('e_v', value, rule('e_v')), value).toBeUndefined();
  });

  it('names a value that is not a number', () => {
    const found = checkNumber('e_v', 'twelve', rule('e_v'));
    expect(found).toMatchObject({
      code: 'not-number',
      problem: 'is not a number',
      expected: 'a number from 0 to 100000000000',
      severity: 'cause',
    });
  });

  it('rejects decimal commas, units, padding and the empty string', () => {
    expect(verdict('e_v', '4,99')?.[0]).toBe('not-number');
    expect(verdict('e_v', '12 EUR')?.[0]).toBe('not-number');
    expect(verdict('e_v', ' 12')?.[0]).toBe('not-number');
    expect(verdict('e_v', '12\n')?.[0]).toBe('not-number');
    expect(verdict('e_v', '')).toEqual(['empty', 'is empty']);
  });

  it('checks the bounds', () => {
    expect(verdict('e_v', '-1')).toEqual(['out-of-range', 'is below 0']);
    expect(verdict('e_v', '100000000001')).toEqual(['out-of-range', 'is above 100000000000']);
    expect(verdict('e_v', '1e999')).toEqual(['out-of-range', 'is too large to be a number']);
    expect(verdict('lat', '-90.5')).toEqual(['out-of-range', 'is below -90']);
    expect(verdict('h', '24')).toEqual(['out-of-range', 'is above 23']);
  });

  it('wants integers for integer parameters, compared exactly even past 2^53', () => {
    expect(verdict('h', '12.5')).toEqual(['not-integer', 'is not an integer']);
    expect(verdict('search_count', '4294967295')).toBeUndefined();
    expect(verdict('search_count', '4294967296')?.[0]).toBe('out-of-range');
    expect(verdict('_idvc', '9'.repeat(40))).toBeUndefined(); // no documented bound
    expect(describeExpected(rule('h'))).toBe('an integer from 0 to 23');
  });

  it('leaves text parameters alone', () => {
    expect(checkNumber('e_c', 'twelve', rule('e_c'))).toBeUndefined();
  });
});

describe('checkEnum', () => {
  it('accepts documented values, numerically for integers', () => {
    expect(checkEnum('ping', '3', rule('ping'))).toBeUndefined();
    expect(checkEnum('cookie', '01', rule('cookie'))).toBeUndefined();
    expect(checkEnum('e_t', 'add-to-cart', rule('e_t'))).toBeUndefined();
  });

  it('rejects others and says which are allowed', () => {
    expect(checkEnum('ping', '7', rule('ping'))).toMatchObject({ code: 'not-in-enum', expected: 'one of 1, 2, 3, 4, 5, 6' });
    expect(checkEnum('e_t', 'Add-To-Cart', rule('e_t'))?.code).toBe('not-in-enum');
    expect(checkEnum('cookie', '', rule('cookie'))?.code).toBe('empty');
  });
});

describe('checkLength', () => {
  it('flags an empty value where one character is the minimum', () => {
    expect(checkLength('e_c', '', rule('e_c'))).toMatchObject({
      code: 'empty',
      problem: 'is empty',
      expected: 'text of 1 to 16384 characters',
    });
  });

  it('flags text over the limit, counting characters rather than UTF-16 units', () => {
    expect(checkLength('c_n', 'a'.repeat(1025), rule('c_n'))).toMatchObject({ code: 'too-long', problem: 'is 1025 characters long' });
    expect(checkLength('c_n', '😀'.repeat(1024), rule('c_n'))).toBeUndefined();
    expect(codePointLength('😀a')).toBe(2);
    expect(codePointLength('\ud800a')).toBe(2);
  });

  it('has nothing to say about text without documented bounds', () => {
    expect(checkValue('dimension3', 'x'.repeat(3000), rule('dimension3'))).toBeUndefined();
  });
});

describe('checkFormat', () => {
  it('checks UUIDs and goal IDs', () => {
    expect(checkFormat('idgoal', 'e3554b05-aa7c-4f2e-87f8-043f49a5343e', rule('idgoal'))).toBeUndefined();
    expect(checkFormat('idgoal', '12', rule('idgoal'))).toBeUndefined();
    expect(checkFormat('idgoal', 'checkout', rule('idgoal'))?.code).toBe('bad-format');
  });

  it('wants URLs with an authority, or mailto:', () => {
    for (const url of [
      'https://example.com/a b?x=1#y',
      'http://localhost:8080',
      'mailto:someone@example.com',
      'android-app://com.example/',
    ]) {
      expect(isUrlWithAuthorityOrMailto(url), url).toBe(true);
    }
    for (const url of [
      '/checkout',
      'example.com/page',
      'https:example.com',
      'file:///tmp/x',
      'mailto:',
      'https://exa mple.com/',
      'https://<!channel>/',
    ]) {
      expect(isUrlWithAuthorityOrMailto(url), url).toBe(false);
    }
    expect(checkFormat('url', '/checkout', rule('url'))).toMatchObject({
      code: 'bad-format',
      problem: 'is not an absolute URL with a host, nor a mailto: address',
    });
  });

  it('checks the other documented formats', () => {
    expect(verdict('_id', '257cc22df0ec483a')).toBeUndefined();
    expect(verdict('_id', '257cc22df0ec483z')?.[0]).toBe('bad-format');
    expect(verdict('_id', '257cc2')?.[0]).toBe('too-short');
    expect(verdict('res', '1920x1080')).toBeUndefined();
    expect(verdict('res', '1920*1080')?.[0]).toBe('bad-format');
    expect(verdict('cip', '172.16.254.1')).toBeUndefined();
    expect(verdict('cip', '2001:db8::1')).toBeUndefined();
    expect(verdict('cip', '300.1.1.1')?.[0]).toBe('bad-format');
    expect(verdict('cdt', '1521232150')).toBeUndefined();
    expect(verdict('cdt', '2018-02-24 15:34:48')).toBeUndefined();
    expect(verdict('cdt', '2018-02-30 15:34:48')?.[0]).toBe('bad-format');
    expect(verdict('country', 'us')).toBeUndefined();
    expect(verdict('country', 'USA')?.[0]).toBe('bad-format');
    expect(verdict('ts_v', '3.4.1')).toBeUndefined();
    expect(verdict('ts_v', '3.4.1-beta.2+build.7')).toBeUndefined();
    expect(verdict('ts_v', 'v3.4')?.[0]).toBe('bad-format');
  });
});

describe('checkJson', () => {
  const products = rule('ec_products');
  const productProblem = (json: unknown) => checkJson('ec_products', JSON.stringify(json), products)?.problem;

  it('accepts the documented product list, nulls in optional places included', () => {
    const list = [
      ['craft-1', 'Patch', 'Crafts', 4.99, 3, 'Brand', 'red'],
      ['craft-2', 'Lamp', ['Crafts', 'Lamps'], 13.25, 1, 'Brand', 'black', { 1: 'glitter' }],
      ['craft-3', null, null, null, null, null, null, null],
      ['craft-4'],
    ];
    expect(productProblem(list)).toBeUndefined();
  });

  it('names what is wrong in a product list', () => {
    expect(productProblem({ sku: 'a' })).toBe('is not in the documented shape: it is an object, not an array of products');
    expect(productProblem([{ sku: 'a', price: 1 }])).toBe(
      'is not in the documented shape: product 1 is an object, not an index-positioned array',
    );
    expect(productProblem([['a', 'b', 'c', '4.99', 1]])).toBe('is not in the documented shape: product 1 price is a string, not a number');
    expect(productProblem([['a'], [42]])).toBe('is not in the documented shape: product 2 sku is a number, not a string');
    expect(productProblem([['a', 'b', 'c', 1, 1.5]])).toContain('quantity is not an integer');
    expect(productProblem([['a', 'b', ['1', '2', '3', '4', '5', '6']]])).toContain('has 6 categories, more than 5');
    expect(productProblem([['a', 'b', 'c', 1, 1, 'x', 'y', { 21: 'z' }]])).toContain(
      'custom dimension ID that is not a number from 1 to 20',
    );
    expect(productProblem([['a', 'b', 'c', 1, 1, 'x', 'y', {}, 'extra']])).toContain('has 9 fields');
    expect(productProblem([['é'.repeat(600)]])).toContain('sku is longer than 1024 bytes');
    expect(productProblem(Array.from({ length: 101 }, (_, i) => [`s${i}`]))).toContain('it lists 101 products, more than 100');
  });

  it('tells invalid JSON from a wrong shape', () => {
    expect(checkJson('ec_products', '[["a"', products)).toMatchObject({ code: 'bad-json', problem: 'is not valid JSON' });
    expect(checkJson('ec_products', '', products)?.code).toBe('empty');
    expect(checkJson('ec_products', '{}', products)?.code).toBe('bad-shape');
  });

  it('checks custom variables as "id": [name, value] pairs', () => {
    const cvar = rule('_cvar');
    expect(checkJson('_cvar', '{"1":["AspectRatio","16:9"],"2":["Height","1080"]}', cvar)).toBeUndefined();
    expect(checkJson('_cvar', '{"1":["Height",1080]}', cvar)?.problem).toBe(
      'is not in the documented shape: variable "1" value is a number, not a string',
    );
    expect(checkJson('cvar', '[["a","b"]]', rule('cvar'))?.problem).toContain('it is an array, not an object');
    expect(checkJson('cvar', JSON.stringify({ 3: ['n', 'v'.repeat(201)] }), rule('cvar'))?.problem).toContain(
      'value is longer than 200 characters',
    );
    // A hostile key is not echoed back.
    expect(checkJson('cvar', '{"<!channel> `x`":["a"]}', rule('cvar'))?.problem).toBe(
      'is not in the documented shape: variable #1 is not a [name, value] pair',
    );
  });

  it('checks search categories as an array of strings', () => {
    expect(checkJson('search_cats', '["Movies & TV","Cartoons"]', rule('search_cats'))).toBeUndefined();
    expect(checkJson('search_cats', '["a",2]', rule('search_cats'))?.problem).toContain('item 2 is a number, not a string');
    expect(checkJson('search_cats', 'Movies', rule('search_cats'))?.code).toBe('bad-json');
  });
});

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

describe('request-level checks', () => {
  it('wants idsite present, a UUID, and the app being scanned', () => {
    expect(checkSiteId({ idsite: SITE }, SITE)).toBeUndefined();
    expect(checkSiteId({ idsite: SITE.toUpperCase() }, SITE)).toBeUndefined();
    expect(checkSiteId({}, SITE)).toMatchObject({ code: 'missing', problem: 'is missing', value: undefined });
    expect(checkSiteId({ idsite: '42' }, SITE)).toMatchObject({ code: 'bad-format', problem: 'is not a UUID' });
    expect(checkSiteId({ idsite: 'e3554b05-aa7c-4f2e-87f8-043f49a5343e' }, SITE)).toMatchObject({ code: 'other-site' });
  });

  it('wants rec=1', () => {
    expect(checkRecorded({ rec: '1' })).toBeUndefined();
    expect(checkRecorded({})).toMatchObject({ code: 'missing' });
    expect(checkRecorded({ rec: '0' })).toMatchObject({ code: 'not-recorded', problem: 'is not 1' });
  });

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

  it('never throw, and finish quickly', () => {
    const started = performance.now();
    for (const name of names) {
      for (const value of hostile) {
        expect(() => checkParameter(name, value, rule(name), ruleFor(rule(name).replacement ?? ''))).not.toThrow();
      }
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('find deeply nested arrays wrong without walking them', () => {
    const bomb = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(checkJson('ec_products', bomb, rule('ec_products'))?.problem).toBe(
      'is not in the documented shape: product 1 sku is an array, not a string',
    );
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
