import { ChatCommandContext, PROGRESS_INTERVAL_MS, fitMessage, MAX_MESSAGE_LENGTH } from "../../src/commands/context";
import { FloodWaitError, TelegramApiError } from "../../src/core/errors";
import { SelfSentTracker } from "../../src/commands/selfSent";
import { createLogger } from "../../src/log/logger";
import { MemoryStore } from "../../src/storage/memoryStore";
import type { ChatRef, Message } from "../../src/telegram/model";
import type { Telegram } from "../../src/telegram/types";
import { ownedMessage, userPeer } from "../fixtures/owned";

type Call =
  | { method: "sendMessage"; peer: ChatRef; message: string; replyTo?: number }
  | { method: "editMessage"; peer: ChatRef; message: number; text: string }
  | { method: "getMessages"; peer: ChatRef; ids: number[] };

/**
 * A Telegram that only sends, edits and fetches messages, recording each
 * call: the context's rules (order of writes, throttling, fallbacks) are
 * checked here call by call; the real path is in the host's integration tests.
 */
class FakeTelegram {
  readonly calls: Call[] = [];
  nextId = 500;
  /** When set, the next edit waits for this promise (to hold a write in flight). */
  editGate: Promise<void> | undefined;
  failEdits = false;
  /** When set, edits throw this (a typed error, as the service would). */
  editError: Error | undefined;
  readonly stored = new Map<number, Message>();

  readonly messages = {
    send: async (peer: ChatRef, text: string, opts: { replyTo?: number } = {}): Promise<Message> => {
      this.calls.push({ method: "sendMessage", peer, message: text, replyTo: opts.replyTo });
      await Promise.resolve();
      return ownedMessage({ id: this.nextId++, text, out: true });
    },
    edit: async (peer: ChatRef, id: number, text: string): Promise<Message> => {
      this.calls.push({ method: "editMessage", peer, message: id, text });
      const gate = this.editGate;
      this.editGate = undefined;
      if (gate) await gate;
      if (this.failEdits) throw new Error("MESSAGE_ID_INVALID");
      if (this.editError) throw this.editError;
      return ownedMessage({ id, text });
    },
    replied: async (message: Message): Promise<Message | undefined> => {
      const id = message.replyToId;
      if (id === undefined) return undefined;
      this.calls.push({ method: "getMessages", peer: message.chat, ids: [id] });
      return this.stored.get(id);
    },
  };

  /** What the chat shows: the texts written, in the order Telegram received them. */
  texts(): string[] {
    return this.calls.flatMap((c) => (c.method === "sendMessage" ? [c.message] : c.method === "editMessage" ? [c.text] : []));
  }
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const CHAT = userPeer(42);

let telegram: FakeTelegram;
let clock: number;
let logLines: string[];
let selfSent: SelfSentTracker;
/** The injected sleep: records each wait and returns at once. */
let sleeps: { waits: number[]; onSleep?: () => void };

beforeEach(() => {
  telegram = new FakeTelegram();
  clock = 1_000_000;
  logLines = [];
  selfSent = new SelfSentTracker();
  sleeps = { waits: [] };
});

function context(opts: { fromSudo: boolean; text?: string; replyTo?: number }): ChatCommandContext {
  const message = ownedMessage({
    id: 77,
    chat: CHAT,
    text: opts.text ?? ".setpfp @alice",
    out: !opts.fromSudo,
    ...(opts.replyTo ? { replyToId: opts.replyTo } : {}),
  });
  return new ChatCommandContext({
    command: "setpfp",
    args: { positional: [], options: {}, raw: "" },
    message,
    chatId: 42n,
    fromSudo: opts.fromSudo,
    telegram: telegram as unknown as Telegram,
    store: new MemoryStore(),
    config: {},
    log: createLogger({ level: "debug", write: (line) => logLines.push(line) }),
    signal: new AbortController().signal,
    selfSent,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.waits.push(ms);
      sleeps.onSleep?.();
    },
  });
}

