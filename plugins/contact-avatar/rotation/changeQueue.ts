/**
 * The account's one queue of scheduled avatar changes.
 *
 * Telegram rate-limits avatar changes per account, and accounts that keep
 * hitting the limit get restricted. So changes run one at a time, with at
 * least `spacingMs` between the end of one and the start of the next (fifty
 * rotations due at 09:00 become a calm trickle), and a FloodWaitError makes
 * the whole queue wait as long as Telegram asks before the same change is
 * tried again: nothing is dropped. Other failures belong to the caller.
 */
import { setTimeout as delay } from "node:timers/promises";
import { FloodWaitError, type Logger } from "contact-userbot/sdk";

/** The queue was stopped (plugin unloaded) before the change ran. */
export class QueueStoppedError extends Error {
  override name = "QueueStoppedError";
  constructor() {
    super("The avatar change queue was stopped");
  }
}

/** Waits `ms` or until `signal` aborts (then rejects). Injectable so tests need not wait. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface ChangeQueueOptions {
  spacingMs: number;
  log: Logger;
  sleep?: Sleep;
  now?: () => number;
}

/** Telegram's wait is in whole seconds, counted from its own clock: a little margin avoids a second refusal. */
export const FLOOD_MARGIN_MS = 500;

interface Entry {
  label: string;
  run: () => Promise<unknown>;
  done: (result: unknown) => void;
  fail: (err: Error) => void;
}

export class ChangeQueue {
  private readonly entries: Entry[] = [];
  private readonly controller = new AbortController();
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private draining: Promise<void> | undefined;
  private lastFinishedAt = Number.NEGATIVE_INFINITY;
  /** Flood waits met so far, and the time spent waiting them out (for logs and the bench). */
  readonly stats = { changes: 0, floodWaits: 0, floodWaitMs: 0 };

  constructor(private readonly opts: ChangeQueueOptions) {
    this.sleep = opts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.now = opts.now ?? Date.now;
  }

  private running = false;

  /** Changes queued or running. */
  get size(): number {
    return this.entries.length + (this.running ? 1 : 0);
  }

  /** Queues `task`; resolves with its result once it has run (after any flood waits). */
  enqueue<T>(label: string, task: () => Promise<T>): Promise<T> {
    if (this.controller.signal.aborted) return Promise.reject(new QueueStoppedError());
    return new Promise<T>((resolve, reject) => {
      this.entries.push({ label, run: task, done: resolve as (result: unknown) => void, fail: reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Rejects everything still queued and interrupts any wait; the change in progress finishes on its own. */
  stop(): void {
    this.controller.abort();
    for (const entry of this.entries.splice(0)) entry.fail(new QueueStoppedError());
  }

  private async drain(): Promise<void> {
    try {
      for (let entry = this.entries.shift(); entry; entry = this.entries.shift()) {
        this.running = true;
        await this.runWithFloodWaits(entry);
        this.running = false;
      }
    } finally {
      this.running = false;
      this.draining = undefined;
    }
  }

  private async runWithFloodWaits(entry: Entry): Promise<void> {
    for (;;) {
      if (this.controller.signal.aborted) return entry.fail(new QueueStoppedError());
      let failure: unknown;
      try {
        await this.waitForSpacing();
        const result = await entry.run();
        this.stats.changes++;
        return entry.done(result);
      } catch (err) {
        failure = err;
      } finally {
        this.lastFinishedAt = this.now();
      }
      if (!(failure instanceof FloodWaitError)) return entry.fail(failure as Error);
      await this.waitOutFlood(failure, entry);
    }
  }

  private async waitOutFlood(err: FloodWaitError, entry: Entry): Promise<void> {
    const waitMs = err.seconds * 1000 + FLOOD_MARGIN_MS;
    this.stats.floodWaits++;
    this.stats.floodWaitMs += waitMs;
    this.opts.log.warn(`Telegram asks to wait ${err.seconds} s before the next avatar change; the queue waits`, {
      change: entry.label,
      queued: this.entries.length,
    });
    // An abort rejects the sleep; the retry then sees the aborted signal and gives the entry up.
    await this.sleep(waitMs, this.controller.signal).catch(() => undefined);
    // The wait already spaced the retry from the refused change.
    this.lastFinishedAt = Number.NEGATIVE_INFINITY;
  }

  private async waitForSpacing(): Promise<void> {
    const wait = this.lastFinishedAt + this.opts.spacingMs - this.now();
    if (wait <= 0) return;
    await this.sleep(wait, this.controller.signal).catch(() => {
      throw new QueueStoppedError();
    });
  }
}
