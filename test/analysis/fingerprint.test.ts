import { describe, expect, it } from 'vitest';
import { fingerprint, normalizeMessage } from '../../src/analysis/fingerprint.js';

describe('normalizeMessage', () => {
  it('replaces the parts that vary per hit with placeholders', () => {
    expect(
      normalizeMessage(
        'Invalid value 12.5 for order 1234 at https://shop.example/cart?id=9 (log: 6ae7402a-0cad-49d6-bc6d-829131ae55ba, ref 5d41261c9a7042e0)',
      ),
    ).toBe('Invalid value <n> for order <n> at <url> (log: <uuid>, ref <hex>)');
  });

  it('leaves words that merely look like hex alone', () => {
    expect(normalizeMessage('deadbeef cafebabe failed')).toBe('deadbeef cafebabe failed');
  });

  it('stays linear on long runs that almost match', () => {
    expect(normalizeMessage('a'.repeat(1_000_000))).toHaveLength(1_000_000);
    expect(normalizeMessage(`${'ab'.repeat(500_000)} https://x`)).toBe(`${'ab'.repeat(500_000)} <url>`);
  });

  it('folds whitespace', () => {
    expect(normalizeMessage('  a \n\t b ')).toBe('a b');
  });
});

describe('fingerprint', () => {
  const site = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

  it('is stable: the same inputs give the same 16 hex characters in every run', () => {
    // Pinned: issues and silences key on this value, so a change here must be deliberate.
    expect(fingerprint(site, 17, 'Invalid custom event value: <n>')).toBe(
      fingerprint(site.toUpperCase(), 17, 'Invalid custom event value: <n>'),
    );
    expect(fingerprint(site, 17, 'Invalid custom event value: <n>')).toBe('c605ddabe9d12fe7');
  });

  it('differs by site, event type and message', () => {
    const base = fingerprint(site, 17, 'm');
    expect(fingerprint('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 17, 'm')).not.toBe(base);
    expect(fingerprint(site, 18, 'm')).not.toBe(base);
    expect(fingerprint(site, 17, 'n')).not.toBe(base);
  });

  it('groups messages that differ only in numbers and ids', () => {
    const a = fingerprint(site, 17, normalizeMessage('Order 1234 failed at https://a.example/x'));
    const b = fingerprint(site, 17, normalizeMessage('Order 987 failed at https://b.example/y?z=1'));
    expect(a).toBe(b);
  });
});
