/**
 * The checks that turn a bad input into one clear sentence before (or
 * instead of) a decoder error: empty, too big, not an image, too many
 * pixels, too narrow.
 */
import type { Metadata } from "sharp";
import { formatBytes } from "contact-userbot/sdk";
import { ImageInputError } from "./errors";
import { decoderPixelLimit, DEFAULT_MAX_INPUT_BYTES, MAX_ASPECT_RATIO } from "./limits";
import { sniffMedia } from "./sniff";
import { loadSharp } from "./sharp";

/**
 * Refuses an empty or oversized file. Exported so that a caller holding only
 * a file size (the CLI before reading, the plugin before downloading) can
 * refuse with the same words.
 */
export function checkInputByteCount(bytes: number, maxInputBytes = DEFAULT_MAX_INPUT_BYTES): void {
  if (bytes === 0) throw new ImageInputError("empty", "The file is empty");
  if (bytes > maxInputBytes) {
    throw new ImageInputError("too-many-bytes", `The file is ${formatBytes(bytes)}, more than the ${formatBytes(maxInputBytes)} limit`);
  }
}

/** Checks that need no decoder; returns the sniffed format. */
export function checkInputBytes(input: Buffer, maxInputBytes: number): string {
  checkInputByteCount(input.length, maxInputBytes);
  const media = sniffMedia(input);
  switch (media.kind) {
    case "video":
      throw new ImageInputError("video", `This is a video (${media.format.toUpperCase()}), not an image`);
    case "animated-sticker":
      throw new ImageInputError("animated-sticker", "This is an animated sticker (TGS), not an image");
    case "unknown":
      throw notAnImage(media.format);
    case "image":
      if (!canDecode(media.format)) {
        throw new ImageInputError("unsupported-format", `${media.format.toUpperCase()} images are not supported by this build of sharp; convert to JPEG first`);
      }
      return media.format;
  }
}

const READABLE = "JPEG, PNG, WebP, GIF, TIFF or AVIF";

function notAnImage(format: string): ImageInputError {
  const why: Record<string, string> = {
    text: "This is not an image (it looks like text)",
    svg: `SVG drawings are not supported; send a ${READABLE} image`,
    xml: `This is an XML document, not an image (send a ${READABLE} image)`,
    pdf: "This is a PDF, not an image",
  };
  return new ImageInputError("not-an-image", why[format] ?? `This is not an image (expected ${READABLE})`);
}

/** HEIC and AVIF both go through libheif, whose prebuilt sharp binaries decode AVIF only. */
function canDecode(format: string): boolean {
  if (format !== "heic" && format !== "avif") return true;
  const { heif } = loadSharp().format;
  return heif.input.buffer && (heif.input.fileSuffix ?? []).includes(`.${format}`);
}

/** sharp's name for the loader of each sniffed format. */
const SHARP_FORMAT: Record<string, string> = { avif: "heif", heic: "heif" };

/**
 * The guard behind the sniffer: sharp picks its decoder from the content by
 * itself, so the decoder it picked must be the one for the format we sniffed
 * (above all, never its SVG loader).
 */
export function checkDecoderAgrees(sniffed: string, metadata: Metadata): void {
  const expected = SHARP_FORMAT[sniffed] ?? sniffed;
  if (metadata.format === expected) return;
  if (metadata.format === "svg") throw notAnImage("svg");
  throw new ImageInputError("not-an-image", `This file does not hold the ${sniffed.toUpperCase()} image its header claims`);
}

export function damaged(cause: unknown): ImageInputError {
  return new ImageInputError("damaged", "The image is truncated or damaged", { cause });
}

export function displayedSize(metadata: Metadata): { width: number; height: number } {
  const width = metadata.autoOrient?.width ?? metadata.width;
  const height = metadata.autoOrient?.height ?? metadata.height;
  if (!width || !height) throw damaged(new Error("no dimensions in the header"));
  return { width, height };
}

/**
 * Refuses too many pixels; returns the limit that applies to this image:
 * `maxPixels` (the caller's, by default the most a format that shrinks on
 * load may have), or the decoder's lower one.
 */
export function checkPixels(format: string, metadata: Metadata, width: number, height: number, maxPixels: number): number {
  const decoderLimit = decoderPixelLimit(format, metadata.isProgressive ?? false);
  const limit = Math.min(maxPixels, decoderLimit?.pixels ?? Number.POSITIVE_INFINITY);
  if (width * height <= limit) return limit;
  const appliesTo = decoderLimit?.appliesTo && decoderLimit.pixels === limit ? ` for ${decoderLimit.appliesTo}` : "";
  throw new ImageInputError("too-many-pixels", `The image is ${width}×${height} pixels, more than the ${megapixels(limit)}-megapixel limit${appliesTo}`);
}

function megapixels(pixels: number): string {
  return String(Math.round((pixels / 1_000_000) * 10) / 10);
}

export function checkAspectRatio(width: number, height: number): void {
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (ratio <= MAX_ASPECT_RATIO) return;
  // Rounded up so that a ratio just over the limit never reads "10:1 is beyond 10:1".
  const shown = Math.ceil(ratio * 10) / 10;
  throw new ImageInputError("aspect-ratio", `Aspect ratio ${shown}:1 is beyond ${MAX_ASPECT_RATIO}:1; use --crop=fit`);
}
