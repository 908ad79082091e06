/**
 * Server-pushed updates: the world pushes them here; they are logged (for
 * waitForUpdate) and delivered to every live connection of that user.
 */
import type { Api } from "telegram";
import type { UpdateSink } from "./rpc";
import { DEFAULT_WAIT_MS, LogWaiters } from "./waiting";

export interface PushedUpdate {
  readonly index: number;
  readonly userId: bigint;
  readonly updates: Api.TypeUpdates;
  readonly at: Date;
  /** How many live connections it was sent to (0: the user was offline). */
  readonly delivered: number;
}

export interface WaitForUpdateOptions {
  /** Only updates pushed to this user; default any user. */
  userId?: bigint;
  timeoutMs?: number;
  /** Only updates with index >= since (default 0: updates already pushed count too). */
  since?: number;
}

/** The contract's UpdateSink, plus the world's hint to leave out the session that made the change. */
export interface PushOptions {
  readonly exceptAuthKeyId?: bigint;
}

type Deliver = (userId: bigint, updates: Api.TypeUpdates, exceptAuthKeyId: bigint | undefined) => number;
type DeliverToKey = (authKeyId: bigint, updates: Api.TypeUpdates) => number;

/**
 * Updates for a connection that is not logged in yet, by its auth key: a
 * client waiting on a QR login gets updateLoginToken this way.
 */
export interface AuthKeySink {
  /** Returns how many live connections of that key got it. */
  pushToAuthKey(authKeyId: bigint, updates: Api.TypeUpdates): number;
}

export class UpdateHub implements UpdateSink, AuthKeySink {
  private readonly pushed: PushedUpdate[] = [];
  private readonly waiters = new LogWaiters<PushedUpdate>();

  /** @param deliver sends to the user's live connections and says how many there were */
  constructor(
    private readonly deliver: Deliver,
    private readonly deliverToKey: DeliverToKey = () => 0,
  ) {}

  /** Not logged: the log is of updates for users, and such a connection has none yet. */
  pushToAuthKey(authKeyId: bigint, updates: Api.TypeUpdates): number {
    return this.deliverToKey(authKeyId, updates);
  }

  get all(): readonly PushedUpdate[] {
    return this.pushed;
  }

  /** Telegram answers the session that made a change directly, so the world may leave it out. */
  push(userId: bigint, updates: Api.TypeUpdates, opts: PushOptions = {}): void {
    const entry: PushedUpdate = {
      index: this.pushed.length,
      userId,
      updates,
      at: new Date(),
      delivered: this.deliver(userId, updates, opts.exceptAuthKeyId),
    };
    this.pushed.push(entry);
    this.waiters.offer(entry, entry.index);
  }

  waitFor(predicate: (u: Api.TypeUpdates) => boolean, opts: WaitForUpdateOptions = {}): Promise<Api.TypeUpdates> {
    const since = opts.since ?? 0;
    const matches = (p: PushedUpdate): boolean => p.index >= since && (opts.userId === undefined || p.userId === opts.userId) && predicate(p.updates);
    const describe = (): string =>
      `an update matching the predicate${opts.userId === undefined ? "" : ` for user ${opts.userId}`} ` +
      `(pushed so far: ${this.pushed.map((p) => p.updates.className).join(", ") || "none"})`;
    return this.waiters.wait(this.pushed, matches, opts.timeoutMs ?? DEFAULT_WAIT_MS, describe).then((p) => p.updates);
  }

  cancelWaiters(reason: string): void {
    this.waiters.cancelAll(reason);
  }
}
