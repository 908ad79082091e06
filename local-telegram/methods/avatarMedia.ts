/**
 * Turning the media of an avatar call (file, video or video_emoji_markup)
 * into a world photo, with Telegram's checks on each kind.
 */
import { Api } from "telegram";
import sharp from "sharp";
import type { World } from "../world";
import { badRequest } from "../world/errors";
import type { PhotoRecord } from "../world/media";
import type { UploadedFile } from "../world/uploads";
import { toBigint } from "../world/tl";
import { markupStill } from "../world/markupStill";
import { videoFrame } from "../world/videoFrame";
import { checkAvatarPhoto, checkAvatarVideo } from "./imageRules";
import { inputFileRef, resolveStickerSet } from "./inputs";

export interface AvatarMediaInput {
  readonly file?: unknown;
  readonly video?: unknown;
  readonly videoStartTs?: number;
  readonly videoEmojiMarkup?: unknown;
}

export interface AvatarMediaOutcome {
  readonly photo: PhotoRecord;
  readonly file?: UploadedFile;
  readonly video?: UploadedFile;
}

const AVATAR_SIDE = 640;

/**
 * The mutual-exclusion and start-timestamp rules. Telegram documents no
 * error name for either; the world answers MEDIA_INVALID for more than one
 * medium and VIDEO_START_TS_INVALID for a timestamp without a video or
 * markup (or outside 0..10 s), both 400 like Telegram's other input errors.
 */
export function countAvatarMedia(input: AvatarMediaInput): number {
  const count = [input.file, input.video, input.videoEmojiMarkup].filter((m) => m !== undefined).length;
  if (count > 1) throw badRequest("MEDIA_INVALID");
  if (input.videoStartTs !== undefined) {
    const hasMotion = input.video !== undefined || input.videoEmojiMarkup !== undefined;
    if (!hasMotion || !(input.videoStartTs >= 0 && input.videoStartTs <= 10)) throw badRequest("VIDEO_START_TS_INVALID");
  }
  return count;
}

/** Assumes countAvatarMedia said exactly one. */
export async function avatarPhotoFrom(world: World, callerId: bigint, input: AvatarMediaInput): Promise<AvatarMediaOutcome> {
  if (input.file !== undefined) {
    const file = world.uploads.assemble(callerId, inputFileRef(input.file));
    await checkAvatarPhoto(file.name, file.bytes);
    return { file, photo: await world.addPhoto(file.bytes, "profile", { source: { file } }) };
  }
  if (input.video !== undefined) {
    const video = world.uploads.assemble(callerId, inputFileRef(input.video));
    const facts = checkAvatarVideo(video.name, video.bytes);
    if (input.videoStartTs !== undefined && input.videoStartTs > facts.durationSeconds) throw badRequest("VIDEO_START_TS_INVALID");
    // The still Telegram cuts from the video at video_start_ts; a grey placeholder of its size where ffmpeg is missing.
    const frame = await videoFrame(video.bytes, input.videoStartTs ?? 0);
    const still = frame
      ? await sharp(frame).resize(facts.width, facts.width, { fit: "cover" }).jpeg({ quality: 87 }).toBuffer()
      : await solidJpeg(facts.width, 0x808080);
    const photo = await world.addPhoto(still, "profile", {
      videoSizes: [{ type: "u", width: facts.width, height: facts.height, bytes: video.bytes, startTs: input.videoStartTs }],
      source: { video, videoStartTs: input.videoStartTs },
    });
    return { video, photo };
  }
  const markup = checkEmojiMarkup(world, input.videoEmojiMarkup);
  const still = await markupStill(world, markup, AVATAR_SIDE);
  return { photo: await world.addPhoto(still, "profile", { emojiMarkup: markup, source: { emojiMarkup: markup, videoStartTs: input.videoStartTs } }) };
}

/** A sticker or custom emoji on a background: the sticker must be in its set, the emoji a custom emoji document. */
function checkEmojiMarkup(world: World, markup: unknown): Api.VideoSizeEmojiMarkup | Api.VideoSizeStickerMarkup {
  if (markup instanceof Api.VideoSizeEmojiMarkup) {
    checkColors(markup.backgroundColors);
    const doc = world.media.documents.get(toBigint(markup.emojiId));
    if (!doc || !doc.attributes.some((a) => a instanceof Api.DocumentAttributeCustomEmoji)) throw badRequest("EMOJI_MARKUP_INVALID");
    return markup;
  }
  if (markup instanceof Api.VideoSizeStickerMarkup) {
    checkColors(markup.backgroundColors);
    // Markup names its set by id or short name; custom-emoji sets go through videoSizeEmojiMarkup instead.
    if (markup.stickerset instanceof Api.InputStickerSetAnimatedEmoji) throw badRequest("STICKERSET_INVALID");
    const set = resolveStickerSet(world, markup.stickerset);
    if (set.emojis) throw badRequest("STICKERSET_INVALID");
    if (!set.documentIds.includes(toBigint(markup.stickerId))) throw badRequest("EMOJI_MARKUP_INVALID");
    return markup;
  }
  throw badRequest("EMOJI_MARKUP_INVALID");
}

/** 1 to 4 RGB-24 colours. */
function checkColors(colors: number[]): void {
  const valid = colors.length >= 1 && colors.length <= 4 && colors.every((c) => Number.isInteger(c) && c >= 0 && c <= 0xffffff);
  if (!valid) throw badRequest("EMOJI_MARKUP_INVALID");
}

function solidJpeg(side: number, rgb: number): Promise<Buffer> {
  const background = { r: (rgb >> 16) & 0xff, g: (rgb >> 8) & 0xff, b: rgb & 0xff };
  return sharp({ create: { width: side, height: side, channels: 3, background } })
    .jpeg()
    .toBuffer();
}
