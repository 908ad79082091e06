/**
 * The request pipeline: the one path every Telegram request takes
 * (TelegramService routes GramJS's invoke and its helpers through it;
 * transfers call it once per part). Per request it applies:
 *
 * - a timeout per attempt (RequestTimeoutError), measured on the injected Clock;
 * - the caller's AbortSignal: a cancelled call rejects at once (CancelledError),
 *   its waits stop, and the request is withdrawn if it was not sent yet;
 * - the flood-wait policy: FLOOD_WAIT_N up to the cap is waited out and the
 *   request retried (at most `floodWaitRetries` waits per call); a longer one
 *   is a FloodWaitError carrying the wait. Waits are remembered per method,
 *   so the next call of the method waits (or is refused) without hitting
 *   Telegram again;
 * - one retry of Telegram's 500s (INTERNAL_SERVER_ERROR and the like), which
 *   Telegram's documentation says to retry;
 * - error mapping to our typed errors (./errors.ts).
 *
 * A call given up (timeout or abort) after its request was sent may still
 * have been applied by Telegram: when its answer arrives anyway, the late
 * outcome is logged and reported to `onLateOutcome` listeners, so that what
 * the owner is told can say "may have been applied" instead of "failed".
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { CancelledError, FloodWaitError, RequestTimeoutError, TelegramApiError } from "../core/errors";
import type { Logger } from "../log/logger";
import { abortErrorOf, childController, raceAbort, throwIfAborted } from "./abort";
import { sleep, systemClock, type Clock } from "./clock";
import { toTypedError } from "./errors";
import { FloodMemory, type FloodBlock } from "./floodMemory";

export interface PipelineSettings {
  /** Flood waits up to this many seconds are waited out; longer ones are a FloodWaitError. */
  floodWaitCapSeconds: number;
  /** At most this many flood waits are taken within one call; the next one is a FloodWaitError. */
  floodWaitRetries: number;
  /** Default limit for one attempt of one request. */
  requestTimeoutMs: number;
  /** Pause before the one retry of a 500 (default 1000 ms). */
  serverErrorPauseMs?: number;
  clock?: Clock;
  log: Logger;
}

export interface CallOptions {
  /** Cancels the call: it rejects at once with a CancelledError (or the signal's reason, if it is one of ours). */
  signal?: AbortSignal;
  /** Limit for each attempt, instead of the default requestTimeoutMs. */
  timeoutMs?: number;
}

/** One request; must settle or reject soon after `signal` aborts. */
export type RequestRun<T> = (signal: AbortSignal) => Promise<T>;

/** A wait on a method Telegram asked for and the pipeline knows of. */
export interface PendingWait {
  method: string;
  /** When the method may be called again. */
  until: Date;
  /** The wait Telegram asked for. */
  seconds: number;
  /** True while a call is waiting it out; false for a wait over the cap (calls are refused until then). */
  waiting: boolean;
}

/** How a request given up by its caller ended after all. */
export type LateOutcome = ({ ok: true; value: unknown } | { ok: false; error: Error }) & {
  /** Why the caller stopped waiting (RequestTimeoutError, CancelledError). */
  gaveUp: Error;
};

export type LateOutcomeListener = (method: string, outcome: LateOutcome) => void;
export type WaitListener = (wait: PendingWait) => void;
/** A request about to be repeated after Telegram's 500, once `pauseMs` has passed. */
export type RetryListener = (method: string, error: Error, pauseMs: number) => void;

/**
 * What a RequestRun rejects with when it withdrew its request before it was
 * sent: the request certainly did not happen, so there is no late outcome.
 */
export class NotSentError extends Error {
  override name = "NotSentError";
}

/** Telegram's 500 family: its documentation says the request may be repeated. */
export function isServerError(err: unknown): boolean {
  if (!(err instanceof TelegramApiError)) return false;
  return Math.abs(err.code ?? 0) === 500 || /^(INTERNAL|RPC_CALL_FAIL|RPC_MCGET_FAIL)/.test(err.errorMessage);
}

