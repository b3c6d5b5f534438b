/**
 * An optional read with a time limit: the Tag Manager reads add to a run, so
 * they may not hold it up. Past the limit the read is given up (its requests
 * run on under the run's own budget, and their result is ignored) and the
 * caller says what is not known. Kept small and local until a shared helper
 * for optional reads exists.
 */
export type Limited<T> = { readonly value: T } | { readonly timedOut: true };

export async function withinTime<T>(read: Promise<T>, ms: number): Promise<Limited<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      resolve({ timedOut: true });
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([read.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
