import { describe, expect, it } from 'vitest';
import { clip } from '../../src/text/clip.js';

describe('clip', () => {
  it('leaves text within the limit alone', () => {
    expect(clip('one\ntwo', 7)).toBe('one\ntwo');
  });

  it('ends at a line break within the last fifth, and says how many characters were trimmed and where they are', () => {
    const text = `${'a'.repeat(90)}\n${'b'.repeat(50)}`;
    expect(clip(text, 100)).toBe(`${'a'.repeat(90)}\n(trimmed: 51 more characters)`);
    expect(clip(text, 100, 'in the JSON report')).toBe(`${'a'.repeat(90)}\n(trimmed: 51 more characters in the JSON report)`);
  });

  it('cuts inside a line, marked with …, when no break is near the end', () => {
    const text = `${'a'.repeat(10)}\n${'b'.repeat(200)}`;
    expect(clip(text, 100)).toBe(`${'a'.repeat(10)}\n${'b'.repeat(89)}…\n(trimmed: 111 more characters)`);
  });

  it('never leaves half of a surrogate pair behind', () => {
    const shown = clip(`${'a'.repeat(9)}😀😀`, 10);
    expect(shown).toBe(`${'a'.repeat(9)}…\n(trimmed: 4 more characters)`);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
