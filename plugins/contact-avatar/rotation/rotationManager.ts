/**
 * Owns the account's rotations: keeps their records, decides when each is
 * due, runs them through the one change queue, and saves the state after
 * every change.
 *
 * Scheduling design: one host job ticks every minute and asks each rotation
 * whether its `nextDueAt` has passed (a comparison of two numbers), instead
 * of one node-cron task per rotation. node-cron v4 wakes every task on its
 * own timer and matches the pattern on each beat, so 1,000 rotations would
 * cost 1,000 timers and matches per minute while idle; one tick costs 1,000
 * comparisons. Next-run times are computed only when a rotation runs or is
 * (re)defined (cronNext.ts). The clock is injectable and `tick(now)` public,
 * so tests drive the schedule without waiting for minutes.
 *
 * Catch-up: a rotation is due when its persisted `nextDueAt` is in the past,
 * and running it moves `nextDueAt` to the first slot after *now*, so however
 * many slots were missed while the userbot was down, at most one run follows
 * ("one"); with "none", missed slots are skipped at start-up.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { FloodWaitError, formatDuration, TelegramApiError, UserError, type KeyValueStore, type Logger, type Telegram, type User } from "contact-userbot/sdk";
import type { PreparedImage } from "../image";
import type { AvatarService } from "../service/avatarService";
import { explainTelegramError } from "../service/telegramErrors";
import { displayName, resolveTargetWord } from "../targets";
import { ChangeDroppedError, ChangeQueue, QueueStoppedError, type QueueWait, type Sleep } from "./changeQueue";
import type { DeclaredRotation } from "./declared";
import { chooseImage, NoUsableImageError } from "./nextImage";
import { markShown, type Random, type RotationOrder } from "./order";
import { formatLocal, parseSchedule, scheduleOf, type Schedule } from "./schedule";
import { addToPool, poolDir, removePool, SourceMissingError, sourceDir } from "./sources";
import {
  freshState,
  RotationRecords,
  type DamagedRecord,
  withSkipped,
  type RotationDefinition,
  type RotationRecord,
  type RotationSource,
  type RotationState,
  type RotationTarget,
} from "./state";

export interface RotationSettings {
  /** Least time between the end of one change and the start of the next. */
  spacingMs: number;
  catchUp: "none" | "one";
  failuresBeforePause: number;
  /** Zone of schedules that name none. */
  timezone: string;
  /** Largest image file read from a folder or pool (the plugin's maxInputMB). */
  maxInputBytes: number;
}

export interface RotationManagerDeps {
  telegram: Telegram;
  service: AvatarService;
  store: KeyValueStore;
  dataDir: string;
  log: Logger;
  notifyOwner(text: string): Promise<void>;
  settings: RotationSettings;
  /** The image pipeline with the plugin's settings applied. */
  prepare: (bytes: Buffer) => Promise<PreparedImage>;
  clock?: () => Date;
  random?: Random;
  sleep?: Sleep;
}

export type RunOutcome = { ok: true; image: string; skipped: number } | { ok: false; text: string; paused: boolean };

/** A declared rotation that could not be set up (its contact could not be found). */
export interface DeclaredProblem {
  target: string;
  problem: string;
}

export class RotationManager {
  readonly queue: ChangeQueue;
  private readonly records = new Map<string, RotationRecord>();
  private readonly schedules = new Map<string, Schedule>();
  /** Rotations with a scheduled run in the queue: a slow queue must not stack up runs of one rotation. */
  private readonly queued = new Set<string>();
  private readonly persistence: RotationRecords;
  private readonly clock: () => Date;
  private problems: DeclaredProblem[] = [];

  constructor(private readonly deps: RotationManagerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.persistence = new RotationRecords(deps.store, deps.log);
    this.queue = new ChangeQueue({
      spacingMs: deps.settings.spacingMs,
      log: deps.log,
      sleep: deps.sleep,
      now: () => this.clock().getTime(),
      onFloodWait: (wait, queued) => void this.noticeWait(wait, queued),
    });
  }

  /** The time zone of schedules that name none. */
  get defaultTimezone(): string {
    return this.deps.settings.timezone;
  }

