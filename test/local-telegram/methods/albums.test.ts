/**
 * Albums through a real GramJS client (what `.pfpinfo` answers with):
 * client.sendFile with several files sends messages.uploadMedia for each new
 * upload, then messages.sendMultiMedia; photos already on Telegram (a
 * user's profile photos) go as they are.
 */
import { Api, type TelegramClient } from "telegram";
import bigInt from "big-integer";
import { CustomFile } from "telegram/client/uploads";
import { TestDc } from "../../../local-telegram/server";
import { withTimeout } from "../../../local-telegram/protocol/testClient";
import { type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { long } from "../../../local-telegram/world/tl";
import { startSeededClient, stopSeededClient } from "../../../local-telegram/seededClient";

describe("albums through a real GramJS client", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let client: TelegramClient;
  let alice: Api.InputPeerUser;
  beforeEach(async () => {
    ({ world, dc, client } = await startSeededClient());
    alice = (await withTimeout(client.getInputEntity("@alice"), 5000, "resolve @alice")) as Api.InputPeerUser;
  });
  afterEach(() => stopSeededClient({ client, dc }));

  it("should send Alice's own photos and a new upload as one album with captions, in both boxes", async () => {
    const userId = new Api.InputUser({ userId: alice.userId, accessHash: alice.accessHash });
    const own = await withTimeout(client.invoke(new Api.photos.GetUserPhotos({ userId, offset: 0, maxId: bigInt(0), limit: 2 })), 5000, "getUserPhotos");
    const jpeg = await fixtures.jpeg({ width: 640, height: 640, color: "#123456" });
    const upload = new CustomFile("personal.jpg", jpeg.length, "", jpeg);

    const sent = (await withTimeout(
      client.sendFile(alice, { file: [...(own.photos as Api.Photo[]), upload], caption: ["Their own photo", "Their earlier photo", "Personal photo"] }),
      10_000,
      "sendFile (album)",
    )) as unknown as Api.Message[];

    expect(sent).toHaveLength(3);
    expect(dc.calls.count("messages.UploadMedia")).toBe(1);
    expect(dc.calls.count("messages.SendMultiMedia")).toBe(1);
    const stored = sent.map((m) => world.message(m.id)!);
    expect(stored.map((m) => m.text)).toEqual(["Their own photo", "Their earlier photo", "Personal photo"]);
    expect(new Set(stored.map((m) => m.groupedId)).size).toBe(1);
    expect(stored[0].groupedId).toBeDefined();
    expect(stored.slice(0, 2).map((m) => m.media)).toEqual(world.ids.photos.aliceOwn.slice(0, 2).map((photoId) => ({ kind: "photo", photoId })));
    expect(sent[0].groupedId?.toString()).toBe(stored[0].groupedId!.toString());
    // Alice gets the album too.
    const hers = world.history({ userId: world.ownerId }, world.ids.alice).slice(0, 3);
    expect(hers.map((m) => m.text).reverse()).toEqual(["Their own photo", "Their earlier photo", "Personal photo"]);
  });

  it("should refuse an album of more than 10 and a photo with a wrong access hash, sending nothing", async () => {
    const photo = world.media.photos.get(world.ids.photos.aliceProfile)!;
    const item = (accessHash: bigint) =>
      new Api.InputSingleMedia({
        media: new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id: long(photo.id), accessHash: long(accessHash), fileReference: photo.fileReference }) }),
        message: "",
      });
    const before = world.history({ userId: world.ids.alice }).length;
    const errorOf = (multiMedia: Api.InputSingleMedia[]) =>
      withTimeout(client.invoke(new Api.messages.SendMultiMedia({ peer: alice, multiMedia })), 5000, "sendMultiMedia").then(
        () => "sent",
        (err: { errorMessage?: string }) => err.errorMessage,
      );
    expect(await errorOf(Array.from({ length: 11 }, () => item(photo.accessHash)))).toBe("MULTI_MEDIA_TOO_LONG");
    expect(await errorOf([item(photo.accessHash), item(photo.accessHash + 1n)])).toBe("MEDIA_INVALID");
    expect(world.history({ userId: world.ids.alice })).toHaveLength(before);
  });
});
