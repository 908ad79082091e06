/**
 * AbortSignal plumbing for the request pipeline: what a cancelled call
 * rejects with, and racing work against a signal.
 */
import { CancelledError, RequestTimeoutError } from "../core/errors";

/**
 * The typed error a call ends with when `signal` aborts: the reason itself
 * when it already is one of ours (a timeout, a transfer deadline, a
 * shutdown's CancelledError), else a CancelledError naming the method.
 */
export function abortErrorOf(signal: AbortSignal, method: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof RequestTimeoutError || reason instanceof CancelledError) return reason;
  return new CancelledError(method, reason);
}

export function throwIfAborted(signal: AbortSignal | undefined, method: string): void {
  if (signal?.aborted) throw abortErrorOf(signal, method);
}

/**
 * Settles with `work`, or rejects at once with the typed abort error when
 * `signal` aborts first. `work` goes on (a request already sent cannot be
 * recalled): the caller decides what to do with its late outcome.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, method: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortErrorOf(signal, method));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortErrorOf(signal, method));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A controller that aborts when any of `parents` does (with its reason); `dispose` unhooks it. */
export function childController(...parents: (AbortSignal | undefined)[]): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  const hooked: [AbortSignal, () => void][] = [];
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener("abort", onAbort, { once: true });
    hooked.push([parent, onAbort]);
  }
  return { controller, dispose: () => hooked.forEach(([parent, onAbort]) => parent.removeEventListener("abort", onAbort)) };
}
