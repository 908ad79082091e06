/**
 * The request pipeline (src/telegram/pipeline.ts) as the userbot uses it: a
 * real TelegramService (GramJS) against the local Telegram server, faults
 * injected on the server, and a ManualClock so an hour-long flood wait or a
 * request timeout passes when the test says so.
 */
import { Api } from "telegram";
import type { MethodName } from "../../local-telegram/protocol/callLog";
import { CancelledError, FloodWaitError, RequestTimeoutError, TelegramApiError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { ManualClock } from "../../src/telegram/manualClock";
import type { LateOutcome, PendingWait } from "../../src/telegram/pipeline";
import { TelegramService } from "../../src/telegram/service";
import type { MethodHandler } from "../../local-telegram/protocol/rpc";
import type { MethodTable } from "../../local-telegram/protocol/dispatch";
import { TestDc } from "../../local-telegram/server";

const CAP_SECONDS = 60;

describe("request pipeline against the local Telegram server", () => {
  let dc: TestDc;
  let clock: ManualClock;
  let telegram: TelegramService;
  let late: { method: string; outcome: LateOutcome }[];

  beforeEach(async () => {
    dc = await TestDc.start({ logLevel: "silent" });
    clock = new ManualClock();
    telegram = new TelegramService({
      apiId: 1,
      apiHash: "0123456789abcdef0123456789abcdef",
      session: dc.sessionString(),
      dc: { host: dc.host, port: dc.port, dcId: dc.dcId },
      transport: "full",
      floodSleepThreshold: CAP_SECONDS,
      floodWaitRetries: 2,
      connectionRetries: 1,
      autoReconnect: false,
      requestTimeoutMs: 10_000,
      transferTimeoutMs: 60_000,
      clock,
      log: createLogger({ level: "silent" }),
    });
    await telegram.connect();
    late = [];
    telegram.pipeline.onLateOutcome((method, outcome) => late.push({ method, outcome }));
  });

  afterEach(async () => {
    await telegram.close();
    await dc.stop();
  });

  const getSelf = (opts?: { signal?: AbortSignal; timeoutMs?: number }) => telegram.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), opts);
  const outcomes = (method: MethodName, since: number) =>
    dc.calls
      .of(method)
      .filter((c) => c.index >= since)
      .map((c) => c.error ?? c.result);
  const nextWait = () =>
    new Promise<PendingWait>((resolve) => {
      const stop = telegram.pipeline.onWait((wait) => {
        stop();
        resolve(wait);
      });
    });

  it("should wait out a flood wait within the cap on the injected clock, then retry", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [420, "FLOOD_WAIT_30"] } });
    const waiting = nextWait();
    const result = getSelf();
    const wait = await waiting;
    expect(wait).toEqual({ method: "users.getUsers", until: new Date(clock.now() + 30_000), seconds: 30, waiting: true });
    expect(telegram.pipeline.pendingWaits()).toEqual([wait]);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_30"]);

    clock.advance(29_000);
    await new Promise((r) => setImmediate(r));
    expect(dc.calls.of("users.GetUsers").filter((c) => c.index >= since)).toHaveLength(1);
    clock.advance(1_000);
    await expect(result).resolves.toHaveLength(1);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_30", "Vector"]);
    expect(telegram.pipeline.pendingWaits()).toEqual([]);
  });

  it("should route GramJS's helpers through the same policy (sendMessage waits out its flood wait)", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "messages.SendMessage", action: { rpcError: [420, "FLOOD_WAIT_5"] } });
    const waiting = nextWait();
    const sent = telegram.messages.send("me", "hello");
    expect((await waiting).method).toBe("messages.sendMessage");
    clock.advance(5_000);
    await expect(sent).resolves.toMatchObject({ text: "hello", out: true });
    expect(outcomes("messages.SendMessage", since)).toEqual(["420 FLOOD_WAIT_5", "UpdateShortSentMessage"]);
  });

  it("should turn a wait over the cap into a FloodWaitError with the wait, and send nothing more until it ends", async () => {
    const since = dc.calls.length;
    const noticed: PendingWait[] = [];
    telegram.pipeline.onFloodWait((wait) => noticed.push(wait));
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [420, "FLOOD_WAIT_3600"] } });
    const start = clock.now();
    const first = (await getSelf().catch((e: unknown) => e)) as FloodWaitError;
    expect(first).toBeInstanceOf(FloodWaitError);
    expect([first.seconds, first.method, first.until]).toEqual([3600, "users.getUsers", new Date(start + 3_600_000)]);
    expect(noticed).toEqual([{ method: "users.getUsers", until: new Date(start + 3_600_000), seconds: 3600, waiting: false }]);
    expect(telegram.pipeline.pendingWaits()).toEqual(noticed);

    // Ten minutes on, the same method is refused with what is left, without asking Telegram.
    clock.advance(600_000);
    const second = (await getSelf().catch((e: unknown) => e)) as FloodWaitError;
    expect(second).toBeInstanceOf(FloodWaitError);
    expect([second.seconds, second.until]).toEqual([3000, new Date(start + 3_600_000)]);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_3600"]);

    // Other methods are not held up; after the hour the method goes out again.
    await expect(telegram.invoke(new Api.updates.GetState())).resolves.toBeInstanceOf(Api.updates.State);
    clock.advance(3_000_000);
    await expect(getSelf()).resolves.toHaveLength(1);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_3600", "Vector"]);
  });

  it("should make the next call of a method wait out the remainder instead of hitting Telegram again", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [420, "FLOOD_WAIT_20"] } });
    const firstWait = nextWait();
    const first = getSelf();
    await firstWait;
    clock.advance(5_000);
    const secondWait = nextWait();
    const second = getSelf();
    const wait = await secondWait;
    expect(wait.until).toEqual(new Date(clock.now() + 15_000));
    await new Promise((r) => setImmediate(r));
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_20"]);
    clock.advance(15_000);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_20", "Vector", "Vector"]);
  });

  it("should stop after floodWaitRetries waits within one call, with a FloodWaitError", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", times: 3, action: { rpcError: [420, "FLOOD_WAIT_2"] } });
    telegram.pipeline.onWait(() => setImmediate(() => clock.advance(2_000)));
    const error = await getSelf().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloodWaitError);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_2", "420 FLOOD_WAIT_2", "420 FLOOD_WAIT_2"]);
  });

  it("should retry Telegram's 500 once, after a pause on the clock, and succeed", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [500, "INTERNAL_SERVER_ERROR"] } });
    const retrying = new Promise<number>((resolve) => telegram.pipeline.onRetry((_method, _err, pauseMs) => resolve(pauseMs)));
    const result = getSelf();
    clock.advance(await retrying);
    await expect(result).resolves.toHaveLength(1);
    expect(outcomes("users.GetUsers", since)).toEqual(["500 INTERNAL_SERVER_ERROR", "Vector"]);
  });

  it("should give up on a second 500 with a TelegramApiError", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", times: 2, action: { rpcError: [500, "INTERNAL_SERVER_ERROR"] } });
    telegram.pipeline.onRetry((_method, _err, pauseMs) => setImmediate(() => clock.advance(pauseMs)));
    const error = await getSelf().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as TelegramApiError).errorMessage).toBe("INTERNAL_SERVER_ERROR");
    expect(outcomes("users.GetUsers", since)).toEqual(["500 INTERNAL_SERVER_ERROR", "500 INTERNAL_SERVER_ERROR"]);
  });

  it("should reject a call cancelled mid-request at once, and one cancelled before it starts without sending it", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", action: { noAnswer: true } });
    const controller = new AbortController();
    const result = getSelf({ signal: controller.signal });
    await dc.waitForCall("users.GetUsers", { since });
    controller.abort();
    await expect(result).rejects.toBeInstanceOf(CancelledError);

    await expect(getSelf({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(outcomes("users.GetUsers", since)).toEqual(["no answer (fault)"]);
  });

  it("should withdraw a request cancelled while still in GramJS's send queue: it never reaches Telegram", async () => {
    const since = dc.calls.length;
    const controller = new AbortController();
    // Cancel the moment the request is queued, before GramJS's send loop takes it.
    const sender = (telegram.client as unknown as { _sender: { addStateToQueue(state: unknown): void } })._sender;
    const queue = sender.addStateToQueue.bind(sender);
    sender.addStateToQueue = (state) => {
      queue(state);
      sender.addStateToQueue = queue;
      controller.abort();
    };
    await expect(getSelf({ signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    // A later request on the same connection: had the first gone out, it would have arrived before this one.
    await expect(telegram.invoke(new Api.updates.GetState())).resolves.toBeInstanceOf(Api.updates.State);
    await dc.waitForCall("updates.GetState", { since });
    expect(outcomes("users.GetUsers", since)).toEqual([]);
    expect(late).toEqual([]);
  });

  it("should end a flood wait in progress when the service closes", async () => {
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [420, "FLOOD_WAIT_30"] } });
    const waiting = nextWait();
    const result = getSelf();
    await waiting;
    await telegram.close();
    await expect(result).rejects.toBeInstanceOf(CancelledError);
  });

  it("should stop a flood wait when the call is cancelled, and not send the retry", async () => {
    const since = dc.calls.length;
    dc.faults.add({ method: "users.GetUsers", action: { rpcError: [420, "FLOOD_WAIT_30"] } });
    const controller = new AbortController();
    const waiting = nextWait();
    const result = getSelf({ signal: controller.signal });
    await waiting;
    controller.abort();
    await expect(result).rejects.toBeInstanceOf(CancelledError);
    clock.advance(30_000);
    await expect(telegram.invoke(new Api.updates.GetState())).resolves.toBeInstanceOf(Api.updates.State);
    expect(outcomes("users.GetUsers", since)).toEqual(["420 FLOOD_WAIT_30"]);
  });

  it("should time out on the injected clock, and report the answer that comes after", async () => {
    const gate = gateMethod(dc, "updates.GetState");
    const result = telegram.invoke(new Api.updates.GetState(), { timeoutMs: 5_000 });
    await gate.arrived(1);
    clock.advance(5_000);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(late).toEqual([]);

    gate.open();
    await until(() => late.length > 0);
    expect(late).toHaveLength(1);
    expect(late[0].method).toBe("updates.getState");
    expect(late[0].outcome.ok).toBe(true);
    expect(late[0].outcome.gaveUp).toBe(error);
  });

  it("should stop an upload's parts when it is cancelled: parts in flight are not followed by new ones", async () => {
    const gate = gateMethod(dc, "upload.SaveFilePart");
    const controller = new AbortController();
    // 3 MB: six 512 KB parts, four in flight at a time.
    const upload = telegram.uploadFile({ name: "big.bin", bytes: Buffer.alloc(3 * 1024 * 1024, 7), signal: controller.signal });
    await gate.arrived(4);
    controller.abort();
    await expect(upload).rejects.toBeInstanceOf(CancelledError);
    const cancelledFile = dc.calls.of("upload.SaveFilePart")[0].params.fileId.toString();

    gate.open();
    // A second upload on the same connection: whatever the first had queued would have gone out before it.
    await expect(telegram.uploadFile({ name: "small.bin", bytes: Buffer.alloc(1000, 1) })).resolves.toBeInstanceOf(Api.InputFile);
    const parts = dc.calls.of("upload.SaveFilePart").filter((c) => c.params.fileId.toString() === cancelledFile);
    expect(parts.map((c) => c.params.filePart).sort()).toEqual([0, 1, 2, 3]);
    await until(() => late.length === 4);
    expect(late.map((l) => l.method)).toEqual(Array(4).fill("upload.saveFilePart"));
  });

  it("should end an upload whose parts get no answer when time runs out on the clock, with no new parts sent", async () => {
    const gate = gateMethod(dc, "upload.SaveFilePart");
    const upload = telegram.uploadFile({ name: "big.bin", bytes: Buffer.alloc(3 * 1024 * 1024, 7) });
    await gate.arrived(4);
    clock.advance(60_000);
    await expect(upload).rejects.toBeInstanceOf(RequestTimeoutError);
    gate.open();
    await until(() => late.length === 4);
    expect(dc.calls.count("upload.SaveFilePart")).toBe(4);
  });

  it("should refuse an upload whose part meets a long flood wait, and the next upload without sending a part", async () => {
    dc.faults.add({ method: "upload.SaveFilePart", action: { rpcError: [420, "FLOOD_WAIT_3600"] } });
    const first = await telegram.uploadFile({ name: "a.bin", bytes: Buffer.alloc(1000, 1) }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(FloodWaitError);
    expect((first as FloodWaitError).method).toBe("upload.saveFilePart");
    const partsBefore = dc.calls.count("upload.SaveFilePart");
    const second = await telegram.uploadFile({ name: "b.bin", bytes: Buffer.alloc(1000, 1) }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(FloodWaitError);
    expect(dc.calls.count("upload.SaveFilePart")).toBe(partsBefore);
  });
});

/**
 * Holds every call of `method` on the server until `open()` (then answers
 * them as the world would), so a test can act while requests are in flight.
 */
function gateMethod(dc: TestDc, method: string): { arrived(count: number): Promise<void>; open(): void } {
  const table = dc.methods as MethodTable;
  const original = table.get(method) as MethodHandler;
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  let count = 0;
  const watchers: (() => void)[] = [];
  table.on(method, async (request, ctx) => {
    count += 1;
    watchers.forEach((w) => w());
    await opened;
    return original(request, ctx);
  });
  return {
    arrived: (wanted) =>
      new Promise<void>((resolve) => {
        const check = () => count >= wanted && resolve();
        watchers.push(check);
        check();
      }),
    open: release,
  };
}

/** Resolves once `condition` holds, checking after each turn of the event loop (answers arrive as events). */
async function until(condition: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
