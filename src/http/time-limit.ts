/**
 * Optional reads (the Apps API, custom dimensions, goals, annotations, and
 * whatever later adds to a run) only add to a report: one that hangs must not
 * hold the run until its budget is spent and the alert for a finished scan is
 * lost. Each kind of optional read runs inside an OptionalReads window of its
 * own, well inside the run's budget; past it, its requests are aborted and the
 * read fails with a LateAnswerError, which the caller reports as a notice like
 * any other failed optional read.
 */

/** At most this long for one kind of optional read, whatever the run's budget. */
const MAX_OPTIONAL_READ_MS = 30_000;
/** And at most this share of the run's budget, so a short budget still leaves the scan and the deliveries their time. */
const BUDGET_SHARE = 5;

/** The window for optional reads in a run of this budget: a fifth of it, at most 30 s. */
export function optionalReadLimitMs(budgetSeconds: number): number {
  return Math.min(MAX_OPTIONAL_READ_MS, Math.floor((budgetSeconds * 1000) / BUDGET_SHARE));
}

/** An optional read that did not answer in its window. */
export class LateAnswerError extends Error {
  readonly late = true;
  constructor(what: string, limitMs: number) {
    super(`${what} did not answer within ${Math.round(limitMs / 100) / 10} s, so it was left out of this run`);
    this.name = 'LateAnswerError';
  }
}

/** One window shared by every read made through it: it starts when this is made. */
export class OptionalReads {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;

  /** `Infinity`: no limit (tests of the parts that read). */
  constructor(readonly limitMs: number) {
    if (!Number.isFinite(limitMs)) return;
    this.timer = setTimeout(() => {
      this.controller.abort();
    }, limitMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * `work`'s answer, or a LateAnswerError once the window has passed. `work` gets the signal to pass on to its
   * requests (PiwikApi.withSignal) so that they are aborted too, not left running until their own timeout.
   */
  async run<T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const late = () => new LateAnswerError(what, this.limitMs);
    if (this.expired()) throw late();
    let onAbort = (): void => undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        reject(late());
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work(this.signal), timedOut]);
    } catch (error) {
      throw this.expired() ? late() : error;
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Read anew each time: the window can close while a read waits. */
  private expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops the window's timer early (the reads are done). */
  dispose(): void {
    clearTimeout(this.timer);
  }
}
