/**
 * photos.getUserPhotos: a user's own photos, newest first, paged by offset,
 * max_id and limit the way Telegram pages them; and the same through a real
 * GramJS client, downloading the three distinct pictures of Alice.
 */
import bigInt from "big-integer";
import sharp from "sharp";
import { Api, type TelegramClient } from "telegram";
import { MethodHarness } from "../../../local-telegram/methods/harness";
import { TestDc } from "../../../local-telegram/server";
import { withTimeout } from "../../../local-telegram/protocol/testClient";
import { World, type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { long } from "../../../local-telegram/world/tl";
import { startSeededClient, stopSeededClient } from "../../../local-telegram/seededClient";

/** The mean colour of an image, to tell the seeded pictures apart. */
async function meanColour(bytes: Buffer): Promise<[number, number, number]> {
  const { channels } = await sharp(bytes).stats();
  return [channels[0].mean, channels[1].mean, channels[2].mean].map(Math.round) as [number, number, number];
}

describe("photos.getUserPhotos", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const page = (userId: bigint, opts: { offset?: number; maxId?: bigint; limit?: number } = {}) =>
    dc.call(new Api.photos.GetUserPhotos({ userId: dc.inputUser(userId), offset: opts.offset ?? 0, maxId: long(opts.maxId ?? 0n), limit: opts.limit ?? 100 }));
  const ids = (result: Api.photos.TypePhotos) => result.photos.map((p) => BigInt(p.id.toString()));

  it("should list Alice's three own photos newest first, as photos.photos, with Alice", async () => {
    const all = await page(world.ids.alice);
    expect(all).toBeInstanceOf(Api.photos.Photos);
    expect(ids(all)).toEqual(world.ids.photos.aliceOwn);
    expect(all.photos[0].id.toString()).toBe(world.ids.photos.aliceProfile.toString());
    expect((all.users[0] as Api.User).id.toString()).toBe(world.ids.alice.toString());
    // Telegram's ids grow with time, so newest first is also the highest id first.
    expect([...world.ids.photos.aliceOwn].sort((a, b) => (a < b ? 1 : -1))).toEqual(world.ids.photos.aliceOwn);
    const colours = await Promise.all(world.ids.photos.aliceOwn.map((id) => meanColour(world.media.photos.get(id)!.sizes.at(-1)!.bytes)));
    expect(new Set(colours.map(String)).size).toBe(3);
  });

  it("should answer a part as photos.photosSlice with the total count", async () => {
    const first = await page(world.ids.alice, { limit: 2 });
    expect(first).toBeInstanceOf(Api.photos.PhotosSlice);
    expect((first as Api.photos.PhotosSlice).count).toBe(3);
    expect(ids(first)).toEqual(world.ids.photos.aliceOwn.slice(0, 2));
    const rest = await page(world.ids.alice, { offset: 2, limit: 2 });
    expect(ids(rest)).toEqual(world.ids.photos.aliceOwn.slice(2));
    expect((rest as Api.photos.PhotosSlice).count).toBe(3);
    const none = await page(world.ids.alice, { limit: 0 });
    expect([ids(none), (none as Api.photos.PhotosSlice).count]).toEqual([[], 3]);
  });

  it("should keep ids below max_id, and fetch photo X itself with max_id X, offset -1, limit 1", async () => {
    const [current, previous, oldest] = world.ids.photos.aliceOwn as [bigint, bigint, bigint];
    expect(ids(await page(world.ids.alice, { maxId: previous }))).toEqual([oldest]);
    expect(ids(await page(world.ids.alice, { maxId: current + 1n }))).toEqual([current, previous, oldest]);
    expect(ids(await page(world.ids.alice, { maxId: previous, offset: -1, limit: 1 }))).toEqual([previous]);
    expect(await dc.error(new Api.photos.GetUserPhotos({ userId: dc.inputUser(world.ids.alice), offset: 0, maxId: long(-5n), limit: 1 }))).toBe(
      "MAX_ID_INVALID",
    );
  });

  it("should list nothing for Bob, leave personal photos out, and add the owner's new own photo first", async () => {
    expect(ids(await page(world.ids.bob))).toEqual([]);
    const file = await dc.upload(await fixtures.jpeg({ width: 640, height: 640, color: "#102030" }), "avatar.jpg");
    await dc.call(new Api.photos.UploadContactProfilePhoto({ userId: dc.inputUser(world.ids.alice), save: true, file }));
    expect(ids(await page(world.ids.alice))).toEqual(world.ids.photos.aliceOwn);

    const mine = await dc.upload(await fixtures.jpeg({ width: 640, height: 640, color: "#302010" }), "me.jpg");
    const first = await dc.call(new Api.photos.UploadProfilePhoto({ file: mine }));
    const again = await dc.upload(await fixtures.jpeg({ width: 640, height: 640, color: "#203010" }), "me2.jpg");
    const second = await dc.call(new Api.photos.UploadProfilePhoto({ file: again }));
    const own = await dc.call(new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: long(0n), limit: 10 }));
    expect(own.photos.map((p) => p.id.toString())).toEqual([second.photo.id.toString(), first.photo.id.toString()]);
  });
});

describe("photos.getUserPhotos through a real GramJS client", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let client: TelegramClient;
  beforeEach(async () => {
    ({ world, dc, client } = await startSeededClient());
  });
  afterEach(() => stopSeededClient({ client, dc }));

  it("should page through Alice's photos and download each byte for byte", async () => {
    const alice = (await withTimeout(client.getInputEntity("@alice"), 5000, "resolve @alice")) as Api.InputPeerUser;
    const userId = new Api.InputUser({ userId: alice.userId, accessHash: alice.accessHash });
    const first = await withTimeout(client.invoke(new Api.photos.GetUserPhotos({ userId, offset: 0, maxId: bigInt(0), limit: 1 })), 5000, "page 1");
    expect((first as Api.photos.PhotosSlice).count).toBe(3);
    const rest = await withTimeout(client.invoke(new Api.photos.GetUserPhotos({ userId, offset: 1, maxId: bigInt(0), limit: 10 })), 5000, "page 2");
    const photos = [...first.photos, ...rest.photos] as Api.Photo[];
    expect(photos.map((p) => p.id.toString())).toEqual(world.ids.photos.aliceOwn.map(String));
    for (const photo of photos) {
      const bytes = (await withTimeout(client.downloadMedia(new Api.MessageMediaPhoto({ photo })), 5000, "download")) as Buffer;
      expect(bytes.equals(world.media.photos.get(BigInt(photo.id.toString()))!.sizes.at(-1)!.bytes)).toBe(true);
    }
  });
});
