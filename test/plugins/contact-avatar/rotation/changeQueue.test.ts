import { FloodWaitError } from "../../../../src/core/errors";
import { createLogger } from "../../../../src/log/logger";
import { ChangeQueue, FLOOD_MARGIN_MS, QueueStoppedError, type Sleep } from "../../../../plugins/contact-avatar/rotation/changeQueue";

/** A clock that only moves when the queue sleeps, and a log of what ran when. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
    now += ms;
  };
  return { now: () => now, advance: (ms: number) => (now += ms), sleep, sleeps };
}

const log = createLogger({ level: "silent" });

describe("ChangeQueue", () => {
  it("should run changes one at a time, spaced by at least the spacing", async () => {
    const time = fakeTime();
    const queue = new ChangeQueue({ spacingMs: 1000, log, sleep: time.sleep, now: time.now });
    const starts: number[] = [];
    let running = 0;
    const task = (workMs: number) => async () => {
      expect(++running).toBe(1);
      starts.push(time.now());
      await Promise.resolve();
      time.advance(workMs);
      running--;
    };
    await Promise.all([queue.enqueue("a", task(200)), queue.enqueue("b", task(50)), queue.enqueue("c", task(0))]);
    expect(starts).toEqual([0, 1200, 2250]);
    expect(queue.size).toBe(0);
  });

  it("should wait out a flood wait for the whole queue, retry the change and drop nothing", async () => {
    const time = fakeTime();
    const queue = new ChangeQueue({ spacingMs: 100, log, sleep: time.sleep, now: time.now });
    const done: string[] = [];
    let refusals = 1;
    const a = queue.enqueue("a", async () => {
      if (refusals-- > 0) throw new FloodWaitError(7, "photos.UploadContactProfilePhoto");
      done.push(`a@${time.now()}`);
      return "a done";
    });
    const b = queue.enqueue("b", async () => {
      done.push(`b@${time.now()}`);
    });
    await expect(a).resolves.toBe("a done");
    await b;
    expect(done).toEqual([`a@${7000 + FLOOD_MARGIN_MS}`, `b@${7000 + FLOOD_MARGIN_MS + 100}`]);
    expect(queue.stats).toEqual({ changes: 2, floodWaits: 1, floodWaitMs: 7000 + FLOOD_MARGIN_MS });
  });

  it("should hand other failures to the caller and go on", async () => {
    const time = fakeTime();
    const queue = new ChangeQueue({ spacingMs: 0, log, sleep: time.sleep, now: time.now });
    const failing = queue.enqueue("bad", async () => {
      throw new Error("CONTACT_MISSING");
    });
    const fine = queue.enqueue("good", async () => "ok");
    await expect(failing).rejects.toThrow("CONTACT_MISSING");
    await expect(fine).resolves.toBe("ok");
  });

  it("should reject what is still queued when stopped, and interrupt a real wait", async () => {
    const queue = new ChangeQueue({ spacingMs: 60_000, log });
    const first = queue.enqueue("first", async () => "first");
    const second = queue.enqueue("second", async () => "second");
    await expect(first).resolves.toBe("first");
    // The second is now waiting a real minute for its spacing.
    await new Promise((resolve) => setImmediate(resolve));
    queue.stop();
    await expect(second).rejects.toBeInstanceOf(QueueStoppedError);
    await queue.idle();
    await expect(queue.enqueue("late", async () => "late")).rejects.toBeInstanceOf(QueueStoppedError);
  });
});
