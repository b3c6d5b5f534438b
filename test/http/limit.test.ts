import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/http/limit.js';

describe('createLimiter', () => {
  it('keeps at most the limit in flight, starts tasks in order, and hands back each result', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      return {
        promise,
        resolve: () => {
          resolve();
        },
      };
    });
    const results = Promise.all(
      gates.map((gate, i) =>
        limit(async () => {
          started.push(i);
          running += 1;
          most = Math.max(most, running);
          await gate.promise;
          running -= 1;
          return i * 10;
        }),
      ),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await results).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });

  it('frees its slot when a task fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await limit(() => Promise.resolve('next'))).toBe('next');
  });
});
