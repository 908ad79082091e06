/**
 * What each contact's personal photo was before the userbot changed it, so
 * that `.pfpundo` can put it back: the last few states per contact, newest
 * last, under the plugin's data folder.
 *
 *   <dir>/journal.json   the entries, oldest first
 *   <dir>/<id>.jpg       the saved photo of each entry that had one
 *
 * Every file is written atomically (write-file-atomic: a temporary file, then
 * a rename), the photo before the journal naming it, so a crash leaves at
 * worst a photo no entry names; opening removes those, and entries whose
 * photo has gone. Bounded twice: `depth` entries per contact, `maxBytes` of
 * photos in all, the oldest dropped first.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Logger } from "contact-userbot/sdk";

/** What a contact's personal photo was before a change. */
export type PhotoSnapshot = { kind: "none" } | { kind: "photo"; jpeg: Buffer; width?: number; height?: number };

export interface UndoEntry {
  /** Also the name of the photo file. */
  id: string;
  userId: string;
  /** When the change it undoes was made (ISO). */
  at: string;
  /** The personal photo before that change: a saved photo, or none. */
  before: "photo" | "none";
  /** Bytes of the saved photo (0 for none). */
  bytes: number;
  width?: number;
  height?: number;
}

export interface JournalLimits {
  /** Entries kept per contact (0: none, undo is off). */
  depth: number;
  /** Bytes of saved photos kept in all. */
  maxBytes: number;
}

interface JournalFile {
  version: 1;
  entries: UndoEntry[];
}

const JOURNAL = "journal.json";
const ID = /^[0-9a-f-]{36}$/;

export class UndoJournal {
  /** Mutations one after another: they all rewrite the one journal file. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private entries: UndoEntry[],
    private readonly limits: () => JournalLimits,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  static async open(dir: string, limits: () => JournalLimits, log: Logger, now: () => Date = () => new Date()): Promise<UndoJournal> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const entries = await readEntries(dir, log);
    const files = new Set((await readdir(dir)).filter((name) => name.endsWith(".jpg")));
    // An entry whose photo is gone cannot be undone; a photo no entry names is left over from a crash.
    const kept = entries.filter((e) => e.before === "none" || files.has(`${e.id}.jpg`));
    const named = new Set(kept.map((e) => `${e.id}.jpg`));
    await Promise.all([...files].filter((f) => !named.has(f)).map((f) => rm(path.join(dir, f), { force: true })));
    const journal = new UndoJournal(dir, kept, limits, log, now);
    if (kept.length !== entries.length) await journal.serial(() => journal.write());
    return journal;
  }

  /** The newest entry for the contact: what the next `.pfpundo` puts back. */
  latest(userId: bigint): UndoEntry | undefined {
    const theirs = this.entries.filter((e) => e.userId === userId.toString());
    return theirs[theirs.length - 1];
  }

  count(userId: bigint): number {
    return this.entries.filter((e) => e.userId === userId.toString()).length;
  }

  /** False with undoDepth 0: nothing is kept, so nothing need be saved. */
  get enabled(): boolean {
    return this.limits().depth > 0;
  }

  /** Bytes of saved photos, in all. */
  get totalBytes(): number {
    return this.entries.reduce((sum, e) => sum + e.bytes, 0);
  }

