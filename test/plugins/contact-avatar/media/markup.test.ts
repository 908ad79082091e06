import bigInt from "big-integer";
import { Api } from "telegram";
import { UserError } from "../../../../src/core/errors";
import { customEmojiIds, customEmojiWords, describeBackground, emojiMarkup, isFromSet, stickerMarkup } from "../../../../plugins/contact-avatar/media/markup";
import { toMessage } from "../../../../src/telegram/mapping";
import { stickerMedia } from "../../../fixtures/owned";

describe("sticker and emoji markup", () => {
  it("should name the sticker by its set and document id, with the colours", () => {
    const sticker = stickerMedia({ id: 77n, set: { id: 5n, accessHash: 6n } });
    expect(stickerMarkup(sticker, [0xff0000, 0x0000ff])).toEqual({
      sticker: { set: { id: 5n, accessHash: 6n }, stickerId: 77n, backgroundColors: [0xff0000, 0x0000ff] },
    });
  });

  it("should refuse a sticker that belongs to no set", () => {
    const loose = stickerMedia({ set: undefined });
    expect(isFromSet(loose)).toBe(false);
    expect(() => stickerMarkup(loose, [0])).toThrow(UserError);
  });

  it("should build emoji markup from a custom emoji id", () => {
    expect(emojiMarkup(9n, [0x112233])).toEqual({ customEmoji: { emojiId: 9n, backgroundColors: [0x112233] } });
  });

  it("should find custom emoji in text order and ignore other entities", () => {
    // Telegram's entities, read through src/telegram's mapping.
    const message = toMessage(
      new Api.Message({
        id: 1,
        peerId: new Api.PeerUser({ userId: bigInt(2) }),
        date: 0,
        message: "a ⭐ b ✨ c",
        entities: [
          new Api.MessageEntityCustomEmoji({ offset: 6, length: 1, documentId: bigInt(20) }),
          new Api.MessageEntityBold({ offset: 0, length: 1 }),
          new Api.MessageEntityCustomEmoji({ offset: 2, length: 1, documentId: bigInt(10) }),
        ],
      }),
    );
    expect(customEmojiIds(message)).toEqual([10n, 20n]);
    expect([...customEmojiWords(message)].sort()).toEqual(["⭐", "✨"].sort());
    expect(customEmojiIds(toMessage(new Api.Message({ id: 1, peerId: new Api.PeerUser({ userId: bigInt(2) }), date: 0, message: "x" })))).toEqual([]);
  });

  it("should describe one colour by its code and lists as gradients", () => {
    expect(describeBackground([0xff8800])).toBe("#ff8800");
    expect(describeBackground([0x000001])).toBe("#000001");
    expect(describeBackground([1, 2])).toBe("a gradient");
    expect(describeBackground([1, 2, 3])).toBe("a freeform gradient");
    expect(describeBackground([1, 2, 3, 4])).toBe("a freeform gradient");
  });
});
