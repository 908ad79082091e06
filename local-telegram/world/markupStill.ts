/**
 * The still of a sticker or emoji avatar, as Telegram's apps draw it: the
 * sticker centred, filling at most 67% of the square, on its background
 * colours: 1 solid, 2 a vertical gradient (top, bottom), 3 or 4 a freeform
 * gradient (Telegram's chat-wallpaper gradient: colour points blended by
 * distance over a slightly swirled square).
 */
import sharp from "sharp";
import { Api } from "telegram";
import type { World } from "./index";
import { lottieFirstFrameSvg } from "./lottie";
import { toBigint } from "./tl";
import { videoFrame } from "./videoFrame";

/** How much of the square the sticker may fill (Telegram's avatar constructor). */
const STICKER_SHARE = 0.67;

/**
 * Where the freeform gradient's colours sit (x, y from the top left, 0..1):
 * Telegram's starting arrangement for 4 colours; 3 colours use the first three.
 */
const FREEFORM_POINTS: ReadonlyArray<readonly [number, number]> = [
  [0.8, 0.9],
  [0.35, 0.75],
  [0.2, 0.1],
  [0.65, 0.25],
];

type Rgb = readonly [number, number, number];

function rgbOf(color: number): Rgb {
  return [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
}

/** The background as raw RGB pixels, `side`×`side`. */
export function markupBackground(colors: readonly number[], side: number): Buffer {
  const rgb = colors.map(rgbOf);
  const pixels = Buffer.alloc(side * side * 3);
  const paint = rgb.length === 1 ? solid(rgb[0]) : rgb.length === 2 ? vertical(rgb[0], rgb[1], side) : freeform(rgb, side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) paint(pixels, (y * side + x) * 3, x, y);
  }
  return pixels;
}

type Painter = (pixels: Buffer, at: number, x: number, y: number) => void;

function solid([r, g, b]: Rgb): Painter {
  return (pixels, at) => {
    pixels[at] = r;
    pixels[at + 1] = g;
    pixels[at + 2] = b;
  };
}

function vertical(top: Rgb, bottom: Rgb, side: number): Painter {
  return (pixels, at, _x, y) => {
    const t = y / (side - 1);
    for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(top[c] + (bottom[c] - top[c]) * t);
  };
}

/**
 * Each colour weighs (0.9 - its distance)^4 at a point, after the square is
 * swirled a little around its centre (the further out, the more), as
 * Telegram's apps draw freeform gradients.
 */
function freeform(colors: Rgb[], side: number): Painter {
  const points = colors.map((_, i) => FREEFORM_POINTS[i]);
  return (pixels, at, x, y) => {
    const dx = x / side - 0.5;
    const dy = y / side - 0.5;
    const swirl = 0.35 * Math.sqrt(dx * dx + dy * dy);
    const theta = swirl * swirl * 6.4;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const px = clamp01(0.5 + dx * cos - dy * sin);
    const py = clamp01(0.5 + dx * sin + dy * cos);
    let total = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = 0; i < colors.length; i++) {
      const ex = px - points[i][0];
      const ey = py - points[i][1];
      const near = Math.max(0, 0.9 - Math.sqrt(ex * ex + ey * ey));
      const weight = near * near * near * near;
      total += weight;
      r += weight * colors[i][0];
      g += weight * colors[i][1];
      b += weight * colors[i][2];
    }
    pixels[at] = Math.round(r / total);
    pixels[at + 1] = Math.round(g / total);
    pixels[at + 2] = Math.round(b / total);
  };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** The sticker's own first frame as an image sharp can read, or undefined when the server cannot draw it. */
async function stickerImage(doc: { mimeType: string; bytes: Buffer }): Promise<Buffer | undefined> {
  if (doc.mimeType === "image/webp" || doc.mimeType === "image/png") return doc.bytes;
  if (doc.mimeType === "application/x-tgsticker") {
    const frame = lottieFirstFrameSvg(doc.bytes);
    return frame ? Buffer.from(frame.svg) : undefined;
  }
  if (doc.mimeType === "video/webm") return videoFrame(doc.bytes);
  return undefined;
}

/** A grey rounded square where a sticker could not be drawn (a video sticker without ffmpeg). */
function placeholder(side: number): Buffer {
  const inset = side * 0.15;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><rect x="${inset}" y="${inset}" width="${side - 2 * inset}" height="${side - 2 * inset}" rx="${side * 0.2}" fill="#9e9e9e" fill-opacity="0.8"/></svg>`,
  );
}

/** The JPEG still of a `video_emoji_markup` avatar, `side` px square. */
export async function markupStill(world: World, markup: Api.VideoSizeEmojiMarkup | Api.VideoSizeStickerMarkup, side: number): Promise<Buffer> {
  const docId = markup instanceof Api.VideoSizeEmojiMarkup ? markup.emojiId : markup.stickerId;
  const doc = world.media.documents.get(toBigint(docId));
  const box = Math.round(side * STICKER_SHARE);
  const image = (doc && (await stickerImage(doc).catch(() => undefined))) ?? placeholder(box);
  const sticker = await sharp(image).resize(box, box, { fit: "inside" }).png().toBuffer({ resolveWithObject: true });
  const background = sharp(markupBackground(markup.backgroundColors, side), { raw: { width: side, height: side, channels: 3 } });
  return background
    .composite([{ input: sticker.data, left: Math.round((side - sticker.info.width) / 2), top: Math.round((side - sticker.info.height) / 2) }])
    .jpeg({ quality: 87 })
    .toBuffer();
}
