import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, inline, inlineKeepingCode, longestRun } from '../../src/render/markdown.js';

describe('inline', () => {
  it('escapes HTML and Markdown so nothing renders as a tag, link or emphasis', () => {
    expect(inline('<img src=x onerror=alert(1)> [click](https://evil.example) *bold*')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; \\[click\\]\\(`https://evil.example)` \\*bold\\*',
    );
  });

  it('breaks mentions, issue references and autolinks', () => {
    const out = inline('@octocat see #12, GH-3 and owner/repo#4 on www.evil.example');
    expect(out).not.toMatch(/@octocat|#12|GH-3|repo#4/);
    expect(out).toContain('@\u200boctocat');
    // URLs become code, which GitHub never links, and stay whole: copied, they open.
    expect(out).toContain('`www.evil.example`');
    expect(inline('see https://docs.example/a|b.')).toBe('see `https://docs.example/a%7Cb.`');
  });

  it('keeps one line and shortens long text', () => {
    expect(inline('a\nb\r\nc')).toBe('a b c');
    expect(inline('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('inlineKeepingCode', () => {
  it('keeps our code spans and escapes the text around them', () => {
    expect(inlineKeepingCode('`e_v` = `twelve` is not a number; fix the tag for <b>@team</b>')).toBe(
      '`e_v` = `twelve` is not a number; fix the tag for &lt;b&gt;@\u200bteam&lt;/b&gt;',
    );
  });
});

describe('codeSpan and codeBlock', () => {
  it('size the fence past any run of backticks inside', () => {
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeBlock('```\n::error::x\n````')).toBe('`````\n```\n::error::x\n````\n`````');
  });

  it('escape pipes in code spans only in table cells, where GFM removes the backslash', () => {
    expect(codeSpan('a|b', 300, true)).toBe('`a\\|b`');
    expect(codeSpan('a|b')).toBe('`a|b`');
  });

  it('hold any text without it closing the block early', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ', '~') }), (text) => {
        const block = codeBlock(text);
        const fence = block.slice(0, block.indexOf('\n'));
        expect(fence.length).toBeGreaterThan(longestRun(text, '`'));
        // No line inside may be (or start with) a fence as long as ours.
        for (const line of text.split('\n')) expect(line.trimStart().startsWith(fence)).toBe(false);
      }),
    );
  });
});
