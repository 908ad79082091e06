/**
 * What will be made from the source, with the options that apply to it
 * checked: every usage error surfaces here, before any download.
 *
 * Defaults follow Telegram's own clients: a sticker becomes sticker markup
 * (Telegram draws it, animated where the sticker is), `--as-photo` opts a
 * static sticker out into a JPEG; a video becomes an animated avatar,
 * `--still` opts out into one frame as a photo.
 */
import { UsageError, type Message } from "contact-userbot/sdk";
import type { AvatarMarkup } from "../service/avatarMedia";
import { parseColourList } from "../colours";
import { parsePrepareOptions, type PrepareOptions } from "../image";
import type { AvatarConfig } from "../settings";
import type { VideoOptions } from "../video";
import { backgroundColours, flag, previewFrame, refuseOptions, secondsOption, singleBackground, videoOptionsFrom, type CommandOptions } from "./avatarOptions";
import type { AvatarSource } from "./chooseSource";
import { emojiMarkup, isFromSet, stickerMarkup } from "./markup";

export type AvatarPlan =
  | { kind: "photo"; from: { url: string } | { message: Message }; label: string; image: Partial<PrepareOptions> }
  | { kind: "video"; message: Message; label: string; video: Partial<VideoOptions> }
  | { kind: "still"; message: Message; label: string; atSec: number; image: Partial<PrepareOptions> }
  | { kind: "markup"; label: string; colours: number[]; frame?: number; markup: AvatarMarkup }
  | { kind: "plain-emoji"; emoji: string; colours: number[]; frame?: number };

const PHOTO_ONLY = ["quality"];
const VIDEO_ONLY = ["start", "duration", "still"];
const MARKUP_UNUSED = ["crop", "size", "quality", "start", "duration", "still"];

export function planAvatar(source: AvatarSource, options: CommandOptions, config: AvatarConfig): AvatarPlan {
  switch (source.kind) {
    case "link":
    case "image":
      refuseOptions(options, [...VIDEO_ONLY, "frame", "as-photo"], `does not apply to ${article(source.kind === "link" ? "image" : source.label)}`);
      return {
        kind: "photo",
        from: source.kind === "link" ? { url: source.url } : { message: source.message },
        label: labelOf(source),
        image: photoOptions(options, config),
      };
    case "video":
      return planVideo(source, options, config);
    case "sticker": {
      const asPhoto = flag(options, "as-photo");
      if (asPhoto || !isFromSet(source.sticker)) {
        if (source.format !== "static") {
          throw new UsageError(
            asPhoto
              ? `--as-photo works with static stickers only, not ${article(source.label)}`
              : "This sticker belongs to no sticker set, and Telegram can only draw avatars from stickers in a set.",
          );
        }
        refuseOptions(options, [...VIDEO_ONLY, "frame"], "does not apply to a sticker used as a photo");
        return { kind: "photo", from: { message: source.message }, label: source.label, image: photoOptions(options, config) };
      }
      refuseMarkupOptions(options, source.label);
      if (source.format === "static") refuseOptions(options, ["frame"], "is for animated stickers; this one is static");
      const colours = markupColours(options, config);
      return { kind: "markup", label: source.label, colours, frame: previewFrame(options), markup: stickerMarkup(source.sticker, colours) };
    }
    case "custom-emoji": {
      refuseMarkupOptions(options, "custom emoji");
      refuseOptions(options, ["as-photo"], "is for static stickers");
      const colours = markupColours(options, config);
      return { kind: "markup", label: "custom emoji", colours, frame: previewFrame(options), markup: emojiMarkup(source.emojiId, colours) };
    }
    case "plain-emoji":
      refuseMarkupOptions(options, source.emoji);
      refuseOptions(options, ["as-photo"], "is for static stickers");
      return { kind: "plain-emoji", emoji: source.emoji, colours: markupColours(options, config), frame: previewFrame(options) };
  }
}

function planVideo(source: Extract<AvatarSource, { kind: "video" }>, options: CommandOptions, config: AvatarConfig): AvatarPlan {
  refuseOptions(options, ["as-photo"], `is for static stickers; for one frame of ${article(source.label)} use --still`);
  if (flag(options, "still")) {
    refuseOptions(options, ["duration"], "does not apply with --still (one frame is taken, at --start plus --frame)");
    const atSec = (secondsOption(options, "start") ?? 0) + (secondsOption(options, "frame") ?? 0);
    return { kind: "still", message: source.message, label: source.label, atSec, image: photoOptions(options, config) };
  }
  refuseOptions(options, PHOTO_ONLY, `does not apply to an animated avatar (use --still for a photo from ${article(source.label)})`);
  return {
    kind: "video",
    message: source.message,
    label: source.label,
    video: videoOptionsFrom(options, { size: config.videoSize, background: config.background }),
  };
}

/** The photo pipeline's options, with the configured crop as the default. */
export function photoOptions(options: CommandOptions, config: AvatarConfig): Partial<PrepareOptions> {
  // Checked first for its clearer message: a colour list is for stickers.
  singleBackground(options, "photos");
  const parsed = parsePrepareOptions(options, config);
  return { ...parsed, crop: options.crop === undefined ? config.crop : parsed.crop };
}

function refuseMarkupOptions(options: CommandOptions, label: string): void {
  refuseOptions(options, MARKUP_UNUSED, `does not apply to ${article(label)}: Telegram draws it on the --bg colours`);
  if (options.preview !== undefined) {
    throw new UsageError("--preview works for photos and videos; Telegram draws sticker and emoji avatars itself.");
  }
}

function markupColours(options: CommandOptions, config: AvatarConfig): number[] {
  return backgroundColours(options) ?? parseColourList(config.markupBackground, { max: 4 });
}

function labelOf(source: Extract<AvatarSource, { kind: "link" | "image" }>): string {
  return source.kind === "link" ? "image" : source.label;
}

/** "a photo", "an animated sticker", "🐱". */
function article(label: string): string {
  if (!/^[a-z]/i.test(label)) return label;
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
