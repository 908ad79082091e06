/**
 * Every RPC call the server received, in arrival order, with its decoded
 * request and how it ended: what tests inspect to see what the client did.
 */
import type { Api } from "telegram";
import type { TlRequest } from "./dispatch";
import { DEFAULT_WAIT_MS, LogWaiters } from "./waiting";

/*
 * Calls are typed by method: `calls.of("messages.EditMessage")` gives calls
 * whose `params` is an Api.messages.EditMessage, so a misspelt field (or
 * method name) is a compile error instead of an `undefined` that an
 * absent() check would take for "not sent".
 */
type ApiValues = typeof Api;
type RequestClass = abstract new (...args: never[]) => { classType: "request" };
type RequestsIn<Where, Prefix extends string> = {
  [K in Extract<keyof Where, string>]: Where[K] extends RequestClass ? `${Prefix}${K}` : never;
}[Extract<keyof Where, string>];
/** The namespaces of Api (messages, photos, …): the values that are objects but not classes. */
type Namespaces = {
  [K in Extract<keyof ApiValues, string>]: ApiValues[K] extends abstract new (...args: never[]) => unknown ? never : ApiValues[K] extends object ? K : never;
}[Extract<keyof ApiValues, string>];

/** Every method name as GramJS spells a request's className: "users.GetUsers", "Ping". */
export type MethodName = RequestsIn<ApiValues, ""> | { [N in Namespaces]: RequestsIn<ApiValues[N], `${N}.`> }[Namespaces];

type ClassAt<Path extends string, Where> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof Where
    ? ClassAt<Rest, Where[Head]>
    : never
  : Path extends keyof Where
    ? Where[Path]
    : never;

/** The GramJS request class of a method: RequestOf<"messages.EditMessage"> is Api.messages.EditMessage. */
export type RequestOf<M extends MethodName> = ClassAt<M, ApiValues> extends abstract new (...args: never[]) => infer Instance ? Instance : never;

export interface Call<Params = TlRequest> {
  /** Position in the log; pass it as `since` to wait only for later calls. */
  readonly index: number;
  /** The request's className as GramJS spells it, e.g. "users.GetUsers". */
  readonly method: string;
  /**
   * The decoded GramJS request, unwrapped from invokeWithLayer and friends.
   * Optional fields a client left out read `null` (GramJS's reader) or undefined.
   */
  readonly params: Params;
  readonly userId: bigint | undefined;
  readonly at: Date;
  /** The answer's className (or "Bool", "Vector") once answered. */
  result?: string;
  /** "<code> <message>" for an rpc_error, or what a fault did ("dropped", "no answer"). */
  error?: string;
  /** True once the call has its outcome (result or error). */
  done: boolean;
}

/** A call of `method`, with its params typed. */
export type CallOf<M extends MethodName> = Call<RequestOf<M>>;

/** Narrows a call from `all` to its method's type. */
export function isCallOf<M extends MethodName>(call: Call<unknown>, method: M): call is CallOf<M> {
  return call.method === method;
}

export interface WaitForCallOptions<C extends Call<unknown> = Call> {
  timeoutMs?: number;
  /** Only calls with index >= since (default 0: calls already made count too). */
  since?: number;
  predicate?(call: C): boolean;
}

export class CallLog {
  private readonly calls: Call[] = [];
  private readonly waiters = new LogWaiters<Call>();

  /** All calls so far, oldest first (narrow one with isCallOf to read its params). */
  get all(): readonly Call[] {
    return this.calls;
  }

  get length(): number {
    return this.calls.length;
  }

  of<M extends MethodName>(method: M): CallOf<M>[] {
    return this.calls.filter((c) => c.method === method) as unknown as CallOf<M>[];
  }

  count(method: MethodName): number {
    return this.of(method).length;
  }

  /** Records a call as it arrives; finish it with `settle`. */
  record(method: string, params: TlRequest, userId: bigint | undefined): Call {
    const call: Call = { index: this.calls.length, method, params, userId, at: new Date(), done: false };
    this.calls.push(call);
    return call;
  }

  settle(call: Call, outcome: { result: string } | { error: string }): void {
    Object.assign(call, outcome, { done: true });
    this.waiters.offer(call, call.index);
  }

  /** Resolves with the first finished call of `method` that matches; rejects after the timeout. */
  waitFor<M extends MethodName>(method: M, opts: WaitForCallOptions<CallOf<M>> = {}): Promise<CallOf<M>> {
    const since = opts.since ?? 0;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    const matches = (c: Call): boolean => c.done && c.index >= since && isCallOf(c, method) && (opts.predicate?.(c) ?? true);
    const describe = (): string => {
      const seen = this.calls.map((c) => c.method);
      return `a call of ${method}${opts.predicate ? " matching the predicate" : ""} (calls so far: ${seen.join(", ") || "none"})`;
    };
    return this.waiters.wait(this.calls, matches, timeoutMs, describe) as unknown as Promise<CallOf<M>>;
  }

  /** Forget the calls so far (waiters keep waiting). */
  clear(): void {
    this.calls.length = 0;
  }

  cancelWaiters(reason: string): void {
    this.waiters.cancelAll(reason);
  }
}
