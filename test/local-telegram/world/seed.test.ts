import sharp from "sharp";
import { gunzipSync } from "node:zlib";
import { World } from "../../../local-telegram/world/index";

describe("World.seeded", () => {
  it("should hold the standard people, chats and media with named ids", async () => {
    const world = await World.seeded();
    const { ids } = world;
    expect(world.users.require(ids.alice)).toMatchObject({ firstName: "Alice", username: "alice" });
    expect(world.users.require(ids.bob).username).toBeUndefined();
    expect(world.isContact(world.ownerId, ids.bob)).toBe(true);
    expect(world.isContact(world.ownerId, ids.carol)).toBe(false);
    expect(world.users.require(ids.helperBot)).toMatchObject({ bot: true, username: "helper_bot" });
    expect(world.users.require(ids.deletedUser).deleted).toBe(true);
    expect(world.requireChat(ids.friends).memberIds).toEqual([ids.owner, ids.alice, ids.bob]);
    expect(
      world
        .history({ userId: ids.alice })
        .map((m) => m.id)
        .sort((a, b) => a - b),
    ).toEqual(Object.values(ids.aliceChat).sort((a, b) => a - b));
    expect(world.photoState(ids.alice).own?.id).toBe(ids.photos.aliceProfile);
  });

  it("should keep real bytes behind photos and documents", async () => {
    const world = await World.seeded();
    const doc = (id: bigint) => world.media.documents.get(id)!.bytes;
    const photo = world.media.photos.get(world.ids.photos.alicePhotoMessage)!;
    for (const size of photo.sizes) expect((await sharp(size.bytes).metadata()).format).toBe("jpeg");
    expect((await sharp(doc(world.ids.documents.staticSticker)).metadata()).format).toBe("webp");
    expect((await sharp(doc(world.ids.documents.pngDocument)).metadata()).format).toBe("png");
    expect(JSON.parse(gunzipSync(doc(world.ids.documents.animatedSticker)).toString())).toMatchObject({ w: 512, h: 512 });
    expect(doc(world.ids.documents.video).toString("latin1", 4, 8)).toBe("ftyp");
  });

  it("should number each account's messages on its own", async () => {
    const world = await World.seeded();
    const sent = world.userSends(world.ids.bob, { text: "hi" });
    const bobCopy = world.history({ userId: world.ownerId }, world.ids.bob)[0];
    expect(sent.out).toBe(false);
    expect(bobCopy.out).toBe(true);
    expect(bobCopy.text).toBe("hi");
    expect(
      world.pushed
        .slice(-2)
        .map((p) => p.userId)
        .sort(),
    ).toEqual([world.ownerId, world.ids.bob].sort());
  });
});
