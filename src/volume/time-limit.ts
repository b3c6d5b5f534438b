/**
 * A time limit for an optional read: the run does not wait on a side API
 * longer than this, and what did not come in time counts as not read (it is
 * said, never taken as quiet). The request itself ends under the HTTP
 * client's own timeouts; only the wait for it is cut here.
 * (A reusable helper of the same kind is being added elsewhere in this round;
 * this small one keeps the volume check self-contained until then.)
 */
export class TimeLimitError extends Error {
  constructor(
    readonly what: string,
    readonly limitMs: number,
  ) {
    super(`${what} gave no answer within ${Math.round(limitMs / 1000)} s`);
    this.name = 'TimeLimitError';
  }
}

export async function withTimeLimit<T>(work: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeLimitError(what, limitMs));
    }, limitMs);
    timer.unref();
  });
  // The late answer (or failure) of the abandoned read is not left unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
