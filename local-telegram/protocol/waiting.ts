/**
 * "Wait until something shows up in a log", shared by the call log and the
 * update log: resolves with the first entry (already logged or yet to come)
 * that matches, or rejects after a timeout with a message that names what was
 * awaited. Every timer is cancelled when the server stops.
 */

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
}

export class WaitCancelledError extends Error {
  override name = "WaitCancelledError";
}

interface Waiter<T> {
  readonly matches: (entry: T, index: number) => boolean;
  readonly resolve: (entry: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export const DEFAULT_WAIT_MS = 5000;

export class LogWaiters<T> {
  private readonly waiters = new Set<Waiter<T>>();

  /**
   * @param entries the log so far (read at call time)
   * @param describe names what is awaited, for the timeout message
   */
  wait(entries: readonly T[], matches: (entry: T, index: number) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = entries.findIndex(matches);
    if (found >= 0) return Promise.resolve(entries[found]);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Offer a new (or newly completed) entry to everyone waiting. */
  offer(entry: T, index: number): void {
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(entry, index)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(entry);
    }
  }

  cancelAll(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new WaitCancelledError(reason));
    }
    this.waiters.clear();
  }
}
