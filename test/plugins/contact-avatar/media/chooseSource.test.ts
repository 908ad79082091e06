import bigInt from "big-integer";
import { Api } from "telegram";
import { UsageError, UserError } from "../../../../src/core/errors";
import { chooseSource, NO_SOURCE, type SourceWords } from "../../../../plugins/contact-avatar/media/chooseSource";
import { toMessage } from "../../../../src/telegram/mapping";

const message = (extra: Partial<ConstructorParameters<typeof Api.Message>[0]> = {}) =>
  toMessage(new Api.Message({ id: 1, peerId: new Api.PeerUser({ userId: bigInt(2) }), date: 0, message: "", ...extra }));
const words = (extra: Partial<SourceWords> = {}): SourceWords => ({ urls: [], emoji: [], commandEmojiIds: [], ...extra });
const stickerMessage = (extra: Partial<ConstructorParameters<typeof Api.Message>[0]> = {}) =>
  message({
    ...extra,
    media: new Api.MessageMediaDocument({
      document: new Api.Document({
        id: bigInt(10),
        accessHash: bigInt(11),
        fileReference: Buffer.alloc(0),
        date: 0,
        mimeType: "video/webm",
        size: bigInt(1000),
        dcId: 2,
        attributes: [new Api.DocumentAttributeSticker({ alt: "🔥", stickerset: new Api.InputStickerSetID({ id: bigInt(5), accessHash: bigInt(6) }) })],
      }),
    }),
  });

describe("chooseSource", () => {
  const noReply = jest.fn(async () => undefined);
  beforeEach(() => noReply.mockClear());

  it("should take a link, a custom emoji or a plain emoji from the command without asking for the reply", async () => {
    expect(await chooseSource(words({ urls: ["https://x.y/a.jpg"] }), noReply)).toEqual({ kind: "link", url: "https://x.y/a.jpg" });
    expect(await chooseSource(words({ emoji: ["🐱"] }), noReply)).toEqual({ kind: "plain-emoji", emoji: "🐱" });
    const custom = await chooseSource(words({ emoji: ["⭐"], commandEmojiIds: [42n] }), noReply);
    expect(custom.kind).toBe("custom-emoji");
    expect(custom.kind === "custom-emoji" && custom.emojiId).toBe(42n);
    expect(noReply).not.toHaveBeenCalled();
  });

  it.each([
    [{ urls: ["https://a/1.jpg", "https://a/2.jpg"] }, "Give one image link at a time."],
    [{ emoji: ["🐱", "🐶"] }, "Give one emoji at a time."],
    [{ commandEmojiIds: [1n, 2n] }, "Give one emoji at a time."],
    [{ urls: ["https://a/1.jpg"], emoji: ["🐱"] }, "Give one source: an image link or an emoji, not both."],
  ])("should refuse %p", async (given, text) => {
    await expect(chooseSource(words(given), noReply)).rejects.toThrow(new UsageError(text));
  });

  it("should ask for a reply when nothing is given", async () => {
    await expect(chooseSource(words(), noReply)).rejects.toThrow(new UsageError(NO_SOURCE));
  });

  it("should take the replied sticker with its document and set, the replied custom emoji, and refuse plain text", async () => {
    const sticker = await chooseSource(words(), async () => stickerMessage());
    expect(sticker).toMatchObject({ kind: "sticker", format: "video", label: "video sticker" });
    const withEmoji = message({ message: "hi ⭐", entities: [new Api.MessageEntityCustomEmoji({ offset: 3, length: 1, documentId: bigInt(7) })] });
    expect(await chooseSource(words(), async () => withEmoji)).toEqual({ kind: "custom-emoji", emojiId: 7n });
    await expect(chooseSource(words(), async () => message({ message: "hello" }))).rejects.toThrow(
      new UserError("The replied message has no photo, video, sticker or custom emoji."),
    );
  });

  it("should prefer the replied message's media to a custom emoji in its caption", async () => {
    const captioned = stickerMessage({ message: "⭐", entities: [new Api.MessageEntityCustomEmoji({ offset: 0, length: 1, documentId: bigInt(7) })] });
    expect((await chooseSource(words(), async () => captioned)).kind).toBe("sticker");
  });
});
