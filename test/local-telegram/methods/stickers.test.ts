import { Api } from "telegram";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { long } from "../../../local-telegram/world/tl";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("stickers methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const setOf = async (stickerset: Api.TypeInputStickerSet) => {
    const result = await dc.call(new Api.messages.GetStickerSet({ stickerset, hash: 0 }));
    if (!(result instanceof Api.messages.StickerSet)) throw new Error(`unexpected ${result.className}`);
    return result;
  };

  it("should give a set by id with its stickers and a pack for each emoji", async () => {
    const { id, accessHash } = world.ids.stickerSet;
    const set = await setOf(new Api.InputStickerSetID({ id: long(id), accessHash: long(accessHash) }));
    expect(set.set.shortName).toBe("test_stickers");
    expect(set.documents.map((d) => d.id.toString())).toContain(world.ids.documents.animatedSticker.toString());
    const party = set.packs.find((p) => p.emoticon === "🎉");
    expect(party?.documents.map(String)).toEqual([world.ids.documents.animatedSticker.toString()]);
  });

  it("should give Telegram's animated-emoji set for InputStickerSetAnimatedEmoji", async () => {
    const set = await setOf(new Api.InputStickerSetAnimatedEmoji());
    expect(set.set.id.toString()).toBe(world.ids.animatedEmojiSet.id.toString());
    expect(set.set.accessHash.toString()).toBe(world.ids.animatedEmojiSet.accessHash.toString());
    expect(set.packs.find((p) => p.emoticon === "🐱")?.documents.map(String)).toEqual([world.ids.documents.animatedEmojiCat.toString()]);
  });

  it("should answer STICKERSET_INVALID for a wrong access hash and an unknown name", async () => {
    const { id } = world.ids.stickerSet;
    const wrongHash = new Api.InputStickerSetID({ id: long(id), accessHash: long(42n) });
    expect(await dc.error(new Api.messages.GetStickerSet({ stickerset: wrongHash, hash: 0 }))).toBe("STICKERSET_INVALID");
    const unknown = new Api.InputStickerSetShortName({ shortName: "no_such_set" });
    expect(await dc.error(new Api.messages.GetStickerSet({ stickerset: unknown, hash: 0 }))).toBe("STICKERSET_INVALID");
  });
});
