/**
 * A plain emoji such as 🐱 as the avatar: Telegram keeps an animated sticker
 * for most emoji in its "animated emoji" set (the big emoji its apps show
 * when a message is a single emoji). That sticker, on a background, is the
 * avatar, sent as sticker markup like any other sticker.
 */
import { Api } from "telegram";
import { UserError } from "../../../src/core/errors";
import type { Telegram } from "../../../src/telegram/types";

/** Variation selector 16 ("show as emoji"): present or not in typed text and in Telegram's packs alike. */
const VS16 = /\uFE0F/g;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;
/** What an emoji may be made of: pictographs, flags, keycaps, skin tones, joiners and selectors. */
const EMOJI_PARTS = /^[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200D\uFE0F\u20E3#*0-9]+$/u;

/** Whether a command word is an emoji (not a username, id or link: a numeric id has no pictograph). */
export function isEmojiWord(word: string): boolean {
  return EMOJI_PARTS.test(word) && PICTOGRAPH.test(word);
}

/** The animated-emoji sticker for `emoji` and the set it is in. */
export async function animatedEmojiSticker(
  telegram: Telegram,
  emoji: string,
): Promise<{ stickerset: Api.InputStickerSetID; stickerId: Api.long }> {
  const result = await telegram.invoke(new Api.messages.GetStickerSet({ stickerset: new Api.InputStickerSetAnimatedEmoji(), hash: 0 }));
  if (!(result instanceof Api.messages.StickerSet)) throw new Error("messages.getStickerSet answered StickerSetNotModified to hash 0");
  const stickerId = findSticker(result, emoji);
  if (stickerId === undefined) throw new UserError(`Telegram has no animated sticker for ${emoji}; try another emoji or reply to a sticker.`);
  return { stickerset: new Api.InputStickerSetID({ id: result.set.id, accessHash: result.set.accessHash }), stickerId };
}

/** The pack lists every emoji a sticker stands for; a sticker's own `alt` is the fallback. */
export function findSticker(set: Api.messages.StickerSet, emoji: string): Api.long | undefined {
  const wanted = emoji.replace(VS16, "");
  const pack = set.packs.find((p) => p.emoticon.replace(VS16, "") === wanted && p.documents.length > 0);
  if (pack) return pack.documents[0];
  const document = set.documents.find(
    (d): d is Api.Document =>
      d instanceof Api.Document && d.attributes.some((a) => a instanceof Api.DocumentAttributeSticker && a.alt.replace(VS16, "") === wanted),
  );
  return document?.id;
}
