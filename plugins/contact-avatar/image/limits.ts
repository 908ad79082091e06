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

/** Bigger files are refused before decoding; a phone's 50 MP photo is about 15 MB. */
export const DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024;

/**
 * Decompression-bomb guard for decoders that stream (baseline JPEG, WebP,
 * TIFF, non-interlaced PNG, AVIF). 100 MP is twice a 50 MP camera's output,
 * and a real photo with more pixels hardly fits in the 20 MB byte limit
 * anyway; what it stops is a tiny file claiming a huge canvas. Measured with
 * sharp 0.34: a 100 MP PNG costs about 0.65 s and 140 MB peak RSS, so even
 * the worst accepted input stays within the 250 MB budget.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/** Telegram Desktop refuses photos whose sides differ by more than 10 times. */
export const MAX_ASPECT_RATIO = 10;

/** A lower pixel limit for a decoder that holds the whole image in memory. */
export interface WholeImageDecoderLimit {
  pixels: number;
  /** For the message: "the 16-megapixel limit for GIFs". */
  appliesTo: string;
}

/**
 * Some decoders cannot stream, so their memory grows with the whole canvas
 * whatever the output size. Peak RSS measured for one pipeline run (sharp
 * 0.34, Node 20): GIF 16 MP → 154 MB (100 MP → 1.3 GB), interlaced PNG
 * 25 MP → 181 MB (100 MP → 490 MB), progressive JPEG 50 MP → 223 MB
 * (baseline 50 MP JPEG: 80 MB). Each limit keeps one run under 250 MB.
 */
export function wholeImageDecoderLimit(
  format: string,
  isProgressive: boolean,
): WholeImageDecoderLimit | undefined {
  if (format === "gif") return { pixels: 16_000_000, appliesTo: "GIFs" };
  if (format === "png" && isProgressive) return { pixels: 25_000_000, appliesTo: "interlaced PNGs" };
  if (format === "jpeg" && isProgressive) return { pixels: 50_000_000, appliesTo: "progressive JPEGs" };
  return undefined;
}