  /** Loads the saved rotations, merges the declared ones, applies the catch-up policy and runs what is due. */
  async start(declared: readonly DeclaredRotation[] = []): Promise<void> {
    const { records, damaged } = this.persistence.read();
    for (const record of records) this.remember(record);
    if (damaged.length) await this.setAsideDamaged(damaged);
    await this.syncDeclared(declared);
    await this.removeOrphanedPools();
    const now = this.clock();
    for (const record of this.records.values()) {
      const due = record.state.nextDueAt ? new Date(record.state.nextDueAt) : undefined;
      const missed = due !== undefined && due <= now;
      if (due === undefined || (missed && this.deps.settings.catchUp === "none")) {
        if (missed) this.deps.log.info(`Rotation for ${record.definition.target.name}: skipping runs missed while stopped (catch-up: none)`);
        await this.commit(record.id, { nextDueAt: this.nextSlot(record.id, now) });
      }
    }
    this.tick(now);
  }

  /** Queues every rotation that is due at `now`; returns how many were queued. Called by the minute job. */
  tick(now: Date = this.clock()): number {
    let count = 0;
    for (const record of this.records.values()) {
      const due = record.state.nextDueAt;
      if (record.state.paused || !due || new Date(due) > now || this.queued.has(record.id)) continue;
      this.queued.add(record.id);
      count++;
      this.enqueueRun(record.id, "schedule")
        .catch((err: unknown) => {
          if (!(err instanceof QueueStoppedError) && !(err instanceof ChangeDroppedError))
            this.deps.log.error(`Rotation run failed unexpectedly`, { rotation: record.id, err });
        })
        .finally(() => this.queued.delete(record.id));
    }
    return count;
  }

  /** Stops the queue (changes not yet started are dropped; they stay due, so they run after the next start). */
  async stop(): Promise<void> {
    this.queue.stop();
    await this.queue.idle();
    await this.deps.store.flush();
  }

  /** Resolves when no change is queued or running. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  get(id: string): RotationRecord | undefined {
    return this.records.get(id);
  }

  list(): RotationRecord[] {
    return [...this.records.values()].sort((a, b) => a.definition.target.name.localeCompare(b.definition.target.name));
  }

  declaredProblems(): readonly DeclaredProblem[] {
    return this.problems;
  }

  nextRun(id: string): Date | undefined {
    const due = this.records.get(id)?.state.nextDueAt;
    return due ? new Date(due) : undefined;
  }

  /** Creates a rotation, or redefines an existing chat-made one (its position and pool are kept when the source stays the same). */
  async define(target: RotationTarget, schedule: Schedule, source: RotationSource, order: RotationOrder): Promise<RotationRecord> {
    const existing = this.records.get(target.userId);
    if (existing?.definition.origin === "config") {
      throw new UserError(`${existing.definition.target.name}'s rotation is declared in the config; change it there.`);
    }
    const definition: RotationDefinition = {
      origin: "chat",
      target,
      schedule: { text: schedule.text, cron: schedule.cron, timezone: schedule.timezone },
      source,
      order,
    };
    const sameSource = existing && JSON.stringify(existing.definition.source) === JSON.stringify(source);
    const state: RotationState = sameSource ? { ...existing.state } : freshState();
    state.nextDueAt = schedule.nextAfter(this.clock())?.toISOString();
    const record: RotationRecord = { id: target.userId, definition, state };
    this.remember(record);
    await this.persistence.save(record);
    if (existing && !sameSource && existing.definition.source.kind === "pool") await removePool(this.poolOf(record.id));
    return record;
  }

  /** Adds prepared JPEGs to a pool rotation; returns the names given to them. */
  async addToPool(id: string, jpegs: Buffer[]): Promise<string[]> {
    const record = this.require(id);
    if (record.definition.source.kind !== "pool") throw new UserError(`${record.definition.target.name}'s rotation uses a folder: put the images there.`);
    return addToPool(this.poolOf(id), jpegs);
  }

  async pause(id: string): Promise<void> {
    await this.commit(this.require(id).id, { paused: { reason: "paused by you", at: this.clock().toISOString() } });
  }

  /** Resumes from the next slot after now (no catch-up of the paused time), with the failure count reset. */
  async resume(id: string): Promise<void> {
    const record = this.require(id);
    await this.commit(record.id, { paused: undefined, failures: 0, nextDueAt: this.nextSlot(record.id, this.clock()) });
  }

  async remove(id: string): Promise<void> {
    const record = this.require(id);
    if (record.definition.origin === "config") throw new UserError(`${record.definition.target.name}'s rotation is declared in the config; remove it there.`);
    this.records.delete(id);
    this.schedules.delete(id);
    await this.persistence.delete(id);
    await removePool(this.poolOf(id));
  }

  /** Starts the rotation over: forgets the position and the skipped files, and empties a pool. */
  async clear(id: string): Promise<void> {
    const record = this.require(id);
    if (record.definition.source.kind === "pool") await removePool(this.poolOf(id));
    await this.commit(record.id, { position: {}, skipped: [], failures: 0 });
  }

