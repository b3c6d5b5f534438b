import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakCommands, inertLogText, wrapInStopCommands } from '../../src/safety/log-text.js';

/** What the runner would take as a command: `::` at a line's start, or `##[` anywhere. */
function hasCommand(text: string): boolean {
  return text.split('\n').some((line) => /^\s*::/.test(line) || line.includes('##['));
}

describe('inertLogText', () => {
  it('breaks workflow commands at the start of any line, and the legacy ##[ form anywhere', () => {
    for (const hostile of ['::error::pwned', 'ok\n::add-mask::x', '  ::stop-commands::t', 'text ##[error]x', 'a\r::warning::b']) {
      // The log viewer may take a lone CR as a line break too.
      expect(hasCommand(hostile.replace(/\r/g, '\n'))).toBe(true);
      expect(hasCommand(inertLogText(hostile))).toBe(false);
    }
  });

  it('treats what the runner trims as leading white space (U+0085 too), and shows control and bidi characters as escapes', () => {
    expect(inertLogText('\u0085::error::x')).toBe('\\x85::error::x');
    expect(breakCommands('\u0085\u00a0::error::x')).toBe('\u0085\u00a0:\u200b:error::x');
    expect(inertLogText('a\u202eb\u001b[31mc\u009bd')).toBe('a\\u202eb\\x1b[31mc\\x9bd');
  });

  it('keeps ordinary text as it is', () => {
    expect(inertLogText('Site x: 3 sessions scanned; a::b stays')).toBe('Site x: 3 sessions scanned; a::b stays');
  });

  it('leaves no command in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(':', '#', '[', '\n', '\r', ' ', 'e') }), (text) => {
        expect(hasCommand(inertLogText(text).replace(/\r/g, '\n'))).toBe(false);
      }),
    );
  });
});

describe('wrapInStopCommands', () => {
  it('puts the untrusted block between a stop and a resume line with the token', () => {
    expect(wrapInStopCommands('::error::x', 'tok')).toEqual(['::stop-commands::tok', ':\u200b:error::x', '::tok::']);
  });
});