interface Scope {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class RequestPipeline {
  private readonly clock: Clock;
  private readonly memory: FloodMemory;
  /** The options of the service call in progress, for the requests GramJS's helpers make inside it. */
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly waiting = new Map<string, number>();
  private readonly lateListeners = new Set<LateOutcomeListener>();
  private readonly waitListeners = new Set<WaitListener>();
  private readonly floodListeners = new Set<WaitListener>();
  private readonly retryListeners = new Set<RetryListener>();
  /** Aborted by close(): every call in flight and every wait ends. */
  private readonly closing = new AbortController();

  constructor(private readonly settings: PipelineSettings) {
    this.clock = settings.clock ?? systemClock;
    this.memory = new FloodMemory(this.clock);
  }

  /**
   * Runs one request through the policy. `method` is Telegram's name for it
   * ("messages.sendMessage"): flood waits are remembered under it.
   */
  async call<T>(method: string, run: RequestRun<T>, opts: CallOptions = {}): Promise<T> {
    const scope = this.scopes.getStore();
    const timeoutMs = opts.timeoutMs ?? scope?.timeoutMs ?? this.settings.requestTimeoutMs;
    const { controller, dispose } = childController(opts.signal ?? scope?.signal, this.closing.signal);
    try {
      return await this.callUnder(method, run, controller.signal, timeoutMs);
    } finally {
      dispose();
    }
  }

  /** Ends every call in flight and every wait with a CancelledError, and refuses new calls (the service is closing). */
  close(): void {
    if (!this.closing.signal.aborted) this.closing.abort(new CancelledError(undefined, new Error("the Telegram connection is closing")));
  }

