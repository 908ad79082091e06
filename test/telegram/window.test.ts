import { runWindow } from "../../src/telegram/transfer/window";

/** A part that finishes when the test says so. */
function controllable() {
  const parts = new Map<number, { resolve(v: string): void; reject(e: Error): void; signal: AbortSignal }>();
  const run = (index: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      parts.set(index, { resolve, reject, signal });
    });
  return { parts, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("runWindow", () => {
  it("should keep at most inFlight parts running and take results in part order", async () => {
    const { parts, run } = controllable();
    const taken: string[] = [];
    const done = runWindow({ count: 5, inFlight: 2, run, take: (_i, v) => void taken.push(v) });
    await tick();
    expect([...parts.keys()]).toEqual([0, 1]);
    parts.get(1)!.resolve("b");
    await tick();
    // Part 1 finished first, but nothing is taken before part 0, and no third part starts yet.
    expect(taken).toEqual([]);
    expect([...parts.keys()]).toEqual([0, 1]);
    parts.get(0)!.resolve("a");
    await tick();
    expect(taken).toEqual(["a", "b"]);
    expect([...parts.keys()]).toEqual([0, 1, 2, 3]);
    for (const i of [3, 2]) parts.get(i)!.resolve(String.fromCharCode(97 + i));
    await tick();
    parts.get(4)!.resolve("e");
    await expect(done).resolves.toBe(5);
    expect(taken).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("should stop at the part that says it is the last when the count is unknown", async () => {
    const taken: number[] = [];
    const count = await runWindow({ inFlight: 3, run: async (i) => i, take: (i) => (taken.push(i), i === 4) });
    expect(count).toBe(5);
    expect(taken).toEqual([0, 1, 2, 3, 4]);
  });

  it("should reject with a part's error, abort the parts still running, and start no more", async () => {
    const { parts, run } = controllable();
    const done = runWindow({ count: 10, inFlight: 3, run, take: () => undefined });
    await tick();
    parts.get(2)!.reject(new Error("later part failed"));
    parts.get(0)!.reject(new Error("part 0 failed"));
    await expect(done).rejects.toThrow("part 0 failed");
    expect(parts.get(1)!.signal.aborted).toBe(true);
    expect(parts.size).toBe(3);
  });

  it("should reject with the caller's abort reason without waiting for running parts", async () => {
    const { parts, run } = controllable();
    const abort = new AbortController();
    const done = runWindow({ count: 4, inFlight: 2, run, take: () => undefined, signal: abort.signal });
    await tick();
    abort.abort(new Error("cancelled"));
    await expect(done).rejects.toThrow("cancelled");
    expect(parts.get(0)!.signal.aborted).toBe(true);
  });
});
