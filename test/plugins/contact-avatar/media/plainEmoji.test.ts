import bigInt from "big-integer";
import { Api } from "telegram";
import { findSticker, isEmojiWord } from "../../../../plugins/contact-avatar/media/plainEmoji";
import { toStickerSet } from "../../../../src/telegram/mapping";

const doc = (id: number, alt: string) =>
  new Api.Document({
    id: bigInt(id),
    accessHash: bigInt(1),
    fileReference: Buffer.alloc(0),
    date: 0,
    mimeType: "application/x-tgsticker",
    size: bigInt(1),
    dcId: 2,
    attributes: [new Api.DocumentAttributeSticker({ alt, stickerset: new Api.InputStickerSetEmpty() })],
  });

// Telegram's answer to messages.getStickerSet, read through src/telegram's mapping.
const set = (documents: Api.Document[], packs: Api.StickerPack[] = []) =>
  toStickerSet(
    new Api.messages.StickerSet({
      set: new Api.StickerSet({
        id: bigInt(1),
        accessHash: bigInt(2),
        title: "Animated Emoji",
        shortName: "AnimatedEmojies",
        count: documents.length,
        hash: 0,
      }),
      packs,
      keywords: [],
      documents,
    }),
  );

describe("plain emoji", () => {
  it.each(["🐱", "❤️", "👍🏽", "👨‍👩‍👧", "🇺🇦", "1️⃣", "©️"])("should see %s as an emoji", (word) => {
    expect(isEmojiWord(word)).toBe(true);
  });

  it.each(["@alice", "123456", "alice", "t.me/alice", "#ff0000", "*", "https://x.y/🐱", "🐱cat"])("should not see %s as an emoji", (word) => {
    expect(isEmojiWord(word)).toBe(false);
  });

  it("should find the sticker through the packs first, ignoring the emoji variation selector", () => {
    const found = findSticker(set([doc(1, "❤")], [new Api.StickerPack({ emoticon: "❤", documents: [bigInt(5)] })]), "❤️");
    expect(found).toBe(5n);
  });

  it("should fall back to the stickers' own emoji, and say undefined when there is none", () => {
    expect(findSticker(set([doc(1, "🐶"), doc(2, "🐱")]), "🐱")).toBe(2n);
    expect(findSticker(set([doc(1, "🐶")]), "🦄")).toBeUndefined();
  });
});
