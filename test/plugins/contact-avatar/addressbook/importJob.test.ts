import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { FloodWaitError } from "../../../../src/core/errors";
import { createLogger } from "../../../../src/log/logger";
import { MemoryStore } from "../../../../src/storage/memoryStore";
import { createJob, pendingJob, runJob, type JobDeps, type JobItem } from "../../../../plugins/contact-avatar/addressbook/importJob";
import { ImportRecords } from "../../../../plugins/contact-avatar/addressbook/importState";
import type { PlannedChange } from "../../../../plugins/contact-avatar/addressbook/plan";
import { ChangeQueue } from "../../../../plugins/contact-avatar/rotation/changeQueue";

const log = createLogger({ level: "silent" });

function change(id: string): PlannedChange {
  return {
    contact: { id, firstName: `Person${id}`, lastName: "", hasOwnPhoto: false },
    card: { index: Number(id), version: "3.0", name: `Person${id}`, phones: [], photo: undefined, key: `uid:${id}` },
    how: "phone",
    photoHash: `hash${id}`,
    image: { jpeg: Buffer.from(`jpeg${id}`), width: 800, height: 800, bytes: 5, sourceFormat: "jpeg", sourceWidth: 800, sourceHeight: 800, ms: 1 },
  };
}

describe("import jobs", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-job-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function deps(store: MemoryStore, queue: ChangeQueue, setPhoto: JobDeps["setPhoto"], progress: string[] = []): JobDeps {
    return {
      store,
      dataDir: dir,
      queue,
      log,
      setPhoto,
      explain: (err) => (err as Error).message,
      progress: async (_job, text) => void progress.push(text.split("\n").at(-1)!),
    };
  }

  it("should carry on after a restart where it stopped, changing nobody twice", async () => {
    const store = new MemoryStore();
    const job = await createJob({ store, dataDir: dir }, ["1", "2", "3", "4"].map(change), { head: "plan" });
    const set: string[] = [];
    const firstQueue = new ChangeQueue({ spacingMs: 0, log });
    // The plugin is unloaded during the second change: it finishes, the third never starts.
    const first = runJob(
      job,
      deps(store, firstQueue, async (item: JobItem, jpeg) => {
        set.push(`${item.contactId}:${jpeg.toString()}`);
        if (item.contactId === "2") firstQueue.stop();
        return `photo${item.contactId}`;
      }),
    );
    await expect(first).rejects.toThrow("The avatar change queue was stopped");
    const saved = pendingJob(store)!;
    expect(saved.done).toBe(2);

    const progress: string[] = [];
    const closing = await runJob(
      saved,
      deps(
        store,
        new ChangeQueue({ spacingMs: 0, log }),
        async (item, jpeg) => {
          set.push(`${item.contactId}:${jpeg.toString()}`);
          return `photo${item.contactId}`;
        },
        progress,
      ),
    );
    expect(set).toEqual(["1:jpeg1", "2:jpeg2", "3:jpeg3", "4:jpeg4"]);
    expect(progress).toEqual(["Importing… 2/4", "Importing… 3/4"]);
    expect(closing).toBe("plan\nImported 4 of 4 photos.");
    expect(pendingJob(store)).toBeUndefined();
    expect(new ImportRecords(store).get("4")).toMatchObject({ cardKey: "uid:4", photoHash: "hash4", photoId: "photo4" });
    expect(await readdir(path.join(dir, "addressbook-import"))).toEqual([]);
  });

  it("should wait out a flood wait and drop nothing; other failures are listed and the rest go on", async () => {
    const store = new MemoryStore();
    const job = await createJob({ store, dataDir: dir }, ["1", "2", "3"].map(change), { head: "plan" });
    const slept: number[] = [];
    const queue = new ChangeQueue({ spacingMs: 0, log, sleep: async (ms) => void slept.push(ms) });
    let floods = 0;
    const done: string[] = [];
    const closing = await runJob(
      job,
      deps(store, queue, async (item) => {
        if (item.contactId === "1" && floods++ === 0) throw new FloodWaitError(30);
        if (item.contactId === "2") throw new Error("CONTACT_MISSING");
        done.push(item.contactId);
        return undefined;
      }),
    );
    expect(slept).toEqual([30_500]);
    expect(done).toEqual(["1", "3"]);
    expect(closing).toBe("plan\nImported 2 of 3 photos.\nFailed (1):\n  Person2: CONTACT_MISSING");
  });
});
