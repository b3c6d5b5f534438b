import { describe, expect, it } from 'vitest';
import { checkLength, checkNumber } from '../../../src/diagnosis/checks/bounds.js';
import { checkValue } from '../../../src/diagnosis/checks/parameter.js';
import { describeExpected } from '../../../src/diagnosis/checks/expected.js';
import { rule, verdict } from '../../support/tracking-rules.js';

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
  });

  it('has nothing to say about text without documented bounds', () => {
    expect(checkValue('dimension3', 'x'.repeat(3000), rule('dimension3'))).toBeUndefined();
  });
});
