import { describe, expect, it } from 'vitest';
import { shorten } from '../../src/text/shorten.js';

describe('shorten', () => {
  it('leaves text at the limit as it is and cuts longer text, marking the cut with …', () => {
    expect(shorten('abcdef', 6)).toBe('abcdef');
    expect(shorten('abcdefg', 6)).toBe('abcdef…');
    expect(shorten('', 0)).toBe('');
  });

  it('never leaves half of a surrogate pair behind', () => {
    // '😀' is two UTF-16 units: a cut after its first would leave a lone high surrogate.
    const shown = shorten('ab😀cd', 3);
    expect(shown).toBe('ab…');
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(shorten('ab😀cd', 4)).toBe('ab😀…');
  });
});