describe("ChatCommandContext for the owner", () => {
  it("should edit the command message with the answer", async () => {
    const ctx = context({ fromSudo: false });
    expect(ctx.hasAnswered).toBe(false);
    await ctx.answer("Photo set for Alice.");
    expect(telegram.calls).toEqual([{ method: "editMessage", peer: CHAT, message: 77, text: "Photo set for Alice." }]);
    expect(ctx.hasAnswered).toBe(true);
  });

  it("should edit for progress, then for the answer even within the throttle interval", async () => {
    const ctx = context({ fromSudo: false });
    await ctx.progress("Downloading…");
    clock += 10;
    await ctx.answer("Done.");
    expect(telegram.calls.map((c) => c.method)).toEqual(["editMessage", "editMessage"]);
    expect(telegram.texts()).toEqual(["Downloading…", "Done."]);
  });

  it("should send at most one progress edit per interval", async () => {
    const ctx = context({ fromSudo: false });
    await ctx.progress("1%");
    clock += 500;
    await ctx.progress("2%");
    clock += PROGRESS_INTERVAL_MS - 501;
    await ctx.progress("3%");
    clock += 1;
    await ctx.progress("4%");
    clock += 100;
    await ctx.progress("5%");
    clock += PROGRESS_INTERVAL_MS;
    await ctx.progress("6%");
    expect(telegram.texts()).toEqual(["1%", "4%", "6%"]);
  });

  it("should not send the same text twice", async () => {
    const ctx = context({ fromSudo: false });
    await ctx.progress("Working…");
    clock += PROGRESS_INTERVAL_MS;
    await ctx.progress("Working…");
    await ctx.answer("Working…");
    expect(telegram.texts()).toEqual(["Working…"]);
  });

  it("should not edit when the answer repeats the command's own text", async () => {
    const ctx = context({ fromSudo: false, text: ".echo hi" });
    await ctx.answer(".echo hi ");
    expect(telegram.calls).toEqual([]);
  });

  it("should ignore progress after the answer", async () => {
    const ctx = context({ fromSudo: false });
    await ctx.answer("Done.");
    clock += 10 * PROGRESS_INTERVAL_MS;
    await ctx.progress("Uploading 90%");
    expect(telegram.texts()).toEqual(["Done."]);
  });

  it("should show an empty answer as (empty)", async () => {
    const ctx = context({ fromSudo: false });
    await ctx.answer("  \n ");
    expect(telegram.texts()).toEqual(["(empty)"]);
  });

  it("should keep the answer last when a progress edit is still in flight", async () => {
    const ctx = context({ fromSudo: false });
    let release!: () => void;
    telegram.editGate = new Promise<void>((resolve) => (release = resolve));
    const progress = ctx.progress("Uploading 90%"); // not awaited, as upload callbacks do
    await settle();
    expect(telegram.texts()).toEqual(["Uploading 90%"]); // in flight
    const answer = ctx.answer("Done.");
    await settle();
    // the answer waits for the progress edit instead of racing it
    expect(telegram.texts()).toEqual(["Uploading 90%"]);
    release();
    await Promise.all([progress, answer]);
    expect(telegram.texts()).toEqual(["Uploading 90%", "Done."]);
  });

  it("should drop a progress update still queued when the answer comes", async () => {
    const ctx = context({ fromSudo: false });
    let release!: () => void;
    telegram.editGate = new Promise<void>((resolve) => (release = resolve));
    const first = ctx.progress("Downloading…");
    await settle();
    clock += PROGRESS_INTERVAL_MS;
    const second = ctx.progress("Uploading…");
    const answer = ctx.answer("Done.");
    release();
    await Promise.all([first, second, answer]);
    expect(telegram.texts()).toEqual(["Downloading…", "Done."]);
  });

  it("should never reject from progress: a failed edit is logged", async () => {
    const ctx = context({ fromSudo: false });
    telegram.failEdits = true;
    await expect(ctx.progress("Working…")).resolves.toBeUndefined();
    expect(logLines.some((l) => l.includes("progress update failed") && l.includes("MESSAGE_ID_INVALID"))).toBe(true);
  });

  it("should never reject from answer: a failed edit sends the answer as a new message, and the log says so", async () => {
    const ctx = context({ fromSudo: false });
    telegram.failEdits = true;
    await expect(ctx.answer("Done.")).resolves.toBeUndefined();
    expect(telegram.calls.at(-1)).toEqual({ method: "sendMessage", peer: CHAT, message: "Done.", replyTo: 77 });
    expect(logLines.some((l) => l.includes("could not edit the answer (MESSAGE_ID_INVALID); sent it as a new message"))).toBe(true);
  });

  // Issue 10, failure 1: the answer edit's flood wait was taken for the command's outcome.
  it("should wait out a short flood wait on the answer edit and edit again", async () => {
    const ctx = context({ fromSudo: false });
    telegram.editError = new FloodWaitError(5, "messages.editMessage");
    sleeps.onSleep = () => (telegram.editError = undefined);
    await ctx.answer("Photo suggested to Alice.");
    expect(sleeps.waits).toEqual([5500]);
    expect(telegram.texts()).toEqual(["Photo suggested to Alice.", "Photo suggested to Alice."]);
    expect(telegram.calls.map((c) => c.method)).toEqual(["editMessage", "editMessage"]);
    expect(logLines.some((l) => l.includes("the answer was shown after the flood wait"))).toBe(true);
  });

  it("should send the answer as a new reply at once when the flood wait is long", async () => {
    const ctx = context({ fromSudo: false });
    telegram.editError = new FloodWaitError(3600, "messages.editMessage");
    await ctx.answer("Photo suggested to Alice.");
    expect(sleeps.waits).toEqual([]);
    expect(telegram.calls.at(-1)).toEqual({ method: "sendMessage", peer: CHAT, message: "Photo suggested to Alice.", replyTo: 77 });
    expect(logLines.some((l) => l.includes("Telegram asks to wait 3600 s") && l.includes("sent it as a new message"))).toBe(true);
  });

  it("should send the answer without a reply when the command message was deleted", async () => {
    const ctx = context({ fromSudo: false });
    telegram.editError = new TelegramApiError("MESSAGE_ID_INVALID", 400, "messages.editMessage");
    await ctx.answer("Personal photo set for Alice.");
    expect(telegram.calls.at(-1)).toEqual({ method: "sendMessage", peer: CHAT, message: "Personal photo set for Alice.", replyTo: undefined });
  });
});

