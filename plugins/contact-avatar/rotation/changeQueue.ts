/**
 * The account's one queue of scheduled avatar changes.
 *
 * Telegram rate-limits avatar changes per account, and accounts that keep
 * hitting the limit get restricted. So changes run one at a time, with at
 * least `spacingMs` between the end of one and the start of the next (fifty
 * rotations due at 09:00 become a calm trickle), and a FloodWaitError makes
 * the whole queue wait as long as Telegram asks before the same change is
 * tried again: nothing is dropped unless the owner drops it. Other failures
 * belong to the caller.
 *
 * The wait is visible: `currentWait` says what the queue waits for and until
 * when (`.rotation show`), each change can be told when its wait starts (the
 * command message of `.rotation next`), and `onFloodWait` hears of each wait
 * once (the owner's one notice). A change's task gets a signal that aborts
 * when the queue stops (reload, shutdown) or the change is dropped, so the
 * Telegram calls of the change in flight are cancelled too.
 */
import { setTimeout as delay } from "node:timers/promises";
import { FloodWaitError, type Logger } from "contact-userbot/sdk";

/** The queue was stopped (plugin unloaded) before the change ran, or while it ran. */
export class QueueStoppedError extends Error {
  override name = "QueueStoppedError";
  constructor() {
    super("The avatar change queue was stopped");
  }
}

/** The owner dropped the change (`.rotation drop`) while it was queued or waiting. */
export class ChangeDroppedError extends Error {
  override name = "ChangeDroppedError";
  constructor(readonly label: string) {
    super(`The change was dropped (${label})`);
  }
}

/** Waits `ms` or until `signal` aborts (then rejects). Injectable so tests need not wait. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** A flood wait the queue is waiting out. */
export interface QueueWait {
  /** The change that met it. */
  label: string;
  key: string | undefined;
  seconds: number;
  /** When Telegram lets the change be made (the retry goes out then). */
  until: Date;
  /** Telegram's method that was refused, when known. */
  method: string | undefined;
}

export interface ChangeQueueOptions {
  spacingMs: number;
  log: Logger;
  sleep?: Sleep;
  now?: () => number;
  /** Called once per flood wait the queue starts waiting out (not again for the same change's retries). */
  onFloodWait?(wait: QueueWait, queued: readonly string[]): void;
}

export interface EnqueueOptions {
  /** What `drop(key)` matches (the rotation's id). */
  key?: string;
  /** Called when this change starts waiting out a flood wait. */
  onWait?: (wait: QueueWait) => void;
}

/** Telegram's wait is in whole seconds, counted from its own clock: a little margin avoids a second refusal. */
export const FLOOD_MARGIN_MS = 500;

interface Entry {
  label: string;
  key: string | undefined;
  run: (signal: AbortSignal) => Promise<unknown>;
  done: (result: unknown) => void;
  fail: (err: Error) => void;
  onWait?: (wait: QueueWait) => void;
  /** Aborted by drop(key); the task's signal is this and the queue's. */
  readonly controller: AbortController;
  /** True once the owner heard of a wait this change met. */
  noticed: boolean;
}

export class ChangeQueue {
  private readonly entries: Entry[] = [];
  private readonly controller = new AbortController();
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private draining: Promise<void> | undefined;
  private lastFinishedAt = Number.NEGATIVE_INFINITY;
  private current: Entry | undefined;
  private waitingOut: QueueWait | undefined;
  /** Flood waits met so far, and the time spent waiting them out (for logs and the bench). */
  readonly stats = { changes: 0, floodWaits: 0, floodWaitMs: 0 };

  constructor(private readonly opts: ChangeQueueOptions) {
    this.sleep = opts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.now = opts.now ?? Date.now;
  }

  /** Changes queued or running. */
  get size(): number {
    return this.entries.length + (this.current ? 1 : 0);
  }

  /** The flood wait the queue is waiting out now, if any: every queued change waits behind it. */
  get currentWait(): QueueWait | undefined {
    return this.waitingOut;
  }

  /** Whether a change with this key is queued or running. */
  has(key: string): boolean {
    return this.current?.key === key || this.entries.some((e) => e.key === key);
  }

