import type { WatchClock } from '../../src/watch/clock.js';

/**
 * A clock that starts at `start` and whose sleep moves it on at once (letting pending I/O run):
 * a watch of many minutes runs in milliseconds, sharing the clock with the simulator (`ms`).
 */
export function steppingClock(start: number): WatchClock & { readonly ms: () => number } {
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
