import { Api } from "telegram";
import { UserError } from "../../../src/core/errors";

/** What a replied-to message carries, as far as avatars are concerned. */
export type ReplyMediaKind =
  | { kind: "image"; label: string }
  | { kind: "video"; label: string }
  | { kind: "sticker"; label: string; format: "static" | "animated" | "video"; document: Api.Document; sticker: Api.DocumentAttributeSticker };

/** Decides from Telegram's own metadata (no download needed) what the media is. */
export function classifyMedia(message: Api.Message): ReplyMediaKind {
  const media = message.media;
  if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) return { kind: "image", label: "photo" };
  if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
    const doc = media.document;
    const sticker = doc.attributes.find((a): a is Api.DocumentAttributeSticker => a instanceof Api.DocumentAttributeSticker);
    const isVideo = doc.attributes.some((a) => a instanceof Api.DocumentAttributeVideo);
    const isAnimation = doc.attributes.some((a) => a instanceof Api.DocumentAttributeAnimated);
    if (sticker) {
      const format = doc.mimeType === "application/x-tgsticker" ? "animated" : doc.mimeType === "video/webm" ? "video" : "static";
      return { kind: "sticker", label: `${format === "static" ? "" : format + " "}sticker`, format, document: doc, sticker };
    }
    if (doc.mimeType.startsWith("video/") || isVideo) {
      const round = doc.attributes.some((a) => a instanceof Api.DocumentAttributeVideo && a.roundMessage);
      return { kind: "video", label: round ? "round video" : isAnimation ? "GIF" : "video" };
    }
    if (doc.mimeType === "image/gif" && isAnimation) return { kind: "video", label: "GIF" };
    if (doc.mimeType.startsWith("image/")) return { kind: "image", label: `${doc.mimeType.slice(6).toUpperCase()} file` };
    throw new UserError(`The replied file is ${doc.mimeType || "of an unknown type"}, not an image, video or sticker.`);
  }
  throw new UserError("The replied message has no photo, video or sticker.");
}
