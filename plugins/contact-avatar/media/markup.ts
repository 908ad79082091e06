/**
 * Sticker and custom-emoji avatars: Telegram draws them itself from a
 * `video_emoji_markup`, so nothing is downloaded or uploaded; the markup only
 * names the sticker (its set and document) or the custom emoji, and the
 * background colours.
 */
import { Api } from "telegram";
import { UserError } from "../../../src/core/errors";
import { hexOf } from "./avatarOptions";

/** `videoSizeStickerMarkup` for a sticker document of a sticker set. */
export function stickerMarkup(document: Api.Document, sticker: Api.DocumentAttributeSticker, colours: number[]): Api.VideoSizeStickerMarkup {
  if (!isFromSet(sticker)) {
    throw new UserError("This sticker belongs to no sticker set, and Telegram can only draw avatars from stickers in a set.");
  }
  return new Api.VideoSizeStickerMarkup({ stickerset: sticker.stickerset, stickerId: document.id, backgroundColors: colours });
}

/** Whether the sticker names a set (a sticker sent as a plain .webp file carries InputStickerSetEmpty). */
export function isFromSet(sticker: Api.DocumentAttributeSticker): boolean {
  return !(sticker.stickerset instanceof Api.InputStickerSetEmpty);
}

/** `videoSizeEmojiMarkup` for a custom emoji document id. */
export function emojiMarkup(emojiId: Api.long, colours: number[]): Api.VideoSizeEmojiMarkup {
  return new Api.VideoSizeEmojiMarkup({ emojiId, backgroundColors: colours });
}

/** The custom emoji document ids in a message, in text order. */
export function customEmojiIds(message: Api.Message): Api.long[] {
  return (message.entities ?? [])
    .filter((e): e is Api.MessageEntityCustomEmoji => e instanceof Api.MessageEntityCustomEmoji)
    .sort((a, b) => a.offset - b.offset)
    .map((e) => e.documentId);
}

/**
 * The words a command's custom emoji are drawn as (their placeholder emoji),
 * so they are not mistaken for targets. Entity offsets count UTF-16 units,
 * as JavaScript strings do.
 */
export function customEmojiWords(message: Api.Message): Set<string> {
  const text = message.message ?? "";
  return new Set(
    (message.entities ?? []).filter((e) => e instanceof Api.MessageEntityCustomEmoji).map((e) => text.slice(e.offset, e.offset + e.length)),
  );
}

/** "a gradient", "#ff8800": how answers describe the background. */
export function describeBackground(colours: number[]): string {
  if (colours.length === 1) return hexOf(colours[0]);
  return colours.length === 2 ? "a gradient" : "a freeform gradient";
}
