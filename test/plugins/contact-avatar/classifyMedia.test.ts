import bigInt from "big-integer";
import { Api } from "telegram";
import { UserError } from "../../../src/core/errors";
import { classifyMedia } from "../../../plugins/contact-avatar/source/classifyMedia";
import { toMessage } from "../../../src/telegram/mapping";
import type { Message } from "../../../src/telegram/model";

// Telegram's own objects, read through src/telegram's mapping: these cases check both how a
// GramJS message becomes the project's Message and how the plugin classifies it.

const message = (media?: Api.TypeMessageMedia) =>
  toMessage(new Api.Message({ id: 1, peerId: new Api.PeerUser({ userId: bigInt(2) }), date: 0, message: "", media }));

function documentMessage(mimeType: string, attributes: Api.TypeDocumentAttribute[]): Message {
  const document = new Api.Document({
    id: bigInt(10),
    accessHash: bigInt(11),
    fileReference: Buffer.alloc(0),
    date: 0,
    mimeType,
    size: bigInt(1000),
    dcId: 2,
    attributes,
  });
  return message(new Api.MessageMediaDocument({ document }));
}

const video = (extra: Partial<ConstructorParameters<typeof Api.DocumentAttributeVideo>[0]> = {}) =>
  new Api.DocumentAttributeVideo({ duration: 3, w: 640, h: 640, ...extra });
const stickerAttr = () => new Api.DocumentAttributeSticker({ alt: "🙂", stickerset: new Api.InputStickerSetID({ id: bigInt(5), accessHash: bigInt(6) }) });
const filename = (name: string) => new Api.DocumentAttributeFilename({ fileName: name });

describe("classifyMedia", () => {
  it("should see a photo as an image", () => {
    const photo = new Api.Photo({ id: bigInt(1), accessHash: bigInt(2), fileReference: Buffer.alloc(0), date: 0, sizes: [], dcId: 2 });
    expect(classifyMedia(message(new Api.MessageMediaPhoto({ photo })))).toEqual({ kind: "image", label: "photo" });
  });

  it("should see an image sent as a file as an image named by its type", () => {
    expect(classifyMedia(documentMessage("image/png", [filename("cat.png")]))).toEqual({ kind: "image", label: "PNG file" });
    expect(classifyMedia(documentMessage("image/jpeg", []))).toEqual({ kind: "image", label: "JPEG file" });
    expect(classifyMedia(documentMessage("image/gif", [filename("still.gif")]))).toEqual({ kind: "image", label: "GIF file" });
  });

  it("should see a video, a round video and a GIF as video", () => {
    expect(classifyMedia(documentMessage("video/mp4", [video(), filename("clip.mp4")]))).toEqual({ kind: "video", label: "video" });
    expect(classifyMedia(documentMessage("video/mp4", [video({ roundMessage: true })]))).toEqual({ kind: "video", label: "round video" });
    // Telegram sends GIFs as silent MPEG4 with the animated attribute
    expect(classifyMedia(documentMessage("video/mp4", [video(), new Api.DocumentAttributeAnimated()]))).toEqual({ kind: "video", label: "GIF" });
    expect(classifyMedia(documentMessage("image/gif", [new Api.DocumentAttributeAnimated()]))).toEqual({ kind: "video", label: "GIF" });
    expect(classifyMedia(documentMessage("video/quicktime", [filename("clip.mov")]))).toEqual({ kind: "video", label: "video" });
  });

  it.each([
    ["image/webp", "static", "sticker"],
    ["application/x-tgsticker", "animated", "animated sticker"],
    ["video/webm", "video", "video sticker"],
  ])("should see a %s sticker as a %s sticker with its document", (mimeType, format, label) => {
    const attr = stickerAttr();
    const attributes: Api.TypeDocumentAttribute[] =
      mimeType === "video/webm" ? [attr, video()] : [attr, new Api.DocumentAttributeImageSize({ w: 512, h: 512 })];
    const msg = documentMessage(mimeType, attributes);
    const kind = classifyMedia(msg);
    expect(kind).toMatchObject({ kind: "sticker", format, label });
    if (kind.kind !== "sticker") throw new Error("not a sticker");
    expect(kind.sticker).toMatchObject({ kind: "sticker", id: 10n, emoji: "🙂", set: { id: 5n, accessHash: 6n } });
    expect(kind.sticker).toBe(msg.media);
  });

  it("should refuse other files, naming their type", () => {
    expect(() => classifyMedia(documentMessage("audio/mpeg", [filename("song.mp3")]))).toThrow(
      new UserError("The replied file is audio/mpeg, not an image, video or sticker."),
    );
    expect(() => classifyMedia(documentMessage("", []))).toThrow("The replied file is of an unknown type, not an image, video or sticker.");
  });

  it("should refuse a message without usable media", () => {
    const text = "The replied message has no photo, video or sticker.";
    expect(() => classifyMedia(message())).toThrow(new UserError(text));
    expect(() => classifyMedia(message(new Api.MessageMediaPhoto({ photo: new Api.PhotoEmpty({ id: bigInt(1) }) })))).toThrow(text);
    expect(() => classifyMedia(message(new Api.MessageMediaDocument({ document: new Api.DocumentEmpty({ id: bigInt(1) }) })))).toThrow(text);
    expect(() => classifyMedia(message(new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() })))).toThrow(text);
  });
});
