/**
 * Where the avatar comes from, decided from Telegram's metadata alone (no
 * download): a link or emoji in the command wins over the replied message;
 * a replied message gives its media, or else a custom emoji in its text.
 */
import { UsageError, UserError, type Message } from "contact-userbot/sdk";
import { classifyMedia, type ReplyMediaKind } from "../source/classifyMedia";
import { customEmojiIds } from "./markup";

export type AvatarSource =
  | { kind: "link"; url: string }
  | { kind: "image"; message: Message; label: string }
  | { kind: "video"; message: Message; label: string }
  | ({ message: Message } & Extract<ReplyMediaKind, { kind: "sticker" }>)
  | { kind: "custom-emoji"; emojiId: bigint }
  | { kind: "plain-emoji"; emoji: string };

export interface SourceWords {
  /** http(s) links among the command's words. */
  urls: string[];
  /** Plain emoji among the command's words (see isEmojiWord). */
  emoji: string[];
  /** Custom emoji in the command message itself. */
  commandEmojiIds: bigint[];
}

export const NO_SOURCE = "Reply to a photo, video, sticker or custom emoji, or give an image link or an emoji.";

export async function chooseSource(words: SourceWords, replied: () => Promise<Message | undefined>): Promise<AvatarSource> {
  // A custom emoji is drawn as a placeholder emoji in the text: those words are the custom emoji, not plain ones.
  const emoji = words.commandEmojiIds.length > 0 ? [] : words.emoji;
  const given = words.urls.length + emoji.length + Math.min(words.commandEmojiIds.length, 1);
  if (words.urls.length > 1) throw new UsageError("Give one image link at a time.");
  if (words.commandEmojiIds.length > 1 || emoji.length > 1) throw new UsageError("Give one emoji at a time.");
  if (given > 1) throw new UsageError("Give one source: an image link or an emoji, not both.");
  if (words.urls.length === 1) return { kind: "link", url: words.urls[0] };
  if (words.commandEmojiIds.length === 1) return { kind: "custom-emoji", emojiId: words.commandEmojiIds[0] };
  if (emoji.length === 1) return { kind: "plain-emoji", emoji: emoji[0] };

  const reply = await replied();
  if (!reply) throw new UsageError(NO_SOURCE);
  return fromReply(reply);
}

function fromReply(message: Message): AvatarSource {
  // A text message may still carry media such as a link preview: only a photo or file is avatar media.
  const hasFile = message.media !== undefined && message.media.kind !== "other";
  if (!hasFile) {
    const [emojiId] = customEmojiIds(message);
    if (emojiId !== undefined) return { kind: "custom-emoji", emojiId };
    throw new UserError("The replied message has no photo, video, sticker or custom emoji.");
  }
  return { ...classifyMedia(message), message };
}
