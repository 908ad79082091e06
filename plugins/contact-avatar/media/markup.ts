/**
 * Sticker and custom-emoji avatars: Telegram draws them itself from a
 * `video_emoji_markup`, so nothing is downloaded or uploaded; the markup only
 * names the sticker (its set and document) or the custom emoji, and the
 * background colours.
 */
import { UserError, type Message, type StickerMedia } from "contact-userbot/sdk";
import type { AvatarMarkup } from "../service/avatarMedia";
import { hexOf } from "./avatarOptions";

/** Markup for a sticker of a sticker set. */
export function stickerMarkup(sticker: StickerMedia, colours: number[]): AvatarMarkup {
  if (!sticker.set) {
    throw new UserError("This sticker belongs to no sticker set, and Telegram can only draw avatars from stickers in a set.");
  }
  return { sticker: { set: sticker.set, stickerId: sticker.id, backgroundColors: colours } };
}

/** Whether the sticker names a set (a sticker sent as a plain .webp file belongs to none). */
export function isFromSet(sticker: StickerMedia): boolean {
  return sticker.set !== undefined;
}

/** Markup for a custom emoji document id. */
export function emojiMarkup(emojiId: bigint, colours: number[]): AvatarMarkup {
  return { customEmoji: { emojiId, backgroundColors: colours } };
}

/** The custom emoji document ids in a message, in text order. */
export function customEmojiIds(message: Message): bigint[] {
  return message.customEmoji.map((e) => e.documentId);
}

/**
 * The words a command's custom emoji are drawn as (their placeholder emoji),
 * so they are not mistaken for targets. Offsets count UTF-16 units, as
 * JavaScript strings do.
 */
export function customEmojiWords(message: Message): Set<string> {
  return new Set(message.customEmoji.map((e) => message.text.slice(e.offset, e.offset + e.length)));
}

/** "a gradient", "#ff8800": how answers describe the background. */
export function describeBackground(colours: number[]): string {
  if (colours.length === 1) return hexOf(colours[0]);
  return colours.length === 2 ? "a gradient" : "a freeform gradient";
}
