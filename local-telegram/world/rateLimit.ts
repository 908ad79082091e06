/**
 * A sliding-window limit per account, used for avatar changes: Telegram
 * rate-limits them and answers FLOOD_WAIT_<seconds until a slot frees>.
 */
import { floodWait } from "./errors";

export interface RateLimitSpec {
  readonly max: number;
  readonly perSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly history = new Map<bigint, number[]>();

  constructor(
    private readonly spec: RateLimitSpec,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws FLOOD_WAIT_n when `key` has used every slot in the window. */
  check(key: bigint): void {
    const recent = this.recent(key);
    if (recent.length >= this.spec.max) {
      const freesAt = recent[0] + this.spec.perSeconds * 1000;
      throw floodWait(Math.max(1, Math.ceil((freesAt - this.now()) / 1000)));
    }
  }

  record(key: bigint): void {
    this.recent(key).push(this.now());
  }

  private recent(key: bigint): number[] {
    const windowStart = this.now() - this.spec.perSeconds * 1000;
    const kept = (this.history.get(key) ?? []).filter((t) => t > windowStart);
    this.history.set(key, kept);
    return kept;
  }
}
