/**
 * Fault injection: rules that make the server misbehave for chosen calls,
 * the way Telegram or a network sometimes does, so tests can check that the
 * client copes (flood waits, slow answers, dropped connections, silence).
 */

export type FaultAction =
  /** Answer rpc_error(code, message) instead of calling the handler, e.g. [420, "FLOOD_WAIT_30"]. */
  | { rpcError: [code: number, message: string] }
  /** Answer normally, but this much later. */
  | { delayMs: number }
  /**
   * Close the connection: before calling the handler, right after sending its
   * answer, or after the handler ran without sending the answer ("applied").
   */
  | { drop: "before" | "after" | "applied" }
  /** Never answer (the handler is not called). */
  | { noAnswer: true }
  /** Apply the call (the handler runs) but never send its answer: the client cannot tell whether it happened. */
  | { lostAnswer: true };

export interface FaultRule {
  /** The className the rule applies to, e.g. "users.GetUsers". */
  method: string;
  /** The first call (1-based, counted from when the rule was added) the rule hits; default 1. */
  nth?: number;
  /** How many calls in a row it hits from there; default 1, `Infinity` for all. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  seen: number;
}

export class FaultRules {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  /** Adds a rule; returns its id for `remove`. */
  add(rule: FaultRule): number {
    const nth = rule.nth ?? 1;
    const times = rule.times ?? 1;
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`fault rule nth must be a whole number >= 1, got ${nth}`);
    if (!(times >= 1)) throw new RangeError(`fault rule times must be >= 1, got ${times}`);
    const id = this.nextId++;
    this.rules.push({ id, rule, seen: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * Counts a call of `method` against every rule for it and returns the
   * action of the first (oldest) rule that hits, if any.
   */
  take(method: string): FaultAction | undefined {
    let hit: FaultAction | undefined;
    for (const active of this.rules) {
      if (active.rule.method !== method) continue;
      active.seen += 1;
      const first = active.rule.nth ?? 1;
      const last = first + (active.rule.times ?? 1) - 1;
      if (hit === undefined && active.seen >= first && active.seen <= last) hit = active.rule.action;
    }
    return hit;
  }
}
