/**
 * Every RPC call the server received, in arrival order, with its decoded
 * request and how it ended: what tests inspect to see what the client did.
 */
import { DEFAULT_WAIT_MS, LogWaiters } from "./waiting";

export interface Call {
  /** Position in the log; pass it as `since` to wait only for later calls. */
  readonly index: number;
  /** The request's className as GramJS spells it, e.g. "users.GetUsers". */
  readonly method: string;
  /** The decoded GramJS request, unwrapped from invokeWithLayer and friends. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly params: any;
  readonly userId: bigint | undefined;
  readonly at: Date;
  /** The answer's className (or "Bool", "Vector") once answered. */
  result?: string;
  /** "<code> <message>" for an rpc_error, or what a fault did ("dropped", "no answer"). */
  error?: string;
  /** True once the call has its outcome (result or error). */
  done: boolean;
}

export interface WaitForCallOptions {
  timeoutMs?: number;
  /** Only calls with index >= since (default 0: calls already made count too). */
  since?: number;
  predicate?(call: Call): boolean;
}

export class CallLog {
  private readonly calls: Call[] = [];
  private readonly waiters = new LogWaiters<Call>();

  /** All calls so far, oldest first. */
  get all(): readonly Call[] {
    return this.calls;
  }

  get length(): number {
    return this.calls.length;
  }

  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  count(method: string): number {
    return this.of(method).length;
  }

  /** Records a call as it arrives; finish it with `settle`. */
  record(method: string, params: unknown, userId: bigint | undefined): Call {
    const call: Call = { index: this.calls.length, method, params, userId, at: new Date(), done: false };
    this.calls.push(call);
    return call;
  }

  settle(call: Call, outcome: { result: string } | { error: string }): void {
    Object.assign(call, outcome, { done: true });
    this.waiters.offer(call, call.index);
  }

  /** Resolves with the first finished call of `method` that matches; rejects after the timeout. */
  waitFor(method: string, opts: WaitForCallOptions = {}): Promise<Call> {
    const since = opts.since ?? 0;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    const matches = (c: Call): boolean =>
      c.done && c.method === method && c.index >= since && (opts.predicate?.(c) ?? true);
    const describe = (): string => {
      const seen = this.calls.map((c) => c.method);
      return `a call of ${method}${opts.predicate ? " matching the predicate" : ""} (calls so far: ${seen.join(", ") || "none"})`;
    };
    return this.waiters.wait(this.calls, matches, timeoutMs, describe);
  }

  /** Forget the calls so far (waiters keep waiting). */
  clear(): void {
    this.calls.length = 0;
  }

  cancelWaiters(reason: string): void {
    this.waiters.cancelAll(reason);
  }
}