  /** Records the state before a change, then drops what the limits no longer allow. */
  push(userId: bigint, snapshot: PhotoSnapshot): Promise<void> {
    return this.serial(async () => {
      const { depth, maxBytes } = this.limits();
      if (depth <= 0) return this.drop((e) => e.userId === userId.toString());
      const entry: UndoEntry = {
        id: randomUUID(),
        userId: userId.toString(),
        at: this.now().toISOString(),
        before: snapshot.kind,
        bytes: snapshot.kind === "photo" ? snapshot.jpeg.length : 0,
        ...(snapshot.kind === "photo" && snapshot.width && snapshot.height ? { width: snapshot.width, height: snapshot.height } : {}),
      };
      // A photo bigger than the whole budget cannot be kept: the entry would be dropped at once.
      if (entry.bytes > maxBytes) {
        this.log.warn(`undo: the personal photo of user ${userId} (${entry.bytes} bytes) is over the undo budget; not saved`);
        return this.drop((e) => e.userId === userId.toString());
      }
      if (snapshot.kind === "photo") await writeFileAtomic(this.photoPath(entry), snapshot.jpeg, { mode: 0o600 });
      this.entries.push(entry);
      await this.trim(depth, maxBytes);
    });
  }

  /** The saved photo of an entry; undefined when its file has gone. */
  async photo(entry: UndoEntry): Promise<Buffer | undefined> {
    try {
      return await readFile(this.photoPath(entry));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  /** Removes one entry (undone, or unusable) and its photo. */
  remove(entryId: string): Promise<void> {
    return this.serial(() => this.drop((e) => e.id === entryId));
  }

  /** Forgets a contact's history (their state before the last change could not be saved: older states would skip it). */
  clear(userId: bigint): Promise<void> {
    return this.serial(() => this.drop((e) => e.userId === userId.toString()));
  }

  /** Resolves once every change issued so far is on disk. */
  flush(): Promise<void> {
    return this.serial(async () => undefined);
  }

  private async trim(depth: number, maxBytes: number): Promise<void> {
    const perUser = new Map<string, number>();
    const keep = new Set<UndoEntry>();
    // Newest first: each contact keeps its `depth` newest entries.
    for (const entry of [...this.entries].reverse()) {
      const seen = perUser.get(entry.userId) ?? 0;
      if (seen < depth) keep.add(entry);
      perUser.set(entry.userId, seen + 1);
    }
    let total = [...keep].reduce((sum, e) => sum + e.bytes, 0);
    // Then the oldest photos go, whoever they belong to, until the rest fits.
    for (const entry of this.entries) {
      if (total <= maxBytes) break;
      if (keep.has(entry) && entry.bytes > 0) {
        keep.delete(entry);
        total -= entry.bytes;
      }
    }
    await this.drop((e) => !keep.has(e));
  }

  /** The journal first, then the photos: a crash in between leaves only unnamed files, removed at the next open. */
  private async drop(doomed: (entry: UndoEntry) => boolean): Promise<void> {
    const gone = this.entries.filter(doomed);
    this.entries = this.entries.filter((e) => !doomed(e));
    await this.write();
    await Promise.all(gone.filter((e) => e.before === "photo").map((e) => rm(this.photoPath(e), { force: true })));
  }

  private write(): Promise<void> {
    const file: JournalFile = { version: 1, entries: this.entries };
    return writeFileAtomic(path.join(this.dir, JOURNAL), `${JSON.stringify(file, null, 1)}\n`, { mode: 0o600 });
  }

  private photoPath(entry: UndoEntry): string {
    return path.join(this.dir, `${entry.id}.jpg`);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function readEntries(dir: string, log: Logger): Promise<UndoEntry[]> {
  let text: string;
  try {
    text = await readFile(path.join(dir, JOURNAL), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<JournalFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) throw new Error("not an undo journal");
    return parsed.entries.filter(isEntry);
  } catch (err) {
    // Written atomically, so this is someone's hand edit: start afresh rather than refuse to change photos.
    log.warn(`undo: ${JOURNAL} could not be read (${(err as Error).message}); starting with no undo history`);
    return [];
  }
}

function isEntry(value: unknown): value is UndoEntry {
  const e = value as Partial<UndoEntry> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.id === "string" &&
    ID.test(e.id) &&
    typeof e.userId === "string" &&
    /^\d+$/.test(e.userId) &&
    typeof e.at === "string" &&
    (e.before === "photo" || e.before === "none") &&
    typeof e.bytes === "number"
  );
}
