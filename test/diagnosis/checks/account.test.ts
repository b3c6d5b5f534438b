import { describe, expect, it } from 'vitest';
import type { SiteKnowledge } from '../../../src/account/knowledge.js';
import { checkAgainstAccount, dimensionName, dimensionNames, startsWithSiteUrl } from '../../../src/diagnosis/checks/account.js';
import { diagnose, type DiagnoseContext } from '../../../src/diagnosis/diagnose.js';
import type { RawRequest } from '../../../src/types.js';

const SITE = '892d04bd-6e2b-4914-bfb4-bac721b37235';
const GOAL = '5e1f3b9a-2c4d-4e6f-8a1b-3c5d7e9f1a2b';
const DELETED_GOAL = 'c0ffee00-1234-4abc-8def-0123456789ab';
const VALID = { idsite: SITE, rec: '1', url: 'https://shop.example.com/checkout' };

const ACCOUNT: SiteKnowledge = {
  siteId: SITE,
  settings: { name: 'Example Store', urls: ['https://shop.example.com'], eCommerceTracking: false, excludeUnknownUrls: true },
  dimensions: [
    { trackingId: 1, name: 'Customer tier', active: true },
    { trackingId: 2, name: 'Newsletter source', active: false },
    { trackingId: 3, name: 'Page type', active: true },
  ],
  goals: [{ id: GOAL, name: 'Newsletter sign-up' }],
};

function request(queryParams: Record<string, string>): RawRequest {
  return { id: 'log-1', time: '2025-01-01T00:00:00Z', method: 'GET', scheme: 'https', headers: [], queryParams };
}

function context(overrides: Partial<DiagnoseContext> = {}): DiagnoseContext {
  return { siteId: SITE, errorMessage: '', context: {}, redactValue: (_param, value) => value, account: ACCOUNT, ...overrides };
}

const codes = (params: Record<string, string>, account: SiteKnowledge = ACCOUNT) =>
  checkAgainstAccount({ ...VALID, ...params }, account).map((v) => [v.parameter, v.code]);

describe('checkAgainstAccount', () => {
  it('finds a dimension the site does not have, and one it has switched off', () => {
    expect(codes({ dimension12: 'x', dimension2: 'y', dimension1: 'gold' })).toEqual([
      ['dimension12', 'unknown-dimension'],
      ['dimension2', 'inactive-dimension'],
    ]);
  });

  it('finds a goal UUID the site does not have, and leaves legacy ids and e-commerce (0) alone', () => {
    expect(codes({ idgoal: DELETED_GOAL.toUpperCase() })).toEqual([['idgoal', 'unknown-goal']]);
    expect(codes({ idgoal: GOAL.toUpperCase() })).toEqual([]);
    expect(codes({ idgoal: '7' })).toEqual([]);
  });

  it('finds e-commerce on a site that does not track it, once per request', () => {
    expect(codes({ idgoal: '0', ec_id: 'A-1', ec_products: '[]' })).toEqual([['ec_products', 'ecommerce-off']]);
    expect(codes({ idgoal: '0' })).toEqual([['idgoal', 'ecommerce-off']]);
    const on: SiteKnowledge = { ...ACCOUNT, settings: { urls: [], eCommerceTracking: true, excludeUnknownUrls: false } };
    expect(codes({ idgoal: '0', ec_id: 'A-1' }, on)).toEqual([]);
  });

  it("finds a page outside the site's URLs only when the site excludes unknown URLs", () => {
    expect(codes({ url: 'https://staging.example.com/checkout' })).toEqual([['url', 'unknown-url']]);
    expect(codes({ url: 'http://SHOP.example.com/checkout?x=1' })).toEqual([]);
    const keeps: SiteKnowledge = {
      ...ACCOUNT,
      settings: { urls: ['https://shop.example.com'], eCommerceTracking: false, excludeUnknownUrls: false },
    };
    expect(codes({ url: 'https://staging.example.com/checkout' }, keeps)).toEqual([]);
  });

  it('claims nothing about what could not be read', () => {
    const unknown: SiteKnowledge = { siteId: SITE };
    expect(codes({ dimension12: 'x', idgoal: DELETED_GOAL, ec_id: 'A-1', url: 'https://elsewhere.test/' }, unknown)).toEqual([]);
  });

  it('matches site URLs as prefixes of whole host names', () => {
    expect(startsWithSiteUrl('https://shop.example.com', 'https://shop.example.com/')).toBe(true);
    expect(startsWithSiteUrl('https://shop.example.com:8443/a', 'https://shop.example.com')).toBe(true);
    expect(startsWithSiteUrl('https://shop.example.com.evil.test/', 'https://shop.example.com')).toBe(false);
    expect(startsWithSiteUrl('https://example.com/de/shop', 'https://example.com/de')).toBe(true);
    expect(startsWithSiteUrl('https://example.com/fr/shop', 'https://example.com/de')).toBe(false);
  });

  it('names a dimension the site has', () => {
    expect(dimensionName('dimension3', ACCOUNT)).toBe('Page type');
    expect(dimensionName('dimension12', ACCOUNT)).toBeUndefined();
    expect(dimensionName('dimension3', undefined)).toBeUndefined();
  });
});

