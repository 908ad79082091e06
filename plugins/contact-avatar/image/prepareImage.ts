/**
 * Any still image → a square sRGB JPEG that Telegram accepts as a profile
 * photo. Pure: no Telegram, no files; the plugin and the offline CLI share it.
 */
import type { ResizeOptions, Sharp } from "sharp";
import { checkAspectRatio, checkDecoderAgrees, checkInputBytes, checkPixels, damaged, displayedSize } from "./checks";
import { type PrepareOptions, resolvePrepareOptions } from "./options";
import { loadSharp } from "./sharp";

export interface PreparedImage {
  jpeg: Buffer;
  width: number;
  height: number;
  bytes: number;
  /** What the content is (see sniffMedia), whatever the file was called. */
  sourceFormat: string;
  /** Source dimensions as displayed, i.e. after EXIF orientation. */
  sourceWidth: number;
  sourceHeight: number;
  /** Time spent in the pipeline. */
  ms: number;
}

export async function prepareImage(input: Buffer, partial: Partial<PrepareOptions> = {}): Promise<PreparedImage> {
  const started = performance.now();
  const options = resolvePrepareOptions(partial);
  const sourceFormat = checkInputBytes(input, options.maxInputBytes);
  const sharp = loadSharp();
  useSharpForOneOffImages();

  // The header is read with no pixel limit so that an oversized image gets a
  // message with its dimensions rather than libvips' generic refusal. It costs
  // no decoding: sharp opens the buffer lazily for metadata() and again for
  // toBuffer() whether or not the instance is shared.
  const metadata = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw damaged(error);
    });
  checkDecoderAgrees(sourceFormat, metadata);
  const { width: sourceWidth, height: sourceHeight } = displayedSize(metadata);
  const pixelLimit = checkPixels(sourceFormat, metadata, sourceWidth, sourceHeight, options.maxInputPixels);
  if (options.crop !== "fit") checkAspectRatio(sourceWidth, sourceHeight);

  // One decode: the resize in the same pipeline lets libjpeg and libwebp
  // shrink while decoding. Measured (bench/image-pipeline.ts): 1.01 to 1.07
  // times the time of a bare sharp resize-and-encode of the same input.
  const squared = sharp(input, {
    // The same limit again, enforced by libvips itself: the header check above
    // is the message, this is the guard.
    limitInputPixels: pixelLimit,
    // Refuse cut-off files, but accept the harmless warnings real-world JPEGs
    // often carry (extra bytes before a marker and the like).
    failOn: "truncated",
  })
    .autoOrient()
    // Always size×size: smaller sources are upscaled, as Telegram Desktop
    // brings anything under 640 px up to 640, so that the server never
    // answers PHOTO_CROP_SIZE_SMALL.
    .resize(options.size, options.size, resizeFor(options));

  const encode = async () => toJpeg(metadata.hasAlpha ? await flattenAfterResize(squared) : squared, options);
  const { data, info } = await encode().catch((error: unknown) => {
    throw damaged(error);
  });

  return {
    jpeg: data,
    width: info.width,
    height: info.height,
    bytes: data.length,
    sourceFormat,
    sourceWidth,
    sourceHeight,
    ms: performance.now() - started,
  };
}

/**
 * sharp flattens before it resizes, i.e. on every source pixel: on a 4K PNG
 * with alpha that made the pipeline 1.3 times slower than a bare resize.
 * Resizing the (premultiplied) RGBA first and flattening the small result
 * gives the same pixels, since both steps are linear in premultiplied
 * values, and runs level with the bare resize. The round trip is raw pixels
 * at output size (at most 1280×1280×4 bytes), not an encoded image.
 */
async function flattenAfterResize(squared: Sharp): Promise<Sharp> {
  const { data, info } = await squared.toColourspace("srgb").raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  return loadSharp()(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

function toJpeg(image: Sharp, { background, quality }: PrepareOptions) {
  return (
    image
      // A no-op without alpha; with alpha left (only after flattenAfterResize) it is cheap at output size.
      .flatten({ background })
      // Telegram's clients expect 3-channel sRGB: this converts CMYK and
      // 16-bit input and turns greyscale into RGB. Metadata (EXIF, GPS, XMP,
      // ICC) is dropped because nothing asks sharp to keep it.
      .toColourspace("srgb")
      // mozjpeg would save about 10% of bytes at four times the encode time.
      .jpeg({ quality, mozjpeg: false })
      .toBuffer({ resolveWithObject: true })
  );
}

function resizeFor({ crop, background }: PrepareOptions): ResizeOptions {
  switch (crop) {
    case "center":
      return { fit: "cover", position: "centre" };
    case "smart":
      return { fit: "cover", position: loadSharp().strategy.attention };
    case "fit":
      return { fit: "contain", background };
  }
}

let sharpTuned = false;

/**
 * libvips' operation cache only pays off when the same input is processed
 * again, which never happens here, and it keeps decoder memory alive: three
 * runs on a 50 MP progressive JPEG peaked at 532 MB RSS with the cache and
 * 293 MB without. This turns it off for the whole process, once.
 */
function useSharpForOneOffImages(): void {
  if (sharpTuned) return;
  loadSharp().cache(false);
  sharpTuned = true;
}
