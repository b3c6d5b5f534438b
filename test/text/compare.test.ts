import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/text/compare.js';

describe('compareText', () => {
  it('orders by code unit, the same in every locale (upper case before lower case, unlike a collator)', () => {
    expect(['b', 'a', 'B', 'A'].sort(compareText)).toEqual(['A', 'B', 'a', 'b']);
  });

  it('orders ISO times by time and says 0 for equal texts', () => {
    expect(compareText('2026-12-02T01:00:00Z', '2026-12-02T00:59:59Z')).toBe(1);
    expect(compareText('2026-12-02T00:59:59Z', '2026-12-02T01:00:00Z')).toBe(-1);
    expect(compareText('x', 'x')).toBe(0);
  });
});
