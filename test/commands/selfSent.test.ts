import { SelfSentTracker } from "../../src/commands/selfSent";

/** A send the test finishes by hand, like a sendMessage whose update arrives first. */
function pendingSend(id: number) {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<{ id: number }>((resolve, reject) => {
    finish = () => resolve({ id });
    fail = reject;
  });
  return { send: () => promise, finish, fail };
}

describe("SelfSentTracker", () => {
  it("should know a message by chat and text while it is being sent", async () => {
    const tracker = new SelfSentTracker();
    const pending = pendingSend(10);
    const tracked = tracker.track(1n, ".ping", pending.send);
    expect(tracker.isOwn(1n, 10, ".ping")).toBe(true);
    expect(tracker.isOwn(2n, 10, ".ping")).toBe(false); // another chat
    expect(tracker.isOwn(1n, 11, ".help")).toBe(false); // other text
    pending.finish();
    await tracked;
  });

  it("should know a sent message by its id afterwards, whatever its text now says", async () => {
    const tracker = new SelfSentTracker();
    const sent = await tracker.track(1n, ".ping", async () => ({ id: 10 }));
    expect(sent).toEqual({ id: 10 });
    expect(tracker.isOwn(1n, 10, "edited text")).toBe(true);
    // by text only while sending: the same text later from someone else is a real command
    expect(tracker.isOwn(1n, 99, ".ping")).toBe(false);
    expect(tracker.isOwn(2n, 10, ".ping")).toBe(false);
  });

  it("should keep the text marked until the last of two identical sends finishes", async () => {
    const tracker = new SelfSentTracker();
    const a = pendingSend(10);
    const b = pendingSend(11);
    const first = tracker.track(1n, "same", a.send);
    const second = tracker.track(1n, "same", b.send);
    a.finish();
    await first;
    expect(tracker.isOwn(1n, 50, "same")).toBe(true);
    b.finish();
    await second;
    expect(tracker.isOwn(1n, 50, "same")).toBe(false);
  });

  it("should forget the text when the send fails, and pass the failure on", async () => {
    const tracker = new SelfSentTracker();
    const pending = pendingSend(10);
    const tracked = tracker.track(1n, ".ping", pending.send);
    pending.fail(new Error("CHAT_WRITE_FORBIDDEN"));
    await expect(tracked).rejects.toThrow("CHAT_WRITE_FORBIDDEN");
    expect(tracker.isOwn(1n, 10, ".ping")).toBe(false);
  });

  it("should remember ids given directly", () => {
    const tracker = new SelfSentTracker();
    tracker.remember(-100123n, 5);
    expect(tracker.isOwn(-100123n, 5, "")).toBe(true);
    expect(tracker.isOwn(100123n, 5, "")).toBe(false);
  });

  it("should keep only the most recent 1000 ids", () => {
    const tracker = new SelfSentTracker();
    for (let id = 1; id <= 1001; id++) tracker.remember(1n, id);
    expect(tracker.isOwn(1n, 1, "")).toBe(false);
    expect(tracker.isOwn(1n, 2, "")).toBe(true);
    expect(tracker.isOwn(1n, 1001, "")).toBe(true);
  });
});
