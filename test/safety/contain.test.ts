import { describe, expect, it } from 'vitest';
import { Unprocessed } from '../../src/safety/contain.js';

describe('Unprocessed', () => {
  it('turns a throw into the fallback, counted per site, and one warning naming the first event', () => {
    const unprocessed = new Unprocessed();
    const boom = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    expect(unprocessed.run('a', 'event 1', boom, () => 'fallback')).toBe('fallback');
    expect(unprocessed.run('a', 'event 2', boom, () => 'fallback')).toBe('fallback');
    expect(
      unprocessed.run(
        'a',
        'event 3',
        () => 'fine',
        () => 'fallback',
      ),
    ).toBe('fine');
    expect(unprocessed.count('a')).toBe(2);
    expect(unprocessed.count('b')).toBe(0);
    expect(unprocessed.warnings('b', 'Blog')).toEqual([]);
    expect(unprocessed.warnings('a', 'Shop')).toEqual([
      'Site Shop: 2 events could not be processed in full (the first: event 1: Maximum call stack size exceeded); they are still counted and their groups are reported, without what failed.',
    ]);
  });
});
