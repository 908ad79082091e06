/**
 * Transfers against the real local server, through the link simulator: large
 * parts with several in flight, answers out of order, the second DC, file
 * references that expire, and transfers that run out of time.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Api } from "telegram";
import { LinkProxy } from "../../local-telegram/link/linkProxy";
import { parseLinkSpec } from "../../local-telegram/link/linkSpec";
import type { MethodTable } from "../../local-telegram/protocol/dispatch";
import type { MethodHandler } from "../../local-telegram/protocol/rpc";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";
import { long } from "../../local-telegram/world/tl";
import { RequestTimeoutError, TelegramApiError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { TelegramService } from "../../src/telegram/service";

const MB = 1024 * 1024;

describe("media transfers on the local server behind a simulated link", () => {
  let world: SeededWorld;
  let dc2: TestDc;
  let dc4: TestDc;
  let link2: LinkProxy;
  let link4: LinkProxy;
  let service: TelegramService;
  let tmp: string;

  const connect = async (opts: { transferTimeoutMs?: number } = {}) => {
    service = new TelegramService({
      apiId: 1,
      apiHash: "0123456789abcdef0123456789abcdef",
      session: dc2.sessionString(),
      dc: { host: link2.host, port: link2.port, dcId: 2 },
      otherDcs: [{ host: link4.host, port: link4.port, dcId: 4 }],
      transport: "full",
      floodSleepThreshold: 0,
      connectionRetries: 1,
      requestTimeoutMs: 10_000,
      transferTimeoutMs: opts.transferTimeoutMs ?? 30_000,
      log: createLogger({
        level: process.env.TRANSFER_TEST_LOG ? "debug" : "silent",
        write: (line) => process.stderr.write(`${Math.round(performance.now())} ${line}\n`),
      }),
    });
    await service.connect();
  };

  /** A document from Alice, as the client receives it (with the file reference of that moment). */
  const documentMessage = async (bytes: Buffer, opts: { dcId?: number } = {}) => {
    const doc = world.media.addDocument({
      mimeType: "application/octet-stream",
      bytes,
      attributes: [new Api.DocumentAttributeFilename({ fileName: "blob.bin" })],
    });
    if (opts.dcId) world.media.moveToDc(doc.id, opts.dcId);
    const sent = world.userSends(world.ids.alice, { media: { kind: "document", documentId: doc.id } });
    const alice = world.users.require(world.ids.alice);
    const [message] = await service.getMessages(new Api.InputPeerUser({ userId: long(alice.id), accessHash: long(alice.accessHash) }), [sent.id]);
    return { doc, message: message! };
  };

  /** Wraps the server's handler for `method` on `dc`. */
  const wrap = (dc: TestDc, method: string, around: (original: MethodHandler) => MethodHandler) => {
    const original = (dc.methods as MethodTable).get(method)!;
    dc.methods.on(method, around(original));
  };

  beforeEach(async () => {
    world = await World.seeded();
    dc2 = await TestDc.start({ world, logLevel: "silent" });
    dc4 = await TestDc.start({ world, dcId: 4, logLevel: "silent" });
    link2 = await LinkProxy.start({ host: dc2.host, port: dc2.port }, parseLinkSpec("10ms,200mbit"));
    link4 = await LinkProxy.start({ host: dc4.host, port: dc4.port }, parseLinkSpec("10ms,200mbit"));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "transfer-test-"));
  });

  afterEach(async () => {
    await service?.close();
    await Promise.all([link2.stop(), link4.stop()]);
    await Promise.all([dc2.stop(), dc4.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("should download in 1 MB parts, two in flight, and write them in order when answers come out of order", async () => {
    await connect();
    const bytes = randomBytes(5 * MB + 12345);
    const { message } = await documentMessage(bytes);
    // The first part is held until the second is asked for, and answered after it: a client
    // with one request in flight would never finish; one that wrote in arrival order would scramble the file.
    let secondAnswered!: () => void;
    const second = new Promise<void>((resolve) => (secondAnswered = resolve));
    let pending = 0;
    let mostPending = 0;
    wrap(dc2, "upload.GetFile", (original) => async (request: Api.upload.GetFile, ctx) => {
      pending += 1;
      mostPending = Math.max(mostPending, pending);
      try {
        const offset = Number(request.offset);
        if (offset === 0) await second;
        const answer = await original(request, ctx);
        if (offset === MB) secondAnswered();
        return answer;
      } finally {
        pending -= 1;
      }
    });
    const progress: number[] = [];
    const file = path.join(tmp, "out.bin");
    const written = await service.downloadMediaToFile(message, file, { progress: (done) => progress.push(done) });
    expect(written).toBe(bytes.length);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    const calls = dc2.calls.of("upload.GetFile").map((c) => ({ offset: Number(c.params.offset), limit: c.params.limit }));
    expect(calls).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ offset: i * MB, limit: MB })));
    expect(mostPending).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5].map((i) => i * MB).concat(bytes.length));
  });

  it("should upload a file over 10 MB with saveBigFilePart in 512 KB parts, several in flight", async () => {
    await connect();
    const bytes = randomBytes(10 * MB + 1000);
    let firstArrived = 0;
    let released!: () => void;
    const release = new Promise<void>((resolve) => (released = resolve));
    wrap(dc2, "upload.SaveBigFilePart", (original) => async (request: Api.upload.SaveBigFilePart, ctx) => {
      // Part 0 waits for part 3: only a window of at least 4 gets past it.
      if (request.filePart === 0) await release;
      if (request.filePart === 3) released();
      firstArrived += 1;
      return original(request, ctx);
    });
    const input = (await service.uploadFile({ name: "big.bin", bytes })) as Api.InputFileBig;
    expect(input).toBeInstanceOf(Api.InputFileBig);
    const assembled = world.uploads.assemble(world.ownerId, { id: BigInt(input.id.toString()), parts: input.parts, name: input.name, big: true });
    expect(assembled.bytes.equals(bytes)).toBe(true);
    expect(assembled.partSize).toBe(512 * 1024);
    expect(firstArrived).toBe(21);
  });

  it("should upload a small file in one saveFilePart with its MD5, which the server checks", async () => {
    await connect();
    const bytes = randomBytes(300 * 1024);
    const input = (await service.uploadFile({ name: "small.jpg", bytes })) as Api.InputFile;
    expect(dc2.calls.of("upload.SaveFilePart")).toHaveLength(1);
    const assembled = world.uploads.assemble(world.ownerId, {
      id: BigInt(input.id.toString()),
      parts: input.parts,
      name: input.name,
      md5Checksum: input.md5Checksum,
      big: false,
    });
    expect(assembled.bytes.equals(bytes)).toBe(true);
  });

  it("should download media kept on DC 4 from DC 4, after exporting and importing the authorization", async () => {
    await connect();
    const bytes = randomBytes(2 * MB + 7);
    const { message } = await documentMessage(bytes, { dcId: 4 });
    expect((message.media as Api.MessageMediaDocument).document).toMatchObject({ dcId: 4 });
    const downloaded = await service.downloadMedia(message);
    expect(downloaded.equals(bytes)).toBe(true);
    expect(dc2.calls.of("auth.ExportAuthorization").map((c) => c.result)).toEqual(["auth.ExportedAuthorization"]);
    expect(dc4.calls.of("auth.ImportAuthorization").map((c) => c.result)).toEqual(["auth.Authorization"]);
    expect(dc4.calls.of("upload.GetFile").map((c) => c.result)).toEqual(["upload.File", "upload.File", "upload.File"]);
    expect(dc2.calls.of("upload.GetFile")).toHaveLength(0);
  });

  it("should follow FILE_MIGRATE when the file has moved since the message was fetched", async () => {
    await connect();
    const bytes = randomBytes(MB + 5);
    const { doc, message } = await documentMessage(bytes);
    world.media.moveToDc(doc.id, 4);
    expect((await service.downloadMedia(message)).equals(bytes)).toBe(true);
    // The parts already in flight are sent on; none after them goes to DC 2.
    const onDc2 = dc2.calls.of("upload.GetFile").map((c) => c.error);
    expect(onDc2.length).toBeLessThanOrEqual(2);
    expect(new Set(onDc2)).toEqual(new Set(["303 FILE_MIGRATE_4"]));
    expect(dc4.calls.of("upload.GetFile").map((c) => c.result)).toEqual(["upload.File", "upload.File"]);
  });

  it("should re-fetch the message once when the file reference expired mid-download, and keep what it had", async () => {
    await connect();
    const bytes = randomBytes(4 * MB);
    const { doc, message } = await documentMessage(bytes);
    wrap(dc2, "upload.GetFile", (original) => async (request: Api.upload.GetFile, ctx) => {
      const answer = await original(request, ctx);
      // Telegram renews the reference while the download runs, right after serving the first part.
      if (Number(request.offset) === 0) world.media.renewFileReference(doc.id);
      return answer;
    });
    const before = dc2.calls.of("messages.GetMessages").length;
    expect((await service.downloadMedia(message)).equals(bytes)).toBe(true);
    expect(dc2.calls.of("messages.GetMessages").length - before).toBe(1);
    const expired = dc2.calls.of("upload.GetFile").filter((c) => c.error === "400 FILE_REFERENCE_EXPIRED");
    expect(expired.length).toBeGreaterThanOrEqual(1);
    // Part 0 is not fetched again.
    expect(dc2.calls.of("upload.GetFile").filter((c) => Number(c.params.offset) === 0)).toHaveLength(1);
  });

  it("should report a reference that expires again instead of re-fetching forever", async () => {
    await connect();
    const { doc, message } = await documentMessage(randomBytes(2 * MB));
    wrap(dc2, "upload.GetFile", (original) => async (request: Api.upload.GetFile, ctx) => {
      world.media.renewFileReference(doc.id);
      return original(request, ctx);
    });
    const failure = service.downloadMedia(message);
    await expect(failure).rejects.toThrow(TelegramApiError);
    await expect(failure).rejects.toMatchObject({ errorMessage: "FILE_REFERENCE_EXPIRED" });
    expect(dc2.calls.of("messages.GetMessages").length).toBeLessThanOrEqual(2);
  });

  it("should finish a download whose connection dropped mid-way, every byte in place", async () => {
    await connect();
    const bytes = randomBytes(4 * MB);
    const { message } = await documentMessage(bytes);
    const connectionsBefore = link2.stats.connections;
    link2.dropAfterDownBytes(MB + MB / 2);
    // GramJS notices the closed connection, reconnects its download sender and resends the parts in flight.
    const downloaded = await service.downloadMedia(message);
    expect(link2.stats.drops).toBe(1);
    expect(link2.stats.connections).toBeGreaterThan(connectionsBefore);
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it("should stop a download the caller cancels, asking for no more parts", async () => {
    await connect();
    const { message } = await documentMessage(randomBytes(6 * MB));
    const cancel = new AbortController();
    wrap(dc2, "upload.GetFile", (original) => async (request: Api.upload.GetFile, ctx) => {
      // The user cancels while part 2 is on its way.
      if (Number(request.offset) === 2 * MB) cancel.abort(new Error("cancelled by the owner"));
      return original(request, ctx);
    });
    await expect(service.downloadMedia(message, { signal: cancel.signal })).rejects.toThrow("cancelled by the owner");
    // Parts 2 and 3 were on the wire when the owner cancelled (they may reach the server after the
    // rejection, the link delays them); no part past them is ever asked for. A round trip first gives
    // a download that went on after the cancel the time to ask for part 4.
    await service.invoke(new Api.help.GetConfig());
    const offsets = dc2.calls.of("upload.GetFile").map((call) => Number(call.params.offset));
    expect(offsets.length).toBeLessThanOrEqual(4);
    expect(Math.max(...offsets)).toBeLessThan(4 * MB);
  });

  it("should upload on a fresh sender after GramJS released the idle one (its 30 s release timer)", async () => {
    await connect({ transferTimeoutMs: 5000 });
    const { message } = await documentMessage(randomBytes(MB));
    await service.downloadMedia(message);
    // What GramJS's release timer does to a sender idle for 30 s with nothing pending (telegramBaseClient).
    const internals = service.client as unknown as {
      _exportedSenderPromises: Map<number, Promise<{ disconnect(): Promise<void> }>>;
      _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout>;
    };
    clearTimeout(internals._exportedSenderReleaseTimeouts.get(2));
    internals._exportedSenderReleaseTimeouts.delete(2);
    await (await internals._exportedSenderPromises.get(2))!.disconnect();
    const bytes = randomBytes(1200 * 1024);
    const input = (await service.uploadFile({ name: "after-idle.mp4", bytes })) as Api.InputFile;
    const assembled = world.uploads.assemble(world.ownerId, {
      id: BigInt(input.id.toString()),
      parts: input.parts,
      name: input.name,
      md5Checksum: input.md5Checksum,
      big: false,
    });
    expect(assembled.bytes.equals(bytes)).toBe(true);
  });

  it("should stop asking for parts when the transfer's time is up", async () => {
    await connect({ transferTimeoutMs: 1500 });
    const { message } = await documentMessage(randomBytes(6 * MB));
    dc2.faults.add({ method: "upload.GetFile", nth: 2, action: { noAnswer: true } });
    await expect(service.downloadMedia(message)).rejects.toThrow(RequestTimeoutError);
    const asked = dc2.calls.of("upload.GetFile").length;
    // Parts 1 and 2 were in flight once part 0 was taken; nothing after the deadline.
    expect(asked).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(dc2.calls.of("upload.GetFile").length).toBe(asked);
  });
});
