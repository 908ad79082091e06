import { KeyedQueue } from "../../../plugins/contact-avatar/service/keyedQueue";

/** A promise the test settles by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("KeyedQueue", () => {
  it("should run tasks of one key strictly one after another, in order", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = deferred();
    const a = queue.run("alice", async () => {
      log.push("a start");
      await first.promise;
      log.push("a end");
      return "a";
    });
    const b = queue.run("alice", async () => {
      log.push("b start");
      return "b";
    });
    await settle();
    expect(log).toEqual(["a start"]); // b waits while a is running
    first.resolve();
    expect(await a).toBe("a");
    expect(await b).toBe("b");
    expect(log).toEqual(["a start", "a end", "b start"]);
  });

  it("should run tasks of different keys at the same time", async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const started: string[] = [];
    const a = queue.run("alice", async () => {
      started.push("alice");
      await gate.promise;
    });
    const b = queue.run("bob", async () => {
      started.push("bob");
      await gate.promise;
    });
    await settle();
    expect(started).toEqual(["alice", "bob"]);
    expect(queue.busyKeys.sort()).toEqual(["alice", "bob"]);
    gate.resolve();
    await Promise.all([a, b]);
  });

  it("should let the next task run after a failure, and give each caller its own outcome", async () => {
    const queue = new KeyedQueue();
    const failing = queue.run("alice", async () => {
      throw new Error("CONTACT_MISSING");
    });
    const throwingSync = queue.run("alice", () => {
      throw new Error("thrown before any await");
    });
    const next = queue.run("alice", async () => "ok");
    await expect(failing).rejects.toThrow("CONTACT_MISSING");
    await expect(throwingSync).rejects.toThrow("thrown before any await");
    expect(await next).toBe("ok");
  });

  it("should forget a key once its work is done", async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const a = queue.run("alice", () => gate.promise);
    const b = queue.run("alice", async () => undefined);
    expect(queue.busyKeys).toEqual(["alice"]);
    gate.resolve();
    await Promise.all([a, b]);
    await settle();
    expect(queue.busyKeys).toEqual([]);
  });

  it("should keep a key busy while later work is still queued", async () => {
    const queue = new KeyedQueue();
    const first = deferred();
    const second = deferred();
    const a = queue.run("alice", () => first.promise);
    const b = queue.run("alice", () => second.promise);
    first.resolve();
    await a;
    await settle();
    expect(queue.busyKeys).toEqual(["alice"]);
    second.resolve();
    await b;
    await settle();
    expect(queue.busyKeys).toEqual([]);
  });
});
