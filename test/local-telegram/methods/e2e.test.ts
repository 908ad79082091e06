/**
 * The world's methods through the real server and a real GramJS client:
 * connect, commands arriving as pushed updates, edits, downloads, uploads,
 * a contact photo, and a login with 2FA.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { NewMessage, type NewMessageEvent } from "telegram/events";
import { CustomFile } from "telegram/client/uploads";
import { TestDc } from "../../../local-telegram/server";
import { closeTestClient, createTestClient, withTimeout } from "../../../local-telegram/protocol/testClient";
import { type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { startSeededClient, stopSeededClient } from "../../../local-telegram/seededClient";

describe("the world through a real GramJS client", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let client: TelegramClient;

  beforeEach(async () => {
    ({ world, dc, client } = await startSeededClient());
  });

  afterEach(() => stopSeededClient({ client, dc }));

  it("should deliver the owner's command from another device and let the client edit it", async () => {
    const received = new Promise<NewMessageEvent>((resolve) => client.addEventHandler(resolve, new NewMessage({ outgoing: true })));
    await withTimeout(client.getMe(), 5000, "getMe");
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".ping" });
    const event = await withTimeout(received, 5000, "the pushed command");
    expect(event.message.id).toBe(sent.id);
    expect(event.message.text).toBe(".ping");

    await withTimeout(client.editMessage(event.message.peerId, { message: event.message.id, text: "pong" }), 5000, "edit");
    expect(world.message(sent.id)?.text).toBe("pong");
  });

  it("should download a seeded photo and sticker byte for byte", async () => {
    const alice = await withTimeout(client.getInputEntity("@alice"), 5000, "resolve @alice");
    const [photoMessage, stickerMessage] = await withTimeout(
      client.getMessages(alice, { ids: [world.ids.aliceChat.photoMessage, world.ids.aliceChat.staticStickerMessage] }),
      5000,
      "getMessages",
    );
    const photo = (await withTimeout(client.downloadMedia(photoMessage), 5000, "download photo")) as Buffer;
    const largest = world.media.photos.get(world.ids.photos.alicePhotoMessage)!.sizes.at(-1)!;
    expect(photo.equals(largest.bytes)).toBe(true);
    const sticker = (await withTimeout(client.downloadMedia(stickerMessage), 5000, "download sticker")) as Buffer;
    expect(sticker.equals(world.media.documents.get(world.ids.documents.staticSticker)!.bytes)).toBe(true);
  });

  it("should send a text, a photo file and delete them through GramJS's high-level calls", async () => {
    const alice = await withTimeout(client.getInputEntity("@alice"), 5000, "resolve @alice");
    const text = await withTimeout(client.sendMessage(alice, { message: "hello" }), 5000, "sendMessage");
    expect(world.message(text.id)?.text).toBe("hello");

    const jpeg = await fixtures.jpeg({ width: 500, height: 400 });
    const sent = await withTimeout(client.sendFile(alice, { file: new CustomFile("preview.jpg", jpeg.length, "", jpeg) }), 5000, "sendFile");
    const stored = world.message(sent.id)!;
    expect(stored.media?.kind).toBe("photo");
    expect(sent.photo).toBeInstanceOf(Api.Photo);

    await withTimeout(client.deleteMessages(alice, [text.id, sent.id], { revoke: true }), 5000, "deleteMessages");
    expect(world.message(text.id)).toBeUndefined();
    expect(world.message(sent.id)).toBeUndefined();
  });

  it("should set a personal photo from a GramJS upload", async () => {
    const jpeg = await fixtures.jpeg({ width: 700, height: 700, color: "#445566" });
    const file = await withTimeout(client.uploadFile({ file: new CustomFile("avatar.jpg", jpeg.length, "", jpeg), workers: 1 }), 5000, "upload");
    // Bob has no username: a client reaches him through its contact list, which carries his access hash.
    const contacts = (await withTimeout(client.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) })), 5000, "getContacts")) as Api.contacts.Contacts;
    const bobUser = contacts.users.find((u) => u.id.toString() === world.ids.bob.toString())!;
    const bob = await withTimeout(client.getInputEntity(bobUser), 5000, "bob");
    await withTimeout(client.invoke(new Api.photos.UploadContactProfilePhoto({ userId: bob, save: true, file })), 5000, "uploadContactProfilePhoto");
    expect(world.photoState(world.ids.bob).personal?.source?.file?.bytes.equals(jpeg)).toBe(true);
  });

  it("should log in with a code and a 2FA password over a fresh auth key", async () => {
    world.setPassword(world.ids.alice, "secret");
    const loginErrors: Error[] = [];
    const fresh = createTestClient(dc, { session: "" });
    try {
      await withTimeout(
        fresh.start({
          phoneNumber: "+14155550101",
          phoneCode: async () => world.lastLoginCode("14155550101")!,
          password: async () => "secret",
          // Returning true tells GramJS to stop retrying and reject start().
          onError: async (error) => {
            loginErrors.push(error);
            return true;
          },
        }),
        20_000,
        "login",
      );
      expect(loginErrors).toEqual([]);
      const me = await withTimeout(fresh.getMe(), 5000, "getMe");
      expect(me.username).toBe("alice");
    } finally {
      await closeTestClient(fresh);
    }
  });
});