  /**
   * `.rotation next`: the next image now, through the queue like any change.
   * `onWait` hears when it starts waiting out a flood wait (the command's message says so).
   */
  runNow(id: string, onWait?: (wait: QueueWait) => void): Promise<RunOutcome> {
    const record = this.require(id);
    if (record.state.paused) throw new UserError(`${record.definition.target.name}'s rotation is paused (${record.state.paused.reason}); resume it first.`);
    return this.enqueueRun(id, "manual", onWait);
  }

  /** The flood wait this rotation's change waits behind, if one is queued or waiting. */
  pendingWait(id: string): QueueWait | undefined {
    const wait = this.queue.currentWait;
    return wait && this.queue.has(id) ? wait : undefined;
  }

  /**
   * `.rotation drop`: drops the rotation's changes that are queued or waiting
   * out a flood wait. A scheduled one counts as run (the next slot follows);
   * a change whose Telegram call is in flight is not dropped.
   */
  async dropPending(id: string): Promise<{ dropped: number; inFlight: boolean }> {
    const record = this.require(id);
    const result = this.queue.drop(id);
    if (result.dropped > 0) {
      this.deps.log.info(`Rotation for ${record.definition.target.name}: ${result.dropped} pending change(s) dropped by the owner`);
      if (record.state.nextDueAt && new Date(record.state.nextDueAt) <= this.clock()) {
        await this.commit(id, { nextDueAt: this.nextSlot(id, this.clock()) });
      }
    }
    return result;
  }

  /** The folder a rotation's images are read from. */
  dirOf(record: RotationRecord): string {
    return sourceDir(record.definition.source, this.deps.dataDir, record.id);
  }

  private poolOf(id: string): string {
    return poolDir(this.deps.dataDir, id);
  }

  private require(id: string): RotationRecord {
    const record = this.records.get(id);
    if (!record) throw new UserError("There is no rotation for that contact.");
    return record;
  }

  private remember(record: RotationRecord): void {
    this.records.set(record.id, record);
    this.schedules.set(record.id, scheduleOf(record.definition.schedule));
  }

  private nextSlot(id: string, after: Date): string | undefined {
    return this.schedules.get(id)?.nextAfter(after)?.toISOString();
  }

  private enqueueRun(id: string, trigger: "schedule" | "manual", onWait?: (wait: QueueWait) => void): Promise<RunOutcome> {
    return this.queue.enqueue(`rotation ${id} (${trigger})`, (signal) => this.run(id, trigger, signal), { key: id, onWait });
  }

  /** The owner's one notice of a long wait (the queue calls this once per change that meets one). */
  private async noticeWait(wait: QueueWait, queued: readonly string[]): Promise<void> {
    const record = wait.key ? this.records.get(wait.key) : undefined;
    const when = formatLocal(wait.until, record?.definition.schedule.timezone ?? this.deps.settings.timezone);
    // Other users of the queue (the address book import) have no rotation: name the change itself.
    const what = record ? `${record.definition.target.name}'s photo will be changed` : `the queued change (${wait.label}) will be made`;
    const behind = queued.length ? ` ${queued.length} more change(s) are queued behind it.` : "";
    const drop = record ? ` Send .rotation drop ${record.id} to drop it.` : "";
    const text = `⏳ Telegram asks to wait ${formatDuration(wait.seconds)} before the next avatar change: ${what} at ${when}.${behind}${drop}`;
    await this.deps.notifyOwner(text).catch((err: unknown) => this.deps.log.error("Could not send the flood wait notice", { err }));
  }

