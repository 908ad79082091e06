/**
 * Per-method memory of Telegram's flood waits. After FLOOD_WAIT_N on method
 * M, M is blocked until now + N s: the next call of M waits out what is left
 * (or is refused with the wait) instead of hitting Telegram again, which
 * would only earn a longer wait.
 */
import type { Clock } from "./clock";

export interface FloodBlock {
  method: string;
  /** Epoch ms when Telegram lets the method be called again. */
  until: number;
  /** The wait Telegram asked for, in seconds. */
  seconds: number;
}

export class FloodMemory {
  private readonly blocks = new Map<string, FloodBlock>();

  constructor(private readonly clock: Clock) {}

  /** Notes Telegram's FLOOD_WAIT_`seconds` on `method`; a longer block already noted stays. */
  note(method: string, seconds: number): FloodBlock {
    // FLOOD_WAIT_0 happens; a second keeps a retry loop from hammering Telegram.
    const wait = Math.max(1, seconds);
    const block = { method, until: this.clock.now() + wait * 1000, seconds: wait };
    const known = this.blocks.get(method);
    if (known && known.until >= block.until) return known;
    this.blocks.set(method, block);
    return block;
  }

  /** The block on `method` still in force, if any. */
  blockOf(method: string): FloodBlock | undefined {
    const block = this.blocks.get(method);
    if (block && block.until <= this.clock.now()) {
      this.blocks.delete(method);
      return undefined;
    }
    return block;
  }

  /** Every block still in force, soonest end first. */
  active(): FloodBlock[] {
    return [...this.blocks.keys()]
      .map((method) => this.blockOf(method))
      .filter((b): b is FloodBlock => b !== undefined)
      .sort((a, b) => a.until - b.until);
  }
}
