import { describe, expect, it } from 'vitest';
import { codePointLength, displayText } from '../../src/text/display.js';

describe('displayText', () => {
  it('keeps short text, escapes control and direction characters, replaces lone surrogates', () => {
    expect(displayText('plain', 80)).toBe('plain');
    expect(displayText('a\tb\u202ec\u0000', 80)).toBe('a\\tb\\u202ec\\u0000');
    expect(displayText('x\ud800y', 80)).toBe('x\uFFFDy');
  });

  it('cuts at whole characters', () => {
    const shown = displayText('😀'.repeat(100), 10);
    expect([...shown]).toHaveLength(10);
    expect(shown).toBe(`${'😀'.repeat(9)}…`);
  });
});

describe('codePointLength', () => {
  it('counts characters rather than UTF-16 units, a lone surrogate as one', () => {
    expect(codePointLength('😀a')).toBe(2);
    expect(codePointLength('\ud800a')).toBe(2);
  });
});
