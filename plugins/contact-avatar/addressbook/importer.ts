/**
 * One import from start to end, shared by `.pfpimport` and the scheduled
 * CardDAV sync: read the address book, plan against the contact list, and
 * (with apply) run the plan as a job through the account's change queue.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { formatBytes, UserError, type KeyValueStore, type Logger } from "contact-userbot/sdk";
import type { ChangeQueue } from "../rotation/changeQueue";
import { AddressBookError } from "./errors";
import { gatherCards } from "./gather";
import { ImportRecords } from "./importState";
import { createJob, runJob, type ImportJob, type JobItem } from "./importJob";
import { fetchCardDavCards, cardDavStream, type CardDavAccount } from "./carddav";
import { preparePhoto, type PhotoLimits } from "./photo";
import { formatPlan, planImport, type ImportContact, type ImportFlags, type ImportPlan } from "./plan";
import type { PhoneNormaliser } from "./phones";

export type BookSource = { kind: "file"; path: string } | { kind: "carddav"; account: CardDavAccount; timeoutMs: number };

export interface ImporterDeps {
  store: KeyValueStore;
  dataDir: string;
  log: Logger;
  queue: () => ChangeQueue;
  normalise: () => PhoneNormaliser;
  photoLimits: () => PhotoLimits;
  maxFileBytes: () => number;
  listContacts(): Promise<ImportContact[]>;
  setPhoto(item: JobItem, jpeg: Buffer): Promise<string | undefined>;
  explain(err: unknown, name: string): string;
  progress: (job: ImportJob, text: string) => Promise<void>;
}

export interface ImportRequest extends ImportFlags {
  source: BookSource;
  apply: boolean;
  /** Where progress goes during --apply (also kept in the job, for a resumed run). */
  progress?: (text: string) => Promise<void>;
  chatId?: string;
  messageId?: number;
  signal?: AbortSignal;
}

export interface ImportOutcome {
  plan: ImportPlan;
  text: string;
}

export class Importer {
  constructor(private readonly deps: ImporterDeps) {}

  async plan(request: ImportRequest): Promise<ImportPlan> {
    const contacts = await this.deps.listContacts();
    const normalise = this.deps.normalise();
    const book = await gatherCards(await this.open(request.source, request.signal), contacts, normalise);
    const records = new ImportRecords(this.deps.store);
    const limits = this.deps.photoLimits();
    return planImport({
      cards: book.cards,
      problems: book.problems,
      allNames: book.allNames,
      contacts,
      normalise,
      flags: request,
      recordOf: (id) => records.get(id),
      photoOf: async (card) => {
        const result = await preparePhoto(card.photo!, limits, request.signal);
        return result.ok ? { ok: true, image: result.image, photoHash: result.sourceHash } : result;
      },
    });
  }

  /** The dry run's text, or the applied job's closing text. */
  async run(request: ImportRequest): Promise<ImportOutcome> {
    const plan = await this.plan(request);
    const head = formatPlan(plan, { apply: request.apply });
    if (!request.apply || plan.changes.length === 0) return { plan, text: head };
    const job = await createJob(this.deps, plan.changes, { chatId: request.chatId, messageId: request.messageId, head });
    return { plan, text: await this.resume(job, request.progress) };
  }

  resume(job: ImportJob, progress?: (text: string) => Promise<void>): Promise<string> {
    return runJob(job, { ...this.deps, queue: this.deps.queue(), progress: progress ? (_job, text) => progress(text) : this.deps.progress });
  }

  private async open(source: BookSource, signal?: AbortSignal): Promise<AsyncIterable<Buffer | string>> {
    if (source.kind === "carddav") {
      return cardDavStream(fetchCardDavCards(source.account, { timeoutMs: source.timeoutMs, signal }));
    }
    const max = this.deps.maxFileBytes();
    const stats = await stat(source.path).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`Cannot read ${source.path}: ${err.code === "ENOENT" ? "no such file" : err.code === "EACCES" ? "permission denied" : err.message}`);
    });
    if (stats.isDirectory()) throw new UserError(`Cannot read ${source.path}: it is a folder`);
    if (stats.size > max) {
      throw new AddressBookError(
        `The address book is ${formatBytes(stats.size)}, more than the ${formatBytes(max)} limit (setting importMaxMB); nothing was changed`,
      );
    }
    return createReadStream(source.path, { highWaterMark: 256 * 1024 });
  }
}
