import { UserError, type Message, type StickerMedia } from "contact-userbot/sdk";

/** What a replied-to message carries, as far as avatars are concerned. */
export type ReplyMediaKind =
  | { kind: "image"; label: string }
  | { kind: "video"; label: string }
  | { kind: "sticker"; label: string; format: StickerMedia["format"]; sticker: StickerMedia };

const VIDEO_LABELS = { video: "video", gif: "GIF", round: "round video" } as const;

/** Decides from Telegram's own metadata (no download needed) what the media is. */
export function classifyMedia(message: Message): ReplyMediaKind {
  const media = message.media;
  switch (media?.kind) {
    case "photo":
      return { kind: "image", label: "photo" };
    case "sticker":
      return { kind: "sticker", label: `${media.format === "static" ? "" : media.format + " "}sticker`, format: media.format, sticker: media };
    case "video":
    case "gif":
    case "round":
      return { kind: "video", label: VIDEO_LABELS[media.kind] };
    case "document":
      if (media.mime.startsWith("image/")) return { kind: "image", label: `${media.mime.slice(6).toUpperCase()} file` };
      throw new UserError(`The replied file is ${media.mime || "of an unknown type"}, not an image, video or sticker.`);
    default:
      throw new UserError("The replied message has no photo, video or sticker.");
  }
}
