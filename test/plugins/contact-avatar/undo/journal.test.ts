import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "../../../../src/log/logger";
import { UndoJournal, type JournalLimits } from "../../../../plugins/contact-avatar/undo/journal";

describe("UndoJournal on disk", () => {
  let dir: string;
  let lines: string[];
  const log = () => createLogger({ level: "debug", write: (line) => lines.push(line) });
  const photo = (n: number, bytes = 1000) => ({ kind: "photo" as const, jpeg: Buffer.alloc(bytes, n), width: 640, height: 640 });
  const open = (limits: Partial<JournalLimits> = {}) => UndoJournal.open(dir, () => ({ depth: 5, maxBytes: 50 * 1024 * 1024, ...limits }), log());
  const jpgFiles = async () => (await readdir(dir)).filter((f) => f.endsWith(".jpg")).sort();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "undo-journal-"));
    lines = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("should keep the newest entries per contact, newest last, and survive a reopen", async () => {
    const journal = await open({ depth: 2 });
    await journal.push(1n, { kind: "none" });
    await journal.push(1n, photo(1));
    await journal.push(1n, photo(2));
    await journal.push(2n, photo(3));
    expect(journal.count(1n)).toBe(2);
    expect((await journal.photo(journal.latest(1n)!))?.[0]).toBe(2);
    // The oldest (none) went; its neighbours' photo files are all that is left.
    expect(await jpgFiles()).toHaveLength(3);

    const again = await open({ depth: 2 });
    expect(again.count(1n)).toBe(2);
    expect(again.latest(2n)?.before).toBe("photo");
    await again.remove(again.latest(1n)!.id);
    expect((await again.photo(again.latest(1n)!))?.[0]).toBe(1);
    expect(await jpgFiles()).toHaveLength(2);
  });

  it("should drop the oldest photos, whoever they belong to, when over the size budget", async () => {
    const journal = await open({ maxBytes: 2500 });
    await journal.push(1n, photo(1));
    await journal.push(2n, photo(2));
    await journal.push(1n, { kind: "none" });
    await journal.push(2n, photo(3));
    expect(journal.totalBytes).toBe(2000);
    expect(journal.count(1n)).toBe(1);
    expect(journal.latest(1n)?.before).toBe("none");
    expect(journal.count(2n)).toBe(2);
    // A photo bigger than the whole budget is not kept, and the contact's older states go with it (they would skip a step).
    await journal.push(2n, photo(4, 3000));
    expect(journal.count(2n)).toBe(0);
    expect(lines.some((l) => l.includes("over the undo budget"))).toBe(true);
  });

  it("should keep nothing with depth 0", async () => {
    const journal = await open({ depth: 0 });
    await journal.push(1n, photo(1));
    expect(journal.count(1n)).toBe(0);
    expect(await jpgFiles()).toEqual([]);
  });

  it("should clean up after a crash: photos no entry names, entries whose photo is gone", async () => {
    const journal = await open();
    await journal.push(1n, photo(1));
    await journal.push(2n, photo(2));
    await writeFile(path.join(dir, "00000000-0000-0000-0000-000000000000.jpg"), "left over");
    await rm(path.join(dir, `${journal.latest(2n)!.id}.jpg`));
    const reopened = await open();
    expect(reopened.count(1n)).toBe(1);
    expect(reopened.count(2n)).toBe(0);
    expect(await jpgFiles()).toEqual([`${reopened.latest(1n)!.id}.jpg`]);
    const onDisk = JSON.parse(await readFile(path.join(dir, "journal.json"), "utf8")) as { entries: unknown[] };
    expect(onDisk.entries).toHaveLength(1);
  });

  it("should start afresh, with a warning, from a journal it cannot read", async () => {
    await writeFile(path.join(dir, "journal.json"), "{ not json");
    const journal = await open();
    expect(journal.count(1n)).toBe(0);
    expect(lines.some((l) => l.includes("could not be read"))).toBe(true);
    await journal.push(1n, { kind: "none" });
    expect((await open()).count(1n)).toBe(1);
  });
});
