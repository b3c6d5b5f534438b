import { describe, expect, it } from 'vitest';
import { ruleFor, ruleLabel, trackingRules } from '../../src/diagnosis/rules.js';
import { deriveRules, renderTable, SpecError, type SpecParameter } from '../../scripts/derive-tracking-rules.mjs';

// Values below are written from the Piwik PRO Tracking HTTP API spec by hand, so a derive
// script that misreads the spec cannot also "fix" the expectation.
describe('the derived rule table', () => {
  it('bounds e_v as a number from 0 to 100000000000', () => {
    expect(ruleFor('e_v')).toMatchObject({ type: 'number', minimum: 0, maximum: 100000000000 });
  });

  it('wants idsite as a 36-character UUID', () => {
    expect(ruleFor('idsite')).toMatchObject({ type: 'string', format: 'uuid', minLength: 36, maxLength: 36 });
  });

  it('marks ec_items as a deprecated alias of ec_products', () => {
    expect(ruleFor('ec_items')).toMatchObject({ deprecated: true, replacement: 'ec_products', alias: true });
  });

  it('marks search_cat as deprecated in favour of search_cats, without being an alias', () => {
    const rule = ruleFor('search_cat');
    expect(rule).toMatchObject({ deprecated: true, replacement: 'search_cats' });
    expect(rule?.alias).toBeUndefined();
  });

  it('resolves dimension12 to the dimension<N> pattern', () => {
    const rule = ruleFor('dimension12');
    expect(rule).toMatchObject({ pattern: 'dimension<N>', type: 'string' });
    expect(rule && ruleLabel(rule)).toBe('dimension<N>');
    expect(ruleFor('dimension999')).toBe(rule);
  });

  it('does not stretch the pattern to names that only look alike', () => {
    for (const name of ['dimension', 'dimension0', 'dimension01', 'dimension1x', 'xdimension1', 'dimension-1']) {
      expect(ruleFor(name), name).toBeUndefined();
    }
  });

  it('knows integer bounds, enums and the e_t values', () => {
    expect(ruleFor('h')).toMatchObject({ type: 'integer', minimum: 0, maximum: 23 });
    expect(ruleFor('search_count')).toMatchObject({ minimum: 0, maximum: 4294967295 });
    expect(ruleFor('t_di')).toMatchObject({ minimum: 0, maximum: 16777215 });
    expect(ruleFor('rec')).toMatchObject({ type: 'integer', enum: [0, 1] });
    expect(ruleFor('ping')?.enum).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ruleFor('e_t')?.enum).toEqual(['order', 'cart-update', 'product-detail-view', 'add-to-cart', 'remove-from-cart']);
  });

  it('reads text limits, including pv_id whose bounds the spec gives as minimum/maximum', () => {
    expect(ruleFor('e_c')).toMatchObject({ minLength: 1, maxLength: 16384 });
    expect(ruleFor('c_n')).toMatchObject({ minLength: 1, maxLength: 1024 });
    expect(ruleFor('_id')).toMatchObject({ format: 'hexadecimal', minLength: 16, maxLength: 16 });
    expect(ruleFor('pv_id')).toMatchObject({ format: 'hexadecimal', minLength: 6, maxLength: 6 });
  });

  it('reads URL, goal-ID and JSON formats with the documented JSON shapes', () => {
    for (const name of ['url', 'urlref', 'link', 'download']) expect(ruleFor(name)?.format, name).toBe('url');
    expect(ruleFor('idgoal')?.format).toBe('uuid-or-integer');
    expect(ruleFor('_cvar')?.shape).toEqual({ kind: 'custom-variables', maxNameLength: 200, maxValueLength: 200 });
    expect(ruleFor('cvar')?.shape).toEqual({ kind: 'custom-variables', maxNameLength: 200, maxValueLength: 200 });
    expect(ruleFor('search_cats')?.shape).toEqual({ kind: 'string-array' });
    expect(ruleFor('ec_products')?.shape).toEqual({
      kind: 'products',
      maxProducts: 100,
      maxSkuBytes: 1024,
      maxNameBytes: 1024,
      maxCategories: 5,
      maxCategoryBytes: 1024,
      maxCustomDimensions: 20,
      maxCustomDimensionId: 20,
    });
  });

  it('leaves undocumented names, prototype keys included, without a rule', () => {
    for (const name of ['foo', '_idn', '__proto__', 'constructor', 'toString', '']) expect(ruleFor(name), name).toBeUndefined();
  });

  it('has one name or pattern per rule, never twice', () => {
    const labels = trackingRules.rules.map(ruleLabel);
    expect(new Set(labels).size).toBe(labels.length);
    for (const rule of trackingRules.rules) expect((rule.name === undefined) !== (rule.pattern === undefined)).toBe(true);
    expect(trackingRules.endpoint).toBe('/ppms.php');
  });
});

describe('scripts/derive-tracking-rules.mjs', () => {
  const spec = (parameters: SpecParameter[]) => ({ paths: { '/ppms.php': { get: { parameters } } } });

  it('turns a small spec into rules in its own form', () => {
    const rules = deriveRules(
      spec([
        { name: 'User-Agent', in: 'header', schema: { type: 'string' } },
        { name: 'level', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 9 } },
        { name: 'code', in: 'query', schema: { type: 'string', format: 'hexadecimal', minimum: 4, maximum: 4 } },
        {
          name: 'slotID',
          in: 'query',
          description: '`ID` in the parameter name should be replaced with its integer value',
          schema: { type: 'string' },
        },
        {
          name: 'old',
          in: 'query',
          deprecated: true,
          description: 'Alias for `new`. Use new parameter `new`.',
          schema: { type: 'string' },
        },
        {
          name: 'addr',
          in: 'query',
          schema: {
            oneOf: [
              { type: 'string', format: 'ipv4' },
              { type: 'string', format: 'ipv6' },
            ],
          },
        },
      ]),
    );
    expect(rules).toEqual([
      { name: 'level', type: 'integer', minimum: 1, maximum: 9 },
      { name: 'code', type: 'string', minLength: 4, maxLength: 4, format: 'hexadecimal' },
      { pattern: 'slot<N>', type: 'string' },
      { name: 'old', type: 'string', deprecated: true, replacement: 'new', alias: true },
      { name: 'addr', type: 'string', format: 'ip' },
    ]);
  });

  it('refuses a format it was not taught, rather than dropping it', () => {
    const unknown = spec([{ name: 'x', in: 'query', schema: { type: 'string', format: 'base64' } }]);
    expect(() => deriveRules(unknown)).toThrow(SpecError);
  });

  it('refuses a JSON shape whose documented limits it can no longer find', () => {
    const products = spec([
      { name: 'p', in: 'query', description: 'Each product on the list can contain: things', schema: { type: 'string', format: 'JSON' } },
    ]);
    expect(() => deriveRules(products)).toThrow(SpecError);
  });

  it('renders one rule a line, as valid JSON', () => {
    const text: string = renderTable([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'integer' },
    ]);
    expect(text.split('\n').filter((line) => line.trimStart().startsWith('{"name"'))).toHaveLength(2);
    expect(JSON.parse(text).rules).toEqual([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'integer' },
    ]);
  });
});
