/**
 * A sliding window of requests: up to `inFlight` parts are asked for at once,
 * and their results are handed on strictly in part order, so a file is
 * written front to back however the answers arrive. This is what turns a
 * transfer from one round trip per part into one round trip per window.
 */

export interface WindowOptions<T> {
  /** How many parts there are; undefined when only the answers tell (then `take` says which part was the last). */
  count?: number;
  /** Requests in flight at most (at least 1). */
  inFlight: number;
  /** Starts part `index`; `signal` aborts when the window gives up (an error elsewhere, or the caller's abort). */
  run(index: number, signal: AbortSignal): Promise<T>;
  /** Receives each result in part order; returns true when this part was the last. */
  take(index: number, result: T): Promise<boolean | void> | boolean | void;
  signal?: AbortSignal;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs the window to its end; returns how many parts were taken. Rejects with the first error in part order, or the abort reason. */
export async function runWindow<T>(opts: WindowOptions<T>): Promise<number> {
  const inFlight = Math.max(1, Math.floor(opts.inFlight));
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const started = new Map<number, Promise<Settled<T>>>();
  let next = 0;
  const startMore = (taken: number) => {
    while (!stop.signal.aborted && next - taken < inFlight && (opts.count === undefined || next < opts.count)) {
      const index = next++;
      // Settled at once, so a part failing while an earlier one is awaited is never an unhandled rejection.
      started.set(
        index,
        Promise.resolve()
          .then(() => opts.run(index, stop.signal))
          .then(
            (value): Settled<T> => ({ ok: true, value }),
            (error: unknown): Settled<T> => ({ ok: false, error }),
          ),
      );
    }
  };
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(stop.signal.reason ?? new Error("aborted"));
    if (stop.signal.aborted) fail();
    else stop.signal.addEventListener("abort", fail, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
    let taken = 0;
    for (;;) {
      if (opts.count !== undefined && taken >= opts.count) return taken;
      startMore(taken);
      const outcome = await Promise.race([started.get(taken)!, aborted]);
      started.delete(taken);
      if (!outcome.ok) throw outcome.error;
      const last = await opts.take(taken, outcome.value);
      taken += 1;
      if (last) return taken;
    }
  } finally {
    // Parts still running are not waited for: their answers are dropped, their errors ignored.
    if (!stop.signal.aborted) stop.abort(new Error("the transfer ended"));
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
