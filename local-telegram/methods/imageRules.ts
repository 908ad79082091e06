/**
 * Telegram's checks on uploaded pictures and avatar videos, shared by
 * messages.sendMedia and the photos.* methods.
 */
import sharp from "sharp";
import { badRequest } from "../world/errors";
import { readMp4Facts, Mp4ParseError, type Mp4Facts } from "../world/mp4";

const IMAGE_EXTENSIONS = /\.(jpe?g|jfif|png|webp|gif|bmp|tiff?|heic|heif)$/i;
/** Avatars: Telegram's smallest crop. */
export const MIN_AVATAR_SIDE = 160;
export const MAX_AVATAR_VIDEO_SECONDS = 10;
export const MAX_AVATAR_VIDEO_BYTES = 2 * 1024 * 1024;
export const MAX_AVATAR_VIDEO_SIDE = 1280;

export interface DecodedImage {
  readonly format: string;
  readonly width: number;
  readonly height: number;
}

/** PHOTO_EXT_INVALID when the upload's name does not look like a picture (Telegram judges by the name). */
export function checkPhotoName(name: string): void {
  if (!IMAGE_EXTENSIONS.test(name)) throw badRequest("PHOTO_EXT_INVALID");
}

/** Decodes the header with sharp; IMAGE_PROCESS_FAILED for anything sharp cannot read. */
export async function decodeImage(bytes: Buffer): Promise<DecodedImage> {
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.format || !meta.width || !meta.height) throw new Error("no size");
    // Decoding the pixels too catches truncated files whose header looks fine.
    await sharp(bytes).raw().toBuffer();
    return { format: meta.format, width: meta.width, height: meta.height };
  } catch {
    throw badRequest("IMAGE_PROCESS_FAILED");
  }
}

/**
 * `file` of an avatar: "a static photo in JPEG format" per the docs, at least
 * 160 px on its short side.
 */
export async function checkAvatarPhoto(name: string, bytes: Buffer): Promise<DecodedImage> {
  checkPhotoName(name);
  const image = await decodeImage(bytes);
  if (image.format !== "jpeg") throw badRequest("IMAGE_PROCESS_FAILED");
  if (Math.min(image.width, image.height) < MIN_AVATAR_SIDE) throw badRequest("PHOTO_CROP_SIZE_SMALL");
  return image;
}

/**
 * `video` of an avatar: a square MPEG-4 of at most 10 s, 160 to 1280 px, at
 * most 2 MB. Read from the MP4 boxes (moov/mvhd, trak/tkhd), no decoder.
 */
export function checkAvatarVideo(name: string, bytes: Buffer): Mp4Facts {
  if (!/\.(mp4|m4v|mov)$/i.test(name)) throw badRequest("VIDEO_FILE_INVALID");
  if (bytes.length > MAX_AVATAR_VIDEO_BYTES) throw badRequest("VIDEO_FILE_INVALID");
  let facts: Mp4Facts;
  try {
    facts = readMp4Facts(bytes);
  } catch (error) {
    if (error instanceof Mp4ParseError) throw badRequest("VIDEO_FILE_INVALID");
    throw error;
  }
  const square = facts.width === facts.height;
  const sizeOk = facts.width >= MIN_AVATAR_SIDE && facts.width <= MAX_AVATAR_VIDEO_SIDE;
  const lengthOk = facts.durationSeconds > 0 && facts.durationSeconds <= MAX_AVATAR_VIDEO_SECONDS;
  if (!square || !sizeOk || !lengthOk) throw badRequest("VIDEO_FILE_INVALID");
  return facts;
}
