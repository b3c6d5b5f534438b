import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKTICK_LOOKALIKE,
  cleanText,
  codeBlock,
  codeSpan,
  escapeMrkdwn,
  inert,
  inertPlain,
  link,
  truncate,
  truncateLines,
} from '../../src/slack/mrkdwn.js';
import { hostileSlackText } from '../support/hostile-slack-text.js';

/** Every `&` starts one of the three entities we write. */
function entitiesIntact(text: string): boolean {
  return !/&(?!amp;|lt;|gt;)/.test(text);
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

const hostile = hostileSlackText({ pieces: 30, pieceLength: 40 });

describe('escapeMrkdwn', () => {
  it('escapes the three characters of control sequences, & first', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <#C1> <https://x|text> a & b')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://x|text&gt; a &amp; b',
    );
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });
});

describe('cleanText', () => {
  it('shows control, bidi and zero-width characters and lone surrogates as visible escapes, keeps newlines only when asked', () => {
    expect(cleanText('a\u0000b\u0007c\u202ed\u2066e\u009bf\u200bg\ufeffh')).toBe('a\\x00b\\x07c\\u202ed\\u2066e\\x9bf\\u200bg\\ufeffh');
    expect(cleanText('x\ud800y')).toBe('x\\ud800y');
    expect(cleanText('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(cleanText('a\r\nb\nc\td')).toBe('a b c d');
    expect(cleanText('a\r\nb\u2028c', true)).toBe('a\nb\nc');
  });
});

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('ends with an ellipsis within the limit', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never cuts an entity in half', () => {
    // "ab&amp;cd": a cut at 5 would leave "ab&am".
    expect(truncate('ab&amp;cd', 6)).toBe('ab…');
    expect(truncate('ab&amp;cd', 8)).toBe('ab&amp;…');
    expect(truncate('&lt;&lt;&lt;', 6)).toBe('&lt;…');
  });

  it('never cuts a surrogate pair in half', () => {
    expect(truncate('a\ud83d\ude00b', 3)).toBe('a…');
    expect(truncate('a\ud83d\ude00bc', 4)).toBe('a\ud83d\ude00…');
  });

  it('holds for any escaped text and any limit', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 200 }), (raw, max) => {
        const escaped = escapeMrkdwn(cleanText(raw, true));
        const out = truncate(escaped, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(entitiesIntact(out)).toBe(true);
        expect(hasLoneSurrogate(out)).toBe(false);
        if (escaped.length <= max) expect(out).toBe(escaped);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(escaped.startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
    );
  });

  it('prefers a line break near the cut when shortening lines', () => {
    expect(truncateLines('line one\nline two\nline three', 22)).toBe('line one\nline two\n…');
    expect(truncateLines('short', 10)).toBe('short');
  });
});

describe('inert', () => {
  it('turns control sequences into text', () => {
    expect(inert('ping <!channel> and <@U1> via <https://evil.example|click>')).not.toMatch(/<|>/);
  });

  it('quotes URLs as code (never a link, and whole when copied) and breaks auto-mentions', () => {
    const out = inert('see https://evil.example and www.evil.example, @here #general');
    expect(out).toContain('`https://evil.example`');
    expect(out).toContain('`www.evil.example,`');
    expect(out).not.toContain('\u200b//');
    expect(out).not.toMatch(/@here|#general/);
    // The notification text, which a phone shows raw, breaks them instead.
    expect(inertPlain('see https://evil.example')).toBe('see https:\u200b//evil.example');
  });

  it('swaps backticks for a look-alike and keeps one line', () => {
    expect(inert('a `b`\nc')).toBe(`a ${BACKTICK_LOOKALIKE}b${BACKTICK_LOOKALIKE} c`);
  });

  it('is always one escaped line, its code spans whole, within its limit', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 300 }), (raw, max) => {
        const out = inert(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        // Backticks only as whole code spans around URLs, never cut open.
        expect(out).not.toMatch(/[<>\n\r]/);
        expect((out.split('`').length - 1) % 2).toBe(0);
        expect(entitiesIntact(out)).toBe(true);
        expect(hasLoneSurrogate(out)).toBe(false);
      }),
    );
  });
});

describe('codeSpan', () => {
  it('wraps escaped text whose backticks cannot end the span', () => {
    expect(codeSpan('a`b <!here>')).toBe(`\`a${BACKTICK_LOOKALIKE}b &lt;!here&gt;\``);
  });

  it('shows empty text as (empty), not as two backticks', () => {
    expect(codeSpan('')).toBe('_(empty)_');
    expect(codeSpan(' ')).toBe('_(empty)_');
  });

  it('holds exactly two backticks and stays within its limit', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 10, max: 300 }), (raw, max) => {
        const out = codeSpan(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (out !== '_(empty)_') {
          expect(out.split('`').length - 1).toBe(2);
          expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        }
        expect(out).not.toMatch(/[<>\n]/);
        expect(entitiesIntact(out)).toBe(true);
      }),
    );
  });
});

describe('codeBlock', () => {
  it('keeps lines and cuts whole lines first, saying so', () => {
    const text = Array.from({ length: 50 }, (_, i) => `param_${i} = value ${i}`).join('\n');
    const out = codeBlock(text, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.startsWith('```\nparam_0 = value 0\n')).toBe(true);
    expect(out).toMatch(/\n…\n\(cut\)\n```$/);
  });

  it('cannot be closed from inside', () => {
    expect(codeBlock('x\n```\n<!channel>\n```')).toBe(
      `\`\`\`\nx\n${BACKTICK_LOOKALIKE.repeat(3)}\n&lt;!channel&gt;\n${BACKTICK_LOOKALIKE.repeat(3)}\n\`\`\``,
    );
  });

  it('holds exactly its two fences and stays within its limit', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 20, max: 2000 }), (raw, max) => {
        const out = codeBlock(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.split('`').length - 1).toBe(6);
        expect(out.startsWith('```\n') && out.endsWith('\n```')).toBe(true);
        expect(out).not.toMatch(/[<>]/);
        expect(entitiesIntact(out)).toBe(true);
        expect(hasLoneSurrogate(out)).toBe(false);
      }),
    );
  });
});

describe('link', () => {
  it('links http(s) URLs with an escaped label', () => {
    expect(link('https://github.com/acme/shop/issues/12', '#12')).toBe('<https://github.com/acme/shop/issues/12|#12>');
    expect(link('https://github.com/a?x=1&y=2', 'a <b>')).toBe('<https://github.com/a?x=1&amp;y=2|a &lt;b&gt;>');
  });

  it('keeps | and > from ending the URL part', () => {
    const out = link('https://example.com/a|b>c<d', 'x');
    expect(out).toBe('<https://example.com/a%7Cb%3Ec%3Cd|x>');
  });

  it('refuses anything but plain http(s)', () => {
    expect(link('javascript:alert(1)', 'x')).toBeUndefined();
    expect(link('slack://channel?id=C1', 'x')).toBeUndefined();
    expect(link('https://user:pass@example.com/', 'x')).toBeUndefined();
    expect(link('not a url', 'x')).toBeUndefined();
    expect(link(`https://example.com/${'a'.repeat(600)}`, 'x')).toBeUndefined();
  });

  it('always yields one well-formed link or nothing', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostile, (url, label) => {
        const out = link(url, label);
        if (out === undefined) return;
        expect(out).toMatch(/^<https?:\/\/[^<>|\s]+\|[^<>]+>$/);
      }),
    );
  });
});
