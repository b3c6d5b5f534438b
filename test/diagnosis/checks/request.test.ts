import { describe, expect, it } from 'vitest';
import { checkRecorded, checkSiteId } from '../../../src/diagnosis/checks/request.js';

const SITE = '892d04bd-6e2b-4914-bfb4-bac721b37235';

describe('checkSiteId and checkRecorded', () => {
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
});