  /**
   * One run. A FloodWaitError is rethrown untouched: the queue waits and
   * calls this again, and since nothing was saved the same image is chosen.
   */
  private async run(id: string, trigger: "schedule" | "manual", signal?: AbortSignal): Promise<RunOutcome> {
    const record = this.records.get(id);
    if (!record) return { ok: false, text: "the rotation was removed", paused: false };
    if (record.state.paused) return { ok: false, text: `paused (${record.state.paused.reason})`, paused: true };
    const name = record.definition.target.name;
    const now = this.clock();
    const advance: Partial<RotationState> = trigger === "schedule" ? { nextDueAt: this.nextSlot(id, now) } : {};
    let choice;
    try {
      choice = await chooseImage({
        dir: this.dirOf(record),
        order: record.definition.order,
        position: record.state.position,
        prepared: record.definition.source.kind === "pool",
        prepare: this.deps.prepare,
        maxBytes: this.deps.settings.maxInputBytes,
        random: this.deps.random,
        now,
      });
    } catch (err) {
      if (err instanceof SourceMissingError) return this.pauseFor(id, `its folder ${err.dir} no longer exists`, advance);
      if (err instanceof NoUsableImageError) return this.failed(id, `no usable image: ${err.message}`, advance, err.skipped);
      return this.failed(id, (err as Error).message, advance, []);
    }
    try {
      await this.deps.service.apply({ intent: "set", user: BigInt(record.definition.target.userId), media: choice.media, signal });
    } catch (err) {
      if (signal?.aborted) {
        // Nothing is saved: a scheduled change stays due and runs after the next start.
        const why = signal.reason instanceof ChangeDroppedError ? "dropped by you" : "the plugin is stopping";
        this.deps.log.info(`Rotation for ${name}: the change in progress was cancelled (${why})`, { trigger });
        throw err;
      }
      if (err instanceof FloodWaitError) throw err;
      if (err instanceof TelegramApiError && err.errorMessage === "CONTACT_MISSING") {
        return this.pauseFor(id, `${name} is no longer in your contacts`, { ...advance, skipped: withSkipped(record.state, choice.skipped).skipped });
      }
      return this.failed(id, describeError(err, name), advance, choice.skipped);
    }
    const at = this.clock().toISOString();
    await this.commit(id, {
      ...advance,
      position: markShown(choice.position, choice.name),
      skipped: withSkipped(record.state, choice.skipped).skipped,
      lastRun: { at, ok: true, text: `showed ${choice.name}`, image: choice.name },
      failures: 0,
      runs: record.state.runs + 1,
    });
    this.deps.log.info(`Rotation for ${name}: showed ${choice.name}`, { trigger, skipped: choice.skipped.length });
    return { ok: true, image: choice.name, skipped: choice.skipped.length };
  }

  private async failed(id: string, text: string, changes: Partial<RotationState>, skipped: RotationState["skipped"]): Promise<RunOutcome> {
    const record = this.records.get(id);
    if (!record) return { ok: false, text, paused: false };
    const failures = record.state.failures + 1;
    const lastRun = { at: this.clock().toISOString(), ok: false, text };
    const base = { ...changes, failures, lastRun, skipped: withSkipped(record.state, skipped).skipped };
    this.deps.log.warn(`Rotation for ${record.definition.target.name} failed: ${text}`, { failures });
    if (failures >= this.deps.settings.failuresBeforePause) {
      return this.pauseFor(id, `${failures} runs in a row failed (last: ${text})`, base);
    }
    await this.commit(id, base);
    return { ok: false, text, paused: false };
  }

  /** Pauses and tells the owner; only a running rotation can get here, so the notice goes out once. */
  private async pauseFor(id: string, reason: string, changes: Partial<RotationState>): Promise<RunOutcome> {
    const record = this.records.get(id);
    if (!record) return { ok: false, text: reason, paused: true };
    const name = record.definition.target.name;
    const at = this.clock().toISOString();
    await this.commit(id, { lastRun: { at, ok: false, text: reason }, ...changes, paused: { reason, at } });
    const notice = `⏸ The avatar rotation for ${name} is paused: ${reason}. Fix it, then send .rotation resume ${record.id}`;
    await this.deps.notifyOwner(notice).catch((err: unknown) => this.deps.log.error("Could not send the pause notice", { err }));
    return { ok: false, text: reason, paused: true };
  }

  /** Applies `changes` to the record as it is *now* (a command may have changed it during a run) and saves it. */
  private async commit(id: string, changes: Partial<RotationState>): Promise<void> {
    const record = this.records.get(id);
    if (!record) return;
    const updated: RotationRecord = { ...record, state: { ...record.state, ...changes } };
    this.records.set(id, updated);
    await this.persistence.save(updated);
  }