  private async callUnder<T>(method: string, run: RequestRun<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
    let floodWaits = 0;
    let serverRetries = 0;
    for (;;) {
      throwIfAborted(signal, method);
      const block = this.memory.blockOf(method);
      if (block) {
        if (block.seconds > this.settings.floodWaitCapSeconds || floodWaits >= this.settings.floodWaitRetries) {
          throw floodError(block, this.clock);
        }
        floodWaits += 1;
        await this.waitOut(block, signal);
        continue;
      }
      try {
        return await this.attempt(method, run, signal, timeoutMs);
      } catch (err) {
        if (err instanceof FloodWaitError) {
          this.noteFlood(method, err.seconds);
          continue;
        }
        if (isServerError(err) && serverRetries < 1) {
          serverRetries += 1;
          const pauseMs = this.settings.serverErrorPauseMs ?? 1000;
          this.settings.log.info(`${method}: Telegram answered ${(err as TelegramApiError).errorMessage}; retrying once`);
          for (const listener of this.retryListeners) safely(() => listener(method, err as Error, pauseMs), this.settings.log);
          await sleep(this.clock, pauseMs, signal).catch(() => throwIfAborted(signal, method));
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * Runs a service call (a GramJS helper that may make several requests)
   * with `opts` applying to every request made inside it, and rejects at
   * once when the signal aborts.
   */
  scope<T>(name: string, opts: CallOptions, run: () => Promise<T>): Promise<T> {
    const outer = this.scopes.getStore();
    const scope: Scope = { signal: opts.signal ?? outer?.signal, timeoutMs: opts.timeoutMs ?? outer?.timeoutMs };
    try {
      throwIfAborted(scope.signal, name);
    } catch (err) {
      return Promise.reject(err);
    }
    const work = this.scopes.run(scope, () => Promise.resolve().then(run));
    return raceAbort(
      work.catch((err: unknown) => {
        throw toTypedError(err, name);
      }),
      scope.signal,
      name,
    );
  }

  /** Waits Telegram asked for that are still running, soonest end first. */
  pendingWaits(): PendingWait[] {
    return this.memory.active().map((block) => this.describe(block));
  }

  /** Called when a call starts waiting out a flood wait. Returns an unsubscribe function. */
  onWait(listener: WaitListener): () => void {
    return subscribe(this.waitListeners, listener);
  }

  /** Called whenever Telegram answers a flood wait (within the cap or not). Returns an unsubscribe function. */
  onFloodWait(listener: WaitListener): () => void {
    return subscribe(this.floodListeners, listener);
  }

  /** Called when a request is about to be repeated after a 500. Returns an unsubscribe function. */
  onRetry(listener: RetryListener): () => void {
    return subscribe(this.retryListeners, listener);
  }

  /** Called when a request given up by its caller gets its answer after all. Returns an unsubscribe function. */
  onLateOutcome(listener: LateOutcomeListener): () => void {
    return subscribe(this.lateListeners, listener);
  }

  private async attempt<T>(method: string, run: RequestRun<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
    const { controller, dispose } = childController(signal);
    const cancelTimer = this.clock.setTimer(timeoutMs, () => controller.abort(new RequestTimeoutError(method, timeoutMs)));
    const work = Promise.resolve().then(() => run(controller.signal));
    try {
      return await raceAbort(work, controller.signal, method);
    } catch (err) {
      if (controller.signal.aborted) {
        const gaveUp = abortErrorOf(controller.signal, method);
        this.watchLate(method, work, gaveUp);
        throw gaveUp;
      }
      throw toTypedError(err, method);
    } finally {
      cancelTimer();
      dispose();
    }
  }

  /** Reports the outcome of a request its caller no longer waits for, if it was sent. */
  private watchLate(method: string, work: Promise<unknown>, gaveUp: Error): void {
    work.then(
      (value) => this.reportLate(method, { ok: true, value, gaveUp }),
      (raw: unknown) => {
        if (raw instanceof NotSentError || raw === gaveUp) {
          this.settings.log.debug(`${method}: withdrawn before it was sent (${gaveUp.name})`);
          return;
        }
        const error = toTypedError(raw, method);
        if (error instanceof FloodWaitError) this.noteFlood(method, error.seconds);
        this.reportLate(method, { ok: false, error, gaveUp });
      },
    );
  }

  private reportLate(method: string, outcome: LateOutcome): void {
    const what = outcome.ok ? "succeeded" : `failed (${outcome.error.message})`;
    this.settings.log.warn(`${method} ${what} after it was given up (${outcome.gaveUp.message}): it may have been applied`);
    for (const listener of this.lateListeners) safely(() => listener(method, outcome), this.settings.log);
  }

  private noteFlood(method: string, seconds: number): void {
    const block = this.memory.note(method, seconds);
    const wait = this.describe(block);
    if (block.seconds > this.settings.floodWaitCapSeconds) {
      this.settings.log.warn(
        `${method}: Telegram asks to wait ${block.seconds} s (until ${wait.until.toISOString()}), over the ${this.settings.floodWaitCapSeconds} s cap`,
      );
    }
    for (const listener of this.floodListeners) safely(() => listener(wait), this.settings.log);
  }

  private async waitOut(block: FloodBlock, signal: AbortSignal | undefined): Promise<void> {
    const { method } = block;
    this.waiting.set(method, (this.waiting.get(method) ?? 0) + 1);
    try {
      const wait = this.describe(block);
      this.settings.log.info(`${method}: waiting ${Math.ceil((block.until - this.clock.now()) / 1000)} s as Telegram asks`);
      for (const listener of this.waitListeners) safely(() => listener(wait), this.settings.log);
      await sleep(this.clock, block.until - this.clock.now(), signal).catch(() => throwIfAborted(signal, method));
    } finally {
      const left = (this.waiting.get(method) ?? 1) - 1;
      if (left > 0) this.waiting.set(method, left);
      else this.waiting.delete(method);
    }
  }

  private describe(block: FloodBlock): PendingWait {
    return { method: block.method, until: new Date(block.until), seconds: block.seconds, waiting: this.waiting.has(block.method) };
  }
}

function floodError(block: FloodBlock, clock: Clock): FloodWaitError {
  const left = Math.max(1, Math.ceil((block.until - clock.now()) / 1000));
  return new FloodWaitError(left, block.method, new Date(block.until));
}

function subscribe<L>(set: Set<L>, listener: L): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

function safely(run: () => void, log: Logger): void {
  try {
    run();
  } catch (err) {
    log.warn(`a request pipeline listener failed: ${(err as Error).message}`);
  }
}
