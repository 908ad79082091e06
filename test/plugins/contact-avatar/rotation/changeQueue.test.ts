import { FloodWaitError } from "../../../../src/core/errors";
import { createLogger } from "../../../../src/log/logger";
import { ChangeDroppedError, ChangeQueue, FLOOD_MARGIN_MS, QueueStoppedError, type Sleep } from "../../../../plugins/contact-avatar/rotation/changeQueue";

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

  it("should tell of a change's flood waits once, however many retries meet one, and keep the wait visible meanwhile", async () => {
    const time = fakeTime();
    const noticed: string[] = [];
    const queue = new ChangeQueue({
      spacingMs: 0,
      log,
      sleep: time.sleep,
      now: time.now,
      onFloodWait: (wait) => noticed.push(`${wait.label} ${wait.seconds}`),
    });
    const seen: (number | undefined)[] = [];
    let refusals = 3;
    const waits: number[] = [];
    const change = queue.enqueue(
      "a",
      async () => {
        seen.push(queue.currentWait?.seconds);
        if (refusals-- > 0) throw new FloodWaitError(3600, "photos.uploadContactProfilePhoto");
        return "done";
      },
      { key: "1", onWait: (wait) => waits.push(wait.seconds) },
    );
    await expect(change).resolves.toBe("done");
    expect(noticed).toEqual(["a 3600"]);
    expect(waits).toEqual([3600, 3600, 3600]);
    expect(seen).toEqual([undefined, undefined, undefined, undefined]);
    expect(queue.currentWait).toBeUndefined();
  });

  it("should drop a change waiting out a flood wait, and the queued ones with its key, but not others", async () => {
    const queue = new ChangeQueue({
      spacingMs: 0,
      log,
      sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const first = queue.enqueue(
      "a",
      async () => {
        throw new FloodWaitError(60);
      },
      { key: "1" },
    );
    const again = queue.enqueue("a again", async () => "again", { key: "1" });
    const other = queue.enqueue("b", async () => "b", { key: "2" });
    while (!queue.currentWait) await new Promise((r) => setImmediate(r));
    expect(queue.drop("1")).toEqual({ dropped: 2, inFlight: false });
    await expect(first).rejects.toBeInstanceOf(ChangeDroppedError);
    await expect(again).rejects.toBeInstanceOf(ChangeDroppedError);
    await expect(other).resolves.toBe("b");
  });

  it("should abort the running change's signal when stopped", async () => {
    const queue = new ChangeQueue({ spacingMs: 0, log });
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const change = queue.enqueue("hung", (signal) => {
      started();
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("cancelled"))));
    });
    await running;
    queue.stop();
    await expect(change).rejects.toBeInstanceOf(QueueStoppedError);
    await queue.idle();
  });
});
