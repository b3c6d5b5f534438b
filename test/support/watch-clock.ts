import type { WatchClock } from '../../src/watch/clock.js';

/** A clock that starts at `start` (ms); sleeping moves it on at once (and lets pending I/O run): a watch runs in milliseconds. */
export function testClock(start: number): WatchClock & { readonly ms: () => number } {
  let now = start;
  return {
    ms: () => now,
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
