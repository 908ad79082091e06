import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { CancelledError, UserError, UserNotFoundError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { TelegramService } from "../../src/telegram/service";
import type { Message, Peer } from "../../src/telegram/types";
import { TEST_API_HASH, TEST_API_ID } from "../../local-telegram/runningHost";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";

/** The owned interface (src/telegram/types.ts) against the local server: real GramJS, real requests. */
describe("TelegramService's owned interface", () => {
  let world: SeededWorld;
  let dc: TestDc;
  const services: TelegramService[] = [];

  async function connected(): Promise<TelegramService> {
    const service = new TelegramService({
      apiId: TEST_API_ID,
      apiHash: TEST_API_HASH,
      session: dc.sessionString(),
      dc: { host: dc.host, port: dc.port, dcId: dc.dcId },
      transport: "abridged",
      floodSleepThreshold: 0,
      connectionRetries: 1,
      requestTimeoutMs: 10000,
      transferTimeoutMs: 20000,
      log: createLogger({ level: "silent", write: () => undefined }),
      autoReconnect: false,
    });
    services.push(service);
    await service.connect();
    return service;
  }

  beforeEach(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    await dc.stop();
  });

  const aliceChat = (): Peer => ({ kind: "user", id: world.ids.alice });

  it("should resolve users by username, by id (a contact, with no access hash seen yet) and by phone", async () => {
    const telegram = await connected();
    const alice = await telegram.users.resolve({ username: "@alice" });
    expect(alice).toMatchObject({ id: world.ids.alice, firstName: "Alice", contact: true, self: false, bot: false, reachable: true });
    // A fresh service knows no access hashes: the contact list supplies Bob's.
    const fresh = await connected();
    const bob = await fresh.users.resolve({ id: world.ids.bob });
    expect(bob).toMatchObject({ id: world.ids.bob, firstName: "Bob", contact: true });
    expect(bob.username).toBeUndefined();
    const bobPhone = bob.phone;
    expect(bobPhone).toBeTruthy();
    expect((await fresh.users.resolve({ phone: `+${bobPhone}` })).id).toBe(world.ids.bob);
  });

  it("should answer a typed UserNotFoundError for an unknown username and an id never seen", async () => {
    const telegram = await connected();
    const missing = telegram.users.resolve({ username: "nobody_here" });
    await expect(missing).rejects.toBeInstanceOf(UserNotFoundError);
    await expect(missing).rejects.toThrow("No Telegram user is called @nobody_here.");
    // Carol is no contact and this session has never seen her.
    const unknown = await telegram.users.resolve({ id: world.ids.carol }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UserNotFoundError);
    expect((unknown as UserNotFoundError).reason).toBe("unknown-id");
    // Once seen (by username), her id works.
    await telegram.users.resolve({ username: "carol" });
    expect((await telegram.users.resolve({ id: world.ids.carol })).firstName).toBe("Carol");
  });

  it("should reach by id someone the owner chats with but has not saved, through the recent chats", async () => {
    // Carol (no contact) wrote before this session started: no push, only her chat in the owner's dialogs.
    world.addMessage(world.ids.carol, { userId: world.ownerId }, { text: "hi, it's Carol" });
    const fresh = await connected();
    expect((await fresh.users.resolve({ id: world.ids.carol })).firstName).toBe("Carol");
    expect([dc.calls.count("contacts.GetContacts"), dc.calls.count("messages.GetDialogs")]).toEqual([1, 1]);
  });

  it("should list the owner's contacts with the names the owner saved", async () => {
    const telegram = await connected();
    const contacts = await telegram.contacts.list();
    expect(contacts.map((u) => u.firstName).sort()).toEqual(["Alice", "Bob"]);
    expect(contacts.every((u) => u.reachable && u.contact)).toBe(true);
  });

  it("should map a message's media to owned types, from metadata alone", async () => {
    const telegram = await connected();
    const ids = world.ids.aliceChat;
    const [photo, video, sticker, gif, emoji, none] = await telegram.messages.get(aliceChat(), [
      ids.photoMessage,
      ids.videoMessage,
      ids.staticStickerMessage,
      ids.gifMessage,
      ids.customEmojiMessage,
      999999,
    ]);
    expect(photo?.media).toMatchObject({ kind: "photo", id: world.ids.photos.alicePhotoMessage, mime: "image/jpeg" });
    expect(video?.media).toMatchObject({ kind: "video", id: world.ids.documents.video });
    expect((video?.media as { duration?: number }).duration).toBeGreaterThan(0);
    expect(sticker?.media).toMatchObject({
      kind: "sticker",
      id: world.ids.documents.staticSticker,
      format: "static",
      set: { id: world.ids.stickerSet.id, accessHash: world.ids.stickerSet.accessHash },
    });
    expect(gif?.media).toMatchObject({ kind: "gif", id: world.ids.documents.gif });
    expect(emoji?.customEmoji[0]?.documentId).toBe(world.ids.documents.customEmoji);
    expect(none).toBeUndefined();
    expect(photo).toMatchObject({ chat: aliceChat(), chatId: world.ids.alice, service: false, forwarded: false });
  });

  it("should download media to memory and to a file, refusing media over the limit before fetching it", async () => {
    const telegram = await connected();
    const [photo] = await telegram.messages.get(aliceChat(), [world.ids.aliceChat.photoMessage]);
    const bytes = await telegram.media.download(photo!);
    expect((await sharp(bytes).metadata()).format).toBe("jpeg");
    const refused = telegram.media.download(photo!, { maxBytes: 10 });
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/more than the 10 B limit/);
    // A copy of the message has lost the link to GramJS's object: it is fetched again.
    expect((await telegram.media.download({ ...photo! })).equals(bytes)).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domain-download-"));
    try {
      const file = path.join(dir, "photo.jpg");
      expect(await telegram.media.downloadToFile(photo!, file)).toBe(bytes.length);
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should set, show and reset a personal photo, and suggest one", async () => {
    const telegram = await connected();
    const jpeg = await sharp({ create: { width: 640, height: 640, channels: 3, background: "#3366cc" } })
      .jpeg()
      .toBuffer();
    const alice = await telegram.users.resolve({ username: "alice" });
    const file = await telegram.media.upload(jpeg, "avatar.jpg");
    expect(file).toMatchObject({ name: "avatar.jpg", size: jpeg.length });
    const set = await telegram.contactPhotos.set(alice, { photo: file });
    expect(set?.id).toBe(world.photoState(world.ids.alice).personal?.id);
    const full = await telegram.users.full(alice);
    expect(full.personalPhoto?.id).toBe(set?.id);
    expect(full.profilePhoto?.id).toBe(world.ids.photos.aliceProfile);
    expect((await sharp(await telegram.media.download(full.profilePhoto!)).metadata()).format).toBe("jpeg");
    await telegram.contactPhotos.reset(alice.id);
    expect(world.photoState(world.ids.alice).personal).toBeUndefined();
    expect((await telegram.users.full(alice)).personalPhoto).toBeUndefined();

    const suggested = await telegram.contactPhotos.suggest(alice, { photo: await telegram.media.upload(jpeg, "avatar.jpg") });
    expect(world.photoState(world.ids.alice).suggested[0]?.photo.id).toBe(suggested?.id);
  });

  it("should set sticker and custom-emoji markup", async () => {
    const telegram = await connected();
    const [sticker] = await telegram.messages.get(aliceChat(), [world.ids.aliceChat.staticStickerMessage]);
    const media = sticker!.media as Extract<Message["media"], { kind: "sticker" }>;
    await telegram.contactPhotos.set(world.ids.alice, { sticker: { set: media.set!, stickerId: media.id, backgroundColors: [0xff8800] } });
    expect(world.photoState(world.ids.alice).personal).toBeDefined();
    const set = await telegram.stickers.getSet("animated-emoji");
    expect(set.ref.id).toBe(world.ids.animatedEmojiSet.id);
    expect(set.packs.find((p) => p.emoji.startsWith("🐱"))?.stickerIds).toContain(world.ids.documents.animatedEmojiCat);
    await telegram.contactPhotos.set(world.ids.alice, { customEmoji: { emojiId: world.ids.documents.customEmoji, backgroundColors: [0x112233, 0x445566] } });
  });

  it("should send, edit, fetch the replied message of, and delete messages", async () => {
    const telegram = await connected();
    const first = await telegram.messages.send("me", "first");
    const reply = await telegram.messages.send("me", "second", { replyTo: first.id });
    expect(reply).toMatchObject({ out: true, text: "second", replyToId: first.id, chat: { kind: "user", id: world.ids.owner } });
    expect((await telegram.messages.replied(reply))?.text).toBe("first");
    expect((await telegram.messages.edit("me", reply.id, "second, edited")).text).toBe("second, edited");
    await telegram.messages.delete("me", [first.id, reply.id]);
    expect(await telegram.messages.get("me", [first.id, reply.id])).toEqual([undefined, undefined]);
    const sent = await telegram.messages.sendFile(aliceChat(), { bytes: Buffer.from("hello"), name: "hello.txt", asDocument: true, caption: "a file" });
    expect(sent.media).toMatchObject({ kind: "document", fileName: "hello.txt" });
  });

  it("should send photos as one album, each with its caption", async () => {
    const telegram = await connected();
    const jpeg = (color: string) =>
      sharp({ create: { width: 320, height: 320, channels: 3, background: color } })
        .jpeg()
        .toBuffer();
    const items = [
      { bytes: await jpeg("#ff0000"), name: "one.jpg", caption: "first" },
      { bytes: await jpeg("#00ff00"), name: "two.jpg", caption: "second" },
      { bytes: await jpeg("#0000ff"), name: "three.jpg" },
    ];
    const sent = await telegram.messages.sendAlbum(aliceChat(), items);
    expect(sent.map((m) => m.text)).toEqual(["first", "second", ""]);
    expect(sent.every((m) => m.media?.kind === "photo")).toBe(true);
    // One album: one grouped id shared by its messages, one sendMultiMedia call.
    expect(sent[0].groupedId).toBeDefined();
    expect(new Set(sent.map((m) => m.groupedId)).size).toBe(1);
    expect(dc.calls.of("messages.SendMultiMedia")).toHaveLength(1);
    await expect(telegram.messages.sendAlbum(aliceChat(), [])).rejects.toThrow("1 to 10 items");
  });

  it("should reject at once, sending nothing, when the signal is aborted", async () => {
    const telegram = await connected();
    const controller = new AbortController();
    controller.abort();
    const before = dc.calls.all.length;
    await expect(telegram.users.resolve({ username: "alice" }, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(dc.calls.all.length).toBe(before);
  });

  it("should give plugins an object without the client or the session", async () => {
    const telegram = await connected();
    const view = telegram.forPlugins();
    expect(view).not.toBe(telegram);
    expect("client" in view).toBe(false);
    expect("sessionString" in view).toBe(false);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.values(view).some((v) => v === telegram || v === telegram.client)).toBe(false);
    expect(view.self().id).toBe(world.ids.owner);
    expect((await view.users.resolve({ username: "bob_" }).catch((e: unknown) => e)) instanceof UserNotFoundError).toBe(true);
  });
});
