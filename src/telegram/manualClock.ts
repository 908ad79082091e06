import type { Clock } from "./clock";

interface Timer {
  at: number;
  fire: () => void;
}

/**
 * A Clock that moves only when told to: `advance(ms)` fires, in order, the
 * timers that come due. For tests (a 3600 s flood wait passes at once) and
 * for the sandbox.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private readonly armedListeners = new Set<() => void>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), fire };
    this.timers.push(timer);
    for (const listener of this.armedListeners) listener();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Timers armed and not yet fired or cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fire();
    }
    this.current = end;
  }

  /** Resolves once at least `count` timers are armed (a wait or timeout has started). */
  whenTimers(count = 1): Promise<void> {
    if (this.timers.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.timers.length < count) return;
        this.armedListeners.delete(check);
        resolve();
      };
      this.armedListeners.add(check);
    });
  }
}
