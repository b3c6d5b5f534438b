import { describe, expect, it } from 'vitest';
import { LateAnswerError, OptionalReads, optionalReadLimitMs } from '../../src/http/time-limit.js';

describe('OptionalReads', () => {
  it('answers what the read answers within the window', async () => {
    const reads = new OptionalReads(1_000);
    await expect(reads.run('The goals API', async () => 'goals')).resolves.toBe('goals');
    reads.dispose();
  });

  it('fails a read that outlives the window with a LateAnswerError, and aborts the signal it passed on', async () => {
    const reads = new OptionalReads(20);
    let passed: AbortSignal | undefined;
    const hung = reads.run('The Apps API (site a)', (signal) => {
      passed = signal;
      return new Promise<never>(() => undefined);
    });
    await expect(hung).rejects.toThrow(new LateAnswerError('The Apps API (site a)', 20));
    expect(passed?.aborted).toBe(true);
    // A read started after the window fails at once.
    await expect(reads.run('The goals API', async () => 'late')).rejects.toBeInstanceOf(LateAnswerError);
  });

  it('passes a read’s own failure on unchanged', async () => {
    const reads = new OptionalReads(1_000);
    await expect(reads.run('x', () => Promise.reject(new Error('HTTP 403')))).rejects.toThrow('HTTP 403');
    reads.dispose();
  });

  it('gives optional reads a fifth of the run’s budget, at most 30 s', () => {
    expect(optionalReadLimitMs(600)).toBe(30_000);
    expect(optionalReadLimitMs(10)).toBe(2_000);
  });
});