  /** Queues `task`; resolves with its result once it has run (after any flood waits). */
  enqueue<T>(label: string, task: (signal: AbortSignal) => Promise<T>, opts: EnqueueOptions = {}): Promise<T> {
    if (this.controller.signal.aborted) return Promise.reject(new QueueStoppedError());
    return new Promise<T>((resolve, reject) => {
      this.entries.push({
        label,
        key: opts.key,
        run: task,
        done: resolve as (result: unknown) => void,
        fail: reject,
        onWait: opts.onWait,
        controller: new AbortController(),
        noticed: false,
      });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Drops the changes with this key that are queued or waiting out a flood
   * wait (they reject with ChangeDroppedError). A change whose Telegram call
   * is in flight is not dropped: it may already be made. Returns how many.
   */
  drop(key: string): { dropped: number; inFlight: boolean } {
    const mine = this.entries.filter((e) => e.key === key);
    for (const entry of mine) {
      this.entries.splice(this.entries.indexOf(entry), 1);
      entry.fail(new ChangeDroppedError(entry.label));
    }
    const current = this.current?.key === key ? this.current : undefined;
    if (current && this.waitingOut?.key === key) {
      current.controller.abort(new ChangeDroppedError(current.label));
      return { dropped: mine.length + 1, inFlight: false };
    }
    return { dropped: mine.length, inFlight: current !== undefined };
  }

  /** Rejects everything still queued, interrupts any wait, and cancels the change in flight through its signal. */
  stop(): void {
    this.controller.abort(new QueueStoppedError());
    for (const entry of this.entries.splice(0)) entry.fail(new QueueStoppedError());
  }

  private async drain(): Promise<void> {
    try {
      for (let entry = this.entries.shift(); entry; entry = this.entries.shift()) {
        this.current = entry;
        await this.runWithFloodWaits(entry);
        this.current = undefined;
      }
    } finally {
      this.current = undefined;
      this.draining = undefined;
    }
  }

  private async runWithFloodWaits(entry: Entry): Promise<void> {
    const signal = AbortSignal.any([this.controller.signal, entry.controller.signal]);
    for (;;) {
      if (signal.aborted) return entry.fail(this.stopReasonOf(entry));
      let failure: unknown;
      try {
        await this.waitForSpacing(signal);
        const result = await entry.run(signal);
        this.stats.changes++;
        return entry.done(result);
      } catch (err) {
        failure = err;
      } finally {
        this.lastFinishedAt = this.now();
      }
      // Stopped or dropped while running: whatever the task threw, that is why it ended.
      if (signal.aborted) return entry.fail(this.stopReasonOf(entry));
      if (!(failure instanceof FloodWaitError)) return entry.fail(failure as Error);
      await this.waitOutFlood(failure, entry, signal);
    }
  }

  private stopReasonOf(entry: Entry): Error {
    return entry.controller.signal.aborted && !this.controller.signal.aborted ? new ChangeDroppedError(entry.label) : new QueueStoppedError();
  }

  private async waitOutFlood(err: FloodWaitError, entry: Entry, signal: AbortSignal): Promise<void> {
    const waitMs = err.seconds * 1000 + FLOOD_MARGIN_MS;
    this.stats.floodWaits++;
    this.stats.floodWaitMs += waitMs;
    const wait: QueueWait = { label: entry.label, key: entry.key, seconds: err.seconds, until: new Date(this.now() + waitMs), method: err.method };
    this.waitingOut = wait;
    this.opts.log.warn(`Telegram asks to wait ${err.seconds} s before the next avatar change; the queue waits`, {
      change: entry.label,
      queued: this.entries.length,
    });
    safely(() => entry.onWait?.(wait), this.opts.log);
    // One notice per change: a retry that meets another wait is the same story.
    if (!entry.noticed) {
      entry.noticed = true;
      safely(
        () =>
          this.opts.onFloodWait?.(
            wait,
            this.entries.map((e) => e.label),
          ),
        this.opts.log,
      );
    }
    try {
      // An abort rejects the sleep; the retry then sees the aborted signal and gives the entry up.
      await this.sleep(waitMs, signal).catch(() => undefined);
    } finally {
      this.waitingOut = undefined;
    }
    // The wait already spaced the retry from the refused change.
    this.lastFinishedAt = Number.NEGATIVE_INFINITY;
  }

  private async waitForSpacing(signal: AbortSignal): Promise<void> {
    const wait = this.lastFinishedAt + this.opts.spacingMs - this.now();
    if (wait <= 0) return;
    await this.sleep(wait, signal).catch(() => {
      throw new QueueStoppedError();
    });
  }
}

function safely(run: () => void, log: Logger): void {
  try {
    run();
  } catch (err) {
    log.warn(`a change queue listener failed: ${(err as Error).message}`);
  }
}
