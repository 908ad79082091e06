/**
 * The numbers the image pipeline works to, in one place so that the plugin's
 * help text, the option parser and the pipeline cannot disagree.
 */

/**
 * Output side length in pixels. Telegram Desktop upscales anything smaller
 * than 640 px to 640 and Telegram Android sends 800×800; 1280 is the largest
 * size Telegram keeps for profile photos.
 */
export const AVATAR_SIZE = { min: 640, max: 1280, default: 800 } as const;

/** JPEG quality: Telegram Desktop's 87 by default. */
export const JPEG_QUALITY = { min: 1, max: 100, default: 87 } as const;

export const DEFAULT_BACKGROUND = "#ffffff";

/**
 * Bigger files are refused before decoding. A phone's 50 MP photo is about
 * 15 MB, a 108 MP one 20 to 35 MB, a 200 MP one up to about 50 MB.
 */
export const DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024;

/**
 * Decompression-bomb guard, the most any image may have. Only decoders that
 * shrink while they decode get this far (baseline JPEG through libjpeg's
 * scaled IDCT, WebP through libwebp's scaled decoding): with the resize to
 * at most 1280 px in the same pipeline, a JPEG that big is decoded at an
 * eighth of each side and a WebP at about the output size. Measured with
 * sharp 0.34 (bench/big-photo.ts): a 200 MP baseline JPEG peaked at 154 MB
 * RSS, a 108 MP one at 145 MB (144 MB with EXIF orientation 6), a 108 MP
 * WebP at 147 MB (measured by hand: libvips could not write a 192 MP WebP to
 * try), all within the 250 MB budget.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 200_000_000;

/**
 * The limit for decoders that stream but cannot shrink on load (PNG, TIFF,
 * AVIF, HEIC): they produce every pixel. 100 MP is twice a 50 MP camera's
 * output; what it stops is a tiny file claiming a huge canvas. Measured with
 * sharp 0.34: a 100 MP PNG costs about 0.65 s and 140 MB peak RSS.
 */
export const FULL_DECODE_MAX_PIXELS = 100_000_000;

/** Telegram Desktop refuses photos whose sides differ by more than 10 times. */
export const MAX_ASPECT_RATIO = 10;

/** A lower pixel limit for a decoder that cannot shrink while it decodes. */
export interface DecoderPixelLimit {
  pixels: number;
  /** For the message: "the 16-megapixel limit for GIFs" (none for the usual limit). */
  appliesTo?: string;
}

/** Formats whose decoder shrinks while decoding, and so may have up to DEFAULT_MAX_INPUT_PIXELS. */
export function shrinksOnLoad(format: string, isProgressive: boolean): boolean {
  return (format === "jpeg" && !isProgressive) || format === "webp";
}

/**
 * The pixel limit of the format's decoder, below the general one; undefined
 * for formats that shrink on load (only the general limit applies).
 *
 * Some decoders cannot stream, so their memory grows with the whole canvas
 * whatever the output size. Peak RSS measured for one pipeline run (sharp
 * 0.34, Node 20): GIF 16 MP → 154 MB (100 MP → 1.3 GB), interlaced PNG
 * 25 MP → 181 MB (100 MP → 490 MB), progressive JPEG 50 MP → 223 MB
 * (baseline 50 MP JPEG: 80 MB). Each limit keeps one run under 250 MB.
 * The others stream without shrinking: FULL_DECODE_MAX_PIXELS, named in the
 * message as "the limit" without a format, as it is the usual one.
 */
export function decoderPixelLimit(format: string, isProgressive: boolean): DecoderPixelLimit | undefined {
  if (format === "gif") return { pixels: 16_000_000, appliesTo: "GIFs" };
  if (format === "png" && isProgressive) return { pixels: 25_000_000, appliesTo: "interlaced PNGs" };
  if (format === "jpeg" && isProgressive) return { pixels: 50_000_000, appliesTo: "progressive JPEGs" };
  if (shrinksOnLoad(format, isProgressive)) return undefined;
  return { pixels: FULL_DECODE_MAX_PIXELS };
}