describe('diagnose with the account', () => {
  it('diagnoses dimension12 on a site without it, by name, with the fix', () => {
    const diagnosis = diagnose(
      [request({ ...VALID, dimension12: 'spring-sale' })],
      context({ errorMessage: 'Invalid custom dimension: dimension12' }),
    );
    expect(diagnosis.summary).toBe(
      "`dimension12` = `spring-sale` is sent, but the site has no custom dimension with ID 12 (expected one of the site's custom dimensions: dimension1, dimension2 or dimension3)",
    );
    expect(diagnosis.findings[0]?.hint).toBe(
      'stop sending `dimension12`, or create custom dimension 12 for the site again and update the tag to its ID; fix the tag that sends the page https://shop.example.com/checkout',
    );
  });

  it('names an inactive dimension with its name', () => {
    const diagnosis = diagnose(
      [request({ ...VALID, dimension2: 'footer' })],
      context({ errorMessage: 'Invalid custom dimension: dimension2' }),
    );
    expect(diagnosis.summary).toBe(
      '`dimension2 (Newsletter source)` = `footer` is sent to a custom dimension that is inactive (expected an active custom dimension)',
    );
  });

  it('lists the names of the dimensions a request sends, for showing it', () => {
    expect(dimensionNames({ ...VALID, dimension3: 'landing', dimension12: 'x', dimension1: 'gold' }, ACCOUNT)).toEqual({
      dimension3: 'Page type',
      dimension1: 'Customer tier',
    });
    expect(dimensionNames(VALID, ACCOUNT)).toBeUndefined();
  });

  it('puts a configuration finding first when it explains the error, and after the named parameter when it does not', () => {
    const params = { ...VALID, idgoal: DELETED_GOAL, e_v: 'twelve' };
    const byGoal = diagnose([request(params)], context({ errorMessage: `Goal does not exist: ${DELETED_GOAL}` }));
    expect(byGoal.findings.map((f) => f.parameter)).toEqual(['idgoal', 'e_v']);
    const byValue = diagnose([request(params)], context({ errorMessage: 'Invalid custom event value (e_v)' }));
    expect(byValue.findings.map((f) => f.parameter)).toEqual(['e_v', 'idgoal']);
  });

  it('is the spec-only diagnosis without the account', () => {
    const diagnosis = diagnose([request({ ...VALID, dimension12: 'spring-sale' })], context({ account: undefined }));
    expect(diagnosis.findings.filter((f) => f.severity === 'cause')).toEqual([]);
  });

  it('keeps names from the account inert: a hostile dimension name is one line without backticks', () => {
    const hostile = { ...ACCOUNT, dimensions: [{ trackingId: 5, name: 'a`b\u202e\ncd', active: false }] };
    const diagnosis = diagnose([request({ ...VALID, dimension5: 'x' })], context({ account: hostile }));
    const finding = diagnosis.findings.find((f) => f.parameter === 'dimension5');
    expect(finding?.parameterName).toBe('aˋb\\u202e\\ncd');
    expect(diagnosis.summary).toMatch(/^`dimension5 \(aˋb\\u202e\\ncd\)` = `x` is sent to a custom dimension that is inactive/);
  });
});
