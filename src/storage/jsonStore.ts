/**
 * A key-value store kept in memory and persisted to one JSON file.
 *
 * Every write replaces the whole file atomically (temporary file, fsync,
 * rename), so a crash leaves either the old or the new state, never half of
 * one. Writes run one at a time; changes made while a write is running are
 * coalesced into a single follow-up write of the latest state.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Logger } from "../log/logger";
import type { KeyValueStore } from "./types";

/** The version of the file layout `{ "format": 1, "data": {...} }`. */
export const STORE_FORMAT = 1;

/** The value cannot be stored as JSON (undefined, a BigInt, a cycle...). */
export class StoreValueError extends Error {
  override name = "StoreValueError";
}

/** What was found when a damaged store file was moved aside at open. */
export interface StoreRecovery {
  /** Where the old file is now. */
  movedTo: string;
  problem: string;
  /** The top-level keys that could still be made out in the old text (best effort: the file is damaged). */
  lostKeys: string[];
}

interface StoreFile {
  format: typeof STORE_FORMAT;
  data: Record<string, unknown>;
}

export interface JsonStoreOptions {
  log: Logger;
}

export class JsonStore implements KeyValueStore {
  /** Counts changes made / changes known to be on disk; a write is due while they differ. */
  private changes = 0;
  private persisted = 0;
  /** The write loop in flight, if any. */
  private draining: Promise<void> | undefined;

  private constructor(
    private readonly file: string,
    private readonly data: Map<string, unknown>,
    private readonly log: Logger,
    /** Set when the file could not be read and was moved aside: the owner must be told. */
    readonly recovery?: StoreRecovery,
  ) {}

  /**
   * Loads `file` (missing → empty store). A file that cannot be read as a
   * store is moved aside to `<file>.corrupt-<time>` and kept for a human to
   * look at; the store then starts empty rather than refusing to start.
   * Opening one file twice in a process is not supported.
   */
  static async open(file: string, opts: JsonStoreOptions): Promise<JsonStore> {
    const absolute = path.resolve(file);
    await fs.mkdir(path.dirname(absolute), { recursive: true, mode: 0o700 });
    await removeStaleTempFiles(absolute, opts.log);
    const { data, recovery } = await loadData(absolute, opts.log);
    return new JsonStore(absolute, data, opts.log, recovery);
  }

  get<T = unknown>(key: string): T | undefined {
    // A copy, so changing the result without set() cannot make memory and disk disagree.
    return this.data.has(key) ? (structuredClone(this.data.get(key)) as T) : undefined;
  }

  has(key: string): boolean {
    return this.data.has(key);
  }

  keys(): string[] {
    return [...this.data.keys()];
  }

  set(key: string, value: unknown): Promise<void> {
    let copy: unknown;
    try {
      // Keep exactly what will be read back from disk (drops undefined fields, turns Dates into strings).
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`${typeof value} is not JSON`);
      copy = JSON.parse(json);
    } catch (error) {
      return Promise.reject(new StoreValueError(`Cannot store "${key}": ${(error as Error).message}`));
    }
    this.data.set(key, copy);
    return this.persist();
  }

  delete(key: string): Promise<void> {
    if (!this.data.delete(key)) return this.flush();
    return this.persist();
  }

  flush(): Promise<void> {
    if (this.draining) return this.draining;
    // A failed write leaves changes unsaved; flushing retries them.
    if (this.persisted < this.changes) return this.startDraining();
    return Promise.resolve();
  }

  private persist(): Promise<void> {
    this.changes++;
    return this.draining ?? this.startDraining();
  }

  private startDraining(): Promise<void> {
    const draining = this.drain();
    this.draining = draining;
    // Callers may fire and forget a set(); the failure is logged in drain(), not left unhandled.
    draining.catch(() => undefined);
    return draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.persisted < this.changes) {
        const target = this.changes;
        await writeFileAtomic(this.file, this.serialize(), { mode: 0o600 });
        this.persisted = target;
      }
    } catch (error) {
      this.log.error("Could not save the store", { file: this.file, error });
      throw error;
    } finally {
      // Cleared in the same synchronous step as the last loop check, so a change
      // made after it starts a new loop instead of joining one that is done.
      this.draining = undefined;
    }
  }

  private serialize(): string {
    const content: StoreFile = { format: STORE_FORMAT, data: Object.fromEntries(this.data) };
    return `${JSON.stringify(content, null, 2)}\n`;
  }
}

async function loadData(file: string, log: Logger): Promise<{ data: Map<string, unknown>; recovery?: StoreRecovery }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { data: new Map() };
    throw error;
  }
  const problem = checkStoreFile(text);
  if (typeof problem === "string") {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await fs.rename(file, aside);
    log.warn("The store file was unreadable; moved it aside and starting empty", { file, problem, movedTo: aside });
    return { data: new Map(), recovery: { movedTo: aside, problem, lostKeys: keysIn(text) } };
  }
  return { data: new Map(Object.entries(problem.data)) };
}

/**
 * The keys of "data" in a damaged file, read from the layout serialize()
 * writes (two-space indent: data's keys sit at four spaces). Only to tell
 * the owner what was lost; nothing is restored from it.
 */
function keysIn(text: string): string[] {
  const keys = new Set<string>();
  for (const match of text.matchAll(/^ {4}"((?:[^"\\\n]|\\.)*)":/gm)) keys.add(match[1]);
  return [...keys];
}

/** The parsed file, or a sentence saying what is wrong with it. */
function checkStoreFile(text: string): StoreFile | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (!isPlainObject(parsed)) return "not a JSON object";
  if (parsed.format !== STORE_FORMAT) return `unknown format version ${JSON.stringify(parsed.format)}`;
  if (!isPlainObject(parsed.data)) return `"data" is not an object`;
  return { format: STORE_FORMAT, data: parsed.data };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * write-file-atomic writes to `<file>.<number>` and renames; a process killed
 * in between leaves that file behind. Nobody else writes our file, so at open
 * time any such file is debris.
 */
async function removeStaleTempFiles(file: string, log: Logger): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(`${base}.`) || !/^\d+$/.test(name.slice(base.length + 1))) continue;
    await fs.rm(path.join(dir, name), { force: true });
    log.debug("Removed a temporary file left by an interrupted write", { file: name });
  }
}
