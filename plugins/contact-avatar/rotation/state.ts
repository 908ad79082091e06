/**
 * What a rotation is (its definition) and where it stands (its state), as
 * kept in the plugin's store: one key per rotation, so every change is one
 * atomic write of the store (JsonStore: temporary file, fsync, rename).
 * Records are checked when read back: a damaged one is reported and left
 * out rather than crashing the plugin.
 */
import { z } from "zod";
import type { KeyValueStore, Logger } from "contact-userbot/sdk";
import { ROTATION_ORDERS } from "./order";

const KEY_PREFIX = "rotation:";
/** Only the latest few skipped files are kept: enough to tell the owner what to fix. */
export const SKIPPED_KEPT = 10;

const targetSchema = z.object({
  userId: z.string().regex(/^\d+$/),
  /**
   * Written by versions before the owned Telegram interface, which addressed
   * the contact with it; read and ignored now (src/telegram finds the access
   * hash in the contact list, which is where a rotation's contact is).
   */
  accessHash: z
    .string()
    .regex(/^-?\d+$/)
    .optional(),
  name: z.string(),
});

const sourceSchema = z.discriminatedUnion("kind", [z.object({ kind: z.literal("folder"), path: z.string().min(1) }), z.object({ kind: z.literal("pool") })]);

const definitionSchema = z.object({
  origin: z.enum(["chat", "config"]),
  /** Config rotations: the target as written in the config, to match the entry on the next start without a lookup. */
  declaredAs: z.string().optional(),
  target: targetSchema,
  schedule: z.object({ text: z.string(), cron: z.string(), timezone: z.string() }),
  source: sourceSchema,
  order: z.enum(ROTATION_ORDERS),
});

const resultSchema = z.object({ at: z.string(), ok: z.boolean(), text: z.string(), image: z.string().optional() });

const stateSchema = z.object({
  position: z.object({ cursor: z.string().optional(), lastShown: z.string().optional(), cycle: z.array(z.string()).optional() }),
  /** The next scheduled slot not yet handled; a slot in the past at start-up is a missed run. */
  nextDueAt: z.string().optional(),
  lastRun: resultSchema.optional(),
  /** Failed runs in a row. */
  failures: z.number().int().min(0),
  paused: z.object({ reason: z.string(), at: z.string() }).optional(),
  skipped: z.array(z.object({ name: z.string(), reason: z.string(), at: z.string() })),
  runs: z.number().int().min(0),
});

const recordSchema = z.object({ id: z.string(), definition: definitionSchema, state: stateSchema });

export type RotationTarget = z.infer<typeof targetSchema>;
export type RotationSource = z.infer<typeof sourceSchema>;
export type RotationDefinition = z.infer<typeof definitionSchema>;
export type RunResult = z.infer<typeof resultSchema>;
export type SkippedImage = RotationState["skipped"][number];
export type RotationState = z.infer<typeof stateSchema>;
export type RotationRecord = z.infer<typeof recordSchema>;

export function freshState(): RotationState {
  return { position: {}, failures: 0, skipped: [], runs: 0 };
}

/** Newest last, at most SKIPPED_KEPT. */
export function withSkipped(state: RotationState, skipped: SkippedImage[]): RotationState {
  return { ...state, skipped: [...state.skipped, ...skipped].slice(-SKIPPED_KEPT) };
}

/** A record in the store that does not read as a rotation. */
export interface DamagedRecord {
  key: string;
  id: string;
  problem: string;
  raw: unknown;
}

/** The rotations in the plugin's store, keyed by the contact's user id. */
export class RotationRecords {
  constructor(
    private readonly store: KeyValueStore,
    private readonly log: Logger,
  ) {}

  all(): RotationRecord[] {
    return this.read().records;
  }

  /** The records that can be read, and those that cannot (with their raw value, to be kept elsewhere). */
  read(): { records: RotationRecord[]; damaged: DamagedRecord[] } {
    const records: RotationRecord[] = [];
    const damaged: DamagedRecord[] = [];
    for (const key of this.store.keys()) {
      if (!key.startsWith(KEY_PREFIX)) continue;
      const raw = this.store.get(key);
      const parsed = recordSchema.safeParse(raw);
      if (parsed.success) records.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        const problem = issue ? `${issue.path.join(".") || "record"}: ${issue.message}` : "unreadable";
        this.log.error(`A damaged rotation record "${key}"`, { problem });
        damaged.push({ key, id: key.slice(KEY_PREFIX.length), problem, raw });
      }
    }
    return { records, damaged };
  }

  /** Takes damaged records out of the store (after they were kept elsewhere). */
  async drop(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.delete(key);
  }

  /** Resolves once the record is on disk. */
  save(record: RotationRecord): Promise<void> {
    return this.store.set(KEY_PREFIX + record.id, record);
  }

  delete(id: string): Promise<void> {
    return this.store.delete(KEY_PREFIX + id);
  }
}