describe("ChatCommandContext for a sudo user", () => {
  it("should reply to the command with the first output and edit that reply afterwards", async () => {
    const ctx = context({ fromSudo: true });
    await ctx.progress("Downloading…");
    clock += PROGRESS_INTERVAL_MS;
    await ctx.progress("Uploading…");
    await ctx.answer("Done.");
    expect(telegram.calls).toEqual([
      { method: "sendMessage", peer: CHAT, message: "Downloading…", replyTo: 77 },
      { method: "editMessage", peer: CHAT, message: 500, text: "Uploading…" },
      { method: "editMessage", peer: CHAT, message: 500, text: "Done." },
    ]);
  });

  it("should answer with a single reply when there was no progress", async () => {
    const ctx = context({ fromSudo: true });
    await ctx.answer("Done.");
    expect(telegram.calls).toEqual([{ method: "sendMessage", peer: CHAT, message: "Done.", replyTo: 77 }]);
  });

  it("should send one reply, not two, when the answer follows an unawaited progress", async () => {
    const ctx = context({ fromSudo: true });
    void ctx.progress("Downloading…");
    await ctx.answer("Done.");
    // the progress had not gone out yet, so the answer took its place
    expect(telegram.calls).toEqual([{ method: "sendMessage", peer: CHAT, message: "Done.", replyTo: 77 }]);
  });

  it("should edit the reply, not send a second one, when the answer comes while the first reply is being sent", async () => {
    const ctx = context({ fromSudo: true });
    const progress = ctx.progress("Downloading…");
    await Promise.resolve(); // the send has started but not finished
    await Promise.resolve();
    await Promise.all([progress, ctx.answer("Done.")]);
    expect(telegram.calls.map((c) => c.method)).toEqual(["sendMessage", "editMessage"]);
    expect(telegram.texts()).toEqual(["Downloading…", "Done."]);
  });

  it("should send even when the answer equals the command's text (a sudo message cannot be edited)", async () => {
    const ctx = context({ fromSudo: true, text: "hi" });
    await ctx.answer("hi");
    expect(telegram.texts()).toEqual(["hi"]);
  });

  it("should mark its reply as the userbot's own, so it is not taken as a command", async () => {
    const ctx = context({ fromSudo: true });
    await ctx.answer(".ping");
    expect(selfSent.isOwn(42n, 500, "anything")).toBe(true);
    expect(selfSent.isOwn(42n, 501, "anything")).toBe(false);
  });
});

describe("ChatCommandContext.replied", () => {
  it("should fetch the replied message once", async () => {
    const replied = ownedMessage({ id: 70, chat: CHAT, text: "the photo" });
    telegram.stored.set(70, replied);
    const ctx = context({ fromSudo: false, replyTo: 70 });
    expect(await ctx.replied()).toBe(replied);
    expect(await ctx.replied()).toBe(replied);
    expect(telegram.calls).toEqual([{ method: "getMessages", peer: CHAT, ids: [70] }]);
  });

  it("should give undefined without asking Telegram when the command replies to nothing", async () => {
    const ctx = context({ fromSudo: false });
    expect(await ctx.replied()).toBeUndefined();
    expect(telegram.calls).toEqual([]);
  });

  it("should give undefined when the replied message is gone", async () => {
    const ctx = context({ fromSudo: false, replyTo: 71 });
    expect(await ctx.replied()).toBeUndefined();
  });
});

describe("fitMessage", () => {
  it("should leave a text that fits alone", () => {
    expect(fitMessage("short")).toBe("short");
    expect(fitMessage("x".repeat(MAX_MESSAGE_LENGTH))).toHaveLength(MAX_MESSAGE_LENGTH);
  });

  it("should cut a long text at a line end within Telegram's limit and say so", () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${"-".repeat(10)}`).join("\n");
    const fitted = fitMessage(text);
    expect(fitted.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(fitted.endsWith("\n… (cut: too long for one message)")).toBe(true);
    expect(fitted.split("\n").at(-2)).toMatch(/^line \d+ -{10}$/);
  });
});
