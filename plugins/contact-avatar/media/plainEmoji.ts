/**
 * A plain emoji such as 🐱 as the avatar: Telegram keeps an animated sticker
 * for most emoji in its "animated emoji" set (the big emoji its apps show
 * when a message is a single emoji). That sticker, on a background, is the
 * avatar, sent as sticker markup like any other sticker.
 */
import { UserError, type StickerSet, type StickerSetRef, type Telegram } from "contact-userbot/sdk";

/** Variation selector 16 ("show as emoji"): present or not in typed text and in Telegram's packs alike. */
const VS16 = /\uFE0F/g;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;
/** What an emoji may be made of: pictographs, flags, keycaps, skin tones, joiners and selectors. */
// eslint-disable-next-line no-misleading-character-class -- the joiner, VS16 and the keycap mark are listed as code points of their own on purpose: an emoji is a run of them
const EMOJI_PARTS = /^[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200D\uFE0F\u20E3#*0-9]+$/u;

/** Whether a command word is an emoji (not a username, id or link: a numeric id has no pictograph). */
export function isEmojiWord(word: string): boolean {
  return EMOJI_PARTS.test(word) && PICTOGRAPH.test(word);
}

/** The animated-emoji sticker for `emoji` and the set it is in. */
export async function animatedEmojiSticker(telegram: Telegram, emoji: string): Promise<{ set: StickerSetRef; stickerId: bigint }> {
  const set = await telegram.stickers.getSet("animated-emoji");
  const stickerId = findSticker(set, emoji);
  if (stickerId === undefined) throw new UserError(`Telegram has no animated sticker for ${emoji}; try another emoji or reply to a sticker.`);
  return { set: set.ref, stickerId };
}

/** The pack lists every emoji a sticker stands for; a sticker's own emoji is the fallback. */
export function findSticker(set: StickerSet, emoji: string): bigint | undefined {
  const wanted = emoji.replace(VS16, "");
  const pack = set.packs.find((p) => p.emoji.replace(VS16, "") === wanted && p.stickerIds.length > 0);
  if (pack) return pack.stickerIds[0];
  return set.stickers.find((s) => s.emoji.replace(VS16, "") === wanted)?.id;
}
