import { describe, expect, it } from 'vitest';
import { checkJson } from '../../../src/diagnosis/checks/json.js';
import { rule } from '../../support/tracking-rules.js';

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