  /**
   * Brings the config's rotations in: an entry already known (by the target
   * as written) keeps its contact and state, so a start needs no lookups;
   * a new one is looked up once. Entries gone from the config are dropped.
   */
  private async syncDeclared(declared: readonly DeclaredRotation[]): Promise<void> {
    this.problems = [];
    const wanted = new Set(declared.map((d) => d.target.toLowerCase()));
    for (const record of [...this.records.values()]) {
      if (record.definition.origin === "config" && !wanted.has(record.definition.declaredAs?.toLowerCase() ?? "")) {
        this.records.delete(record.id);
        await this.persistence.delete(record.id);
      }
    }
    for (const entry of declared) {
      try {
        const known = [...this.records.values()].find((r) => r.definition.declaredAs?.toLowerCase() === entry.target.toLowerCase());
        const target = known?.definition.target ?? (await this.lookUp(entry.target));
        const schedule = parseSchedule(entry.schedule, entry.timezone ?? this.deps.settings.timezone, this.clock());
        const current = this.records.get(target.userId);
        if (current && current.definition.origin === "chat") {
          // Never a silent replacement: the chat-made rotation (and its pool) is the owner's latest word; say so.
          throw new DeclaredConflictError(
            `${target.name} already has a rotation made in the chat, which is kept; remove it (.rotation remove ${target.userId}) or this entry from the config`,
          );
        }
        const definition: RotationDefinition = {
          origin: "config",
          declaredAs: entry.target,
          target,
          schedule: { text: schedule.text, cron: schedule.cron, timezone: schedule.timezone },
          source: { kind: "folder", path: entry.folder },
          order: entry.order,
        };
        const changed = JSON.stringify(current?.definition) !== JSON.stringify(definition);
        const state = current ? { ...current.state } : freshState();
        if (changed && current) state.nextDueAt = schedule.nextAfter(this.clock())?.toISOString();
        const record: RotationRecord = { id: target.userId, definition, state };
        this.remember(record);
        if (changed) await this.persistence.save(record);
      } catch (err) {
        this.problems.push({ target: entry.target, problem: (err as Error).message });
        this.deps.log.warn(`Declared rotation for ${entry.target} not set up: ${(err as Error).message}`);
        if (err instanceof DeclaredConflictError) {
          const notice = `⚠️ The config declares an avatar rotation for ${entry.target}, but ${err.message}.`;
          await this.deps.notifyOwner(notice).catch((e: unknown) => this.deps.log.error("Could not send the conflict notice", { err: e }));
        }
      }
    }
  }

  /**
   * Records that no longer read as rotations are not dropped in silence: they
   * are written to a file beside the store, taken out of it, and the owner is
   * told which contacts lost their rotation and where the old data is.
   */
  private async setAsideDamaged(damaged: DamagedRecord[]): Promise<void> {
    const file = path.join(this.deps.dataDir, `rotations.damaged-${this.clock().toISOString().replace(/[:.]/g, "-")}.json`);
    await fs.mkdir(this.deps.dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(damaged.map((d) => [d.key, d.raw])), null, 2)}\n`, { mode: 0o600 });
    await this.persistence.drop(damaged.map((d) => d.key));
    const lines = damaged.map((d) => `• ${nameIn(d.raw) ?? "user"} ${d.id}: ${d.problem}`);
    this.deps.log.error(`${damaged.length} damaged rotation record(s) moved to ${file}`, { keys: damaged.map((d) => d.key) });
    const notice = [
      `⚠️ ${damaged.length} saved rotation(s) could not be read and are not running:`,
      ...lines,
      `The old records are kept in ${file}; add the rotations again with .rotation add.`,
    ];
    await this.deps.notifyOwner(notice.join("\n")).catch((err: unknown) => this.deps.log.error("Could not send the damaged-records notice", { err }));
  }

  /** Pool folders that belong to no pool rotation (left by a rotation removed or redefined while the process died). */
  private async removeOrphanedPools(): Promise<void> {
    const root = path.dirname(poolDir(this.deps.dataDir, "0"));
    const names = await fs.readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      if (this.records.get(name)?.definition.source.kind === "pool") continue;
      await removePool(path.join(root, name));
      this.deps.log.info(`Removed the image pool of a rotation that no longer exists`, { folder: path.join(root, name) });
    }
  }

  /** A declared rotation's contact, named as chat commands name one: a contact's name, @username, phone number or id. */
  private async lookUp(word: string): Promise<RotationTarget> {
    const { user, name } = await resolveTargetWord(this.deps.telegram, word);
    if (!user.contact) throw new UserError(`${name} is not in your contacts: Telegram sets personal photos only for contacts`);
    return targetOf(user);
  }
}

/** A declared rotation names a contact that already has a chat-made one. */
class DeclaredConflictError extends UserError {
  override name = "DeclaredConflictError";
}

/** The contact's name in a damaged record, if that much can still be read. */
function nameIn(raw: unknown): string | undefined {
  const name = (raw as { definition?: { target?: { name?: unknown } } } | undefined)?.definition?.target?.name;
  return typeof name === "string" ? name : undefined;
}

export function targetOf(user: User): RotationTarget {
  return { userId: user.id.toString(), name: displayName(user) };
}

function describeError(err: unknown, name: string): string {
  const explained = explainTelegramError(err, name);
  return explained instanceof Error ? explained.message : String(explained);
}
