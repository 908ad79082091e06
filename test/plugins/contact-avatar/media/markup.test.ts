import bigInt from "big-integer";
import { Api } from "telegram";
import { UserError } from "../../../../src/core/errors";
import { customEmojiIds, customEmojiWords, describeBackground, emojiMarkup, isFromSet, stickerMarkup } from "../../../../plugins/contact-avatar/media/markup";

const document = new Api.Document({
  id: bigInt(77),
  accessHash: bigInt(1),
  fileReference: Buffer.alloc(0),
  date: 0,
  mimeType: "application/x-tgsticker",
  size: bigInt(100),
  dcId: 2,
  attributes: [],
});
const inSet = new Api.InputStickerSetID({ id: bigInt(5), accessHash: bigInt(6) });

describe("sticker and emoji markup", () => {
  it("should name the sticker by its set and document id, with the colours", () => {
    const sticker = new Api.DocumentAttributeSticker({ alt: "🎉", stickerset: inSet });
    const markup = stickerMarkup(document, sticker, [0xff0000, 0x0000ff]);
    expect(markup).toBeInstanceOf(Api.VideoSizeStickerMarkup);
    expect(markup.stickerset).toBe(inSet);
    expect(markup.stickerId.toString()).toBe("77");
    expect(markup.backgroundColors).toEqual([0xff0000, 0x0000ff]);
  });

  it("should refuse a sticker that belongs to no set", () => {
    const loose = new Api.DocumentAttributeSticker({ alt: "", stickerset: new Api.InputStickerSetEmpty() });
    expect(isFromSet(loose)).toBe(false);
    expect(() => stickerMarkup(document, loose, [0])).toThrow(UserError);
  });

  it("should build emoji markup from a custom emoji id", () => {
    const markup = emojiMarkup(bigInt(9), [0x112233]);
    expect(markup).toBeInstanceOf(Api.VideoSizeEmojiMarkup);
    expect([markup.emojiId.toString(), markup.backgroundColors]).toEqual(["9", [0x112233]]);
  });

  it("should find custom emoji in text order and ignore other entities", () => {
    const message = new Api.Message({
      id: 1,
      peerId: new Api.PeerUser({ userId: bigInt(2) }),
      date: 0,
      message: "a ⭐ b ✨ c",
      entities: [
        new Api.MessageEntityCustomEmoji({ offset: 6, length: 1, documentId: bigInt(20) }),
        new Api.MessageEntityBold({ offset: 0, length: 1 }),
        new Api.MessageEntityCustomEmoji({ offset: 2, length: 1, documentId: bigInt(10) }),
      ],
    });
    expect(customEmojiIds(message).map(String)).toEqual(["10", "20"]);
    expect([...customEmojiWords(message)].sort()).toEqual(["⭐", "✨"].sort());
    expect(customEmojiIds(new Api.Message({ id: 1, peerId: new Api.PeerUser({ userId: bigInt(2) }), date: 0, message: "x" }))).toEqual([]);
  });

  it("should describe one colour by its code and lists as gradients", () => {
    expect(describeBackground([0xff8800])).toBe("#ff8800");
    expect(describeBackground([0x000001])).toBe("#000001");
    expect(describeBackground([1, 2])).toBe("a gradient");
    expect(describeBackground([1, 2, 3])).toBe("a freeform gradient");
    expect(describeBackground([1, 2, 3, 4])).toBe("a freeform gradient");
  });
});
