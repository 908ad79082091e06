/**
 * The first frame of a Lottie animation (what a TGS sticker is, gzipped) as
 * SVG, for the still Telegram shows of an animated sticker or emoji avatar.
 *
 * Only what the world's own stickers use is drawn: shape layers holding
 * rectangles ("rc") and ellipses ("el") with a solid fill ("fl"), placed by
 * the layer's position (its first keyframe when animated). Anything else in
 * a layer is skipped; a sticker with nothing drawable gives undefined, and
 * the caller draws a placeholder instead.
 */
import { gunzipSync } from "node:zlib";

interface LottieValue {
  a?: number;
  k: unknown;
}

/** A static value, or the start value of an animated one. */
function firstValue(value: LottieValue | undefined): number[] | undefined {
  if (!value) return undefined;
  if (value.a === 1 && Array.isArray(value.k)) {
    const first = value.k[0] as { s?: number[] } | undefined;
    return first?.s;
  }
  return Array.isArray(value.k) ? (value.k as number[]) : typeof value.k === "number" ? [value.k] : undefined;
}

function rgb(color: number[] | undefined): string {
  const [r = 0, g = 0, b = 0] = (color ?? []).map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255));
  return `rgb(${r},${g},${b})`;
}

type Shape = { ty?: string; s?: LottieValue; p?: LottieValue; r?: LottieValue; c?: LottieValue; o?: LottieValue };
type Layer = { ty?: number; ks?: { p?: LottieValue }; shapes?: Shape[] };

/** The first frame as an SVG document of the animation's own size; undefined when nothing in it can be drawn here. */
export function lottieFirstFrameSvg(tgs: Buffer): { svg: string; width: number; height: number } | undefined {
  let doc: { w?: number; h?: number; layers?: Layer[] };
  try {
    doc = JSON.parse(gunzipSync(tgs).toString("utf8")) as typeof doc;
  } catch {
    return undefined;
  }
  const width = doc.w ?? 512;
  const height = doc.h ?? 512;
  const parts: string[] = [];
  // Lottie lists layers top first; SVG paints in order, so the bottom layer goes first.
  for (const layer of [...(doc.layers ?? [])].reverse()) {
    if (layer.ty !== 4 || !Array.isArray(layer.shapes)) continue;
    const [lx = 0, ly = 0] = firstValue(layer.ks?.p) ?? [];
    const fill = layer.shapes.find((s) => s.ty === "fl");
    const opacity = (firstValue(fill?.o)?.[0] ?? 100) / 100;
    for (const shape of layer.shapes) {
      const [w = 0, h = 0] = firstValue(shape.s) ?? [];
      const [px = 0, py = 0] = firstValue(shape.p) ?? [];
      const cx = lx + px;
      const cy = ly + py;
      const paint = `fill="${rgb(firstValue(fill?.c))}" fill-opacity="${opacity}"`;
      if (shape.ty === "rc") {
        const radius = firstValue(shape.r)?.[0] ?? 0;
        parts.push(`<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" rx="${radius}" ${paint}/>`);
      } else if (shape.ty === "el") {
        parts.push(`<ellipse cx="${cx}" cy="${cy}" rx="${w / 2}" ry="${h / 2}" ${paint}/>`);
      }
    }
  }
  if (parts.length === 0) return undefined;
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`, width, height };
}
