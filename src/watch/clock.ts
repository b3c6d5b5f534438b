/**
 * Time as the watch sees it. Passed in, so tests can run a fifteen-minute
 * watch in milliseconds with a clock whose sleep moves time on at once (and a
 * simulator that reads the same clock), instead of lowering the interval.
 */
export interface WatchClock {
  now(): Date;
  /** Waits `ms`, or less when `signal` aborts (the run's time budget is spent). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: WatchClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
