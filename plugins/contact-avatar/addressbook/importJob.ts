/**
 * Applying an import: each change through the account's one avatar-change
 * queue (the rotations' ChangeQueue: spacing, flood waits waited out,
 * nothing dropped), with the job saved after every change so that a restart
 * carries on where it stopped. The prepared JPEGs wait on disk, not in the
 * store, until their change is done.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { KeyValueStore, Logger } from "contact-userbot/sdk";
import type { ChangeQueue } from "../rotation/changeQueue";
import { ImportRecords } from "./importState";
import { contactName, type ImportContact, type PlannedChange } from "./plan";

export interface JobItem {
  contactId: string;
  name: string;
  cardKey: string;
  photoHash: string;
  /** The prepared JPEG, under the job's folder. */
  file: string;
  width: number;
  height: number;
}

export interface ImportJob {
  id: string;
  /** Where "Importing… 14/120" is shown (the command message), if anywhere. */
  chatId?: string;
  messageId?: number;
  head: string;
  items: JobItem[];
  done: number;
  failed: string[];
}

export interface JobDeps {
  store: KeyValueStore;
  dataDir: string;
  queue: ChangeQueue;
  log: Logger;
  /** Sets the JPEG as the contact's personal photo; resolves with Telegram's photo id. */
  setPhoto(item: JobItem, jpeg: Buffer): Promise<string | undefined>;
  /** Describes a failure in one line (Telegram's errors in words). */
  explain(err: unknown, name: string): string;
  progress(job: ImportJob, text: string): Promise<void>;
}

const JOB_KEY = "addressbook:job";

export function pendingJob(store: KeyValueStore): ImportJob | undefined {
  return store.get<ImportJob>(JOB_KEY);
}

function jobDir(dataDir: string, id: string): string {
  return path.join(dataDir, "addressbook-import", id);
}

/** Saves the plan as a job (photos to disk first, then the job): nothing is applied until it is whole. */
export async function createJob(
  deps: Pick<JobDeps, "store" | "dataDir">,
  changes: PlannedChange[],
  where: { chatId?: string; messageId?: number; head: string },
): Promise<ImportJob> {
  const id = randomUUID();
  const dir = jobDir(deps.dataDir, id);
  await mkdir(dir, { recursive: true });
  const items: JobItem[] = [];
  for (const change of changes) {
    const file = path.join(dir, `${change.contact.id}.jpg`);
    await writeFileAtomic(file, change.image.jpeg);
    items.push(itemOf(change.contact, change, file));
  }
  const job: ImportJob = { id, ...where, items, done: 0, failed: [] };
  await deps.store.set(JOB_KEY, job);
  return job;
}

function itemOf(contact: ImportContact, change: PlannedChange, file: string): JobItem {
  return {
    contactId: contact.id,
    name: contactName(contact),
    cardKey: change.card.key,
    photoHash: change.photoHash,
    file,
    width: change.image.width,
    height: change.image.height,
  };
}

/** Runs the job from where it stands to the end; returns the closing line. */
export async function runJob(job: ImportJob, deps: JobDeps): Promise<string> {
  const records = new ImportRecords(deps.store);
  const total = job.items.length;
  for (let i = job.done; i < total; i++) {
    const item = job.items[i];
    await deps.progress(job, `${job.head}\nImporting… ${i}/${total}`);
    try {
      const jpeg = await readFile(item.file);
      const photoId = await deps.queue.enqueue(`import ${item.contactId}`, () => deps.setPhoto(item, jpeg));
      await records.save(item.contactId, { cardKey: item.cardKey, photoHash: item.photoHash, photoId, at: new Date().toISOString() });
    } catch (err) {
      // A stopped queue (unload, shutdown) leaves the job as it is: the next start carries on here.
      if ((err as Error).name === "QueueStoppedError") throw err;
      job.failed.push(`${item.name}: ${deps.explain(err, item.name)}`);
      deps.log.warn(`Import: ${item.name} not changed`, { err });
    }
    job.done = i + 1;
    await deps.store.set(JOB_KEY, job);
  }
  await deps.store.delete(JOB_KEY);
  await rm(jobDir(deps.dataDir, job.id), { recursive: true, force: true });
  const changed = total - job.failed.length;
  const lines = [job.head, `Imported ${changed} of ${total} photo${total === 1 ? "" : "s"}.`];
  if (job.failed.length > 0) lines.push(`Failed (${job.failed.length}):`, ...job.failed.map((f) => `  ${f}`));
  return lines.join("\n");
}
