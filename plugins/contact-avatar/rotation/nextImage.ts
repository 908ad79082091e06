/**
 * One run's image: the next one in order that can actually be read and
 * prepared. A file that was removed after the listing, cannot be read, or is
 * not a usable image is skipped (and reported back to be recorded), and the
 * next one is tried, so one bad file never stops a rotation.
 */
import path from "node:path";
import type { PreparedImage } from "../image";
import { sniffMedia } from "../image";
import type { AvatarMedia } from "../service/avatarMedia";
import { readRegularFile } from "../source/localFile";
import { listImages } from "./sources";
import { pickNext, type OrderPosition, type Random, type RotationOrder } from "./order";
import type { SkippedImage } from "./state";
import { loadSharp } from "../image/sharp";

/** Nothing in the source can be used this run: it is empty, or every image was skipped. */
export class NoUsableImageError extends Error {
  override name = "NoUsableImageError";
  constructor(readonly skipped: SkippedImage[]) {
    super(skipped.length === 0 ? "there are no images" : `none of the ${skipped.length} images could be used`);
  }
}

export interface ImageChoice {
  name: string;
  media: Extract<AvatarMedia, { kind: "photo" }>;
  /** The position once this image is shown (markShown is the caller's, after Telegram accepted it). */
  position: OrderPosition;
  skipped: SkippedImage[];
}

export interface ChooseOptions {
  dir: string;
  order: RotationOrder;
  position: OrderPosition;
  /** Pool images were prepared when added; folder images are prepared at each run. */
  prepared: boolean;
  prepare(bytes: Buffer): Promise<PreparedImage>;
  /** Largest file read (the plugin's maxInputMB): a bigger one is skipped unread. */
  maxBytes: number;
  random?: Random;
  now: Date;
}

export async function chooseImage(opts: ChooseOptions): Promise<ImageChoice> {
  const names = await listImages(opts.dir, { missingIsEmpty: opts.prepared });
  const skipped: SkippedImage[] = [];
  let position = opts.position;
  let candidates = names;
  while (candidates.length > 0) {
    const pick = pickNext(opts.order, candidates, position, opts.random);
    position = pick.position;
    try {
      const media = await loadImage(path.join(opts.dir, pick.name), opts);
      return { name: pick.name, media, position, skipped };
    } catch (err) {
      skipped.push({ name: pick.name, reason: reasonOf(err), at: opts.now.toISOString() });
      candidates = candidates.filter((n) => n !== pick.name);
    }
  }
  throw new NoUsableImageError(skipped);
}

async function loadImage(file: string, opts: ChooseOptions): Promise<ImageChoice["media"]> {
  // Regular files only, size checked first: a folder may hold a symlink to /dev/zero or a FIFO.
  const bytes = await readRegularFile(file, opts.maxBytes);
  if (!opts.prepared) {
    const image = await opts.prepare(bytes);
    return { kind: "photo", jpeg: image.jpeg, width: image.width, height: image.height };
  }
  if (sniffMedia(bytes).format !== "jpeg") throw new Error("the stored image is not a JPEG");
  const { width, height, format } = await loadSharp()(bytes).metadata();
  if (format !== "jpeg") throw new Error("the stored image is not a JPEG");
  if (!width || !height) throw new Error("the stored image has no dimensions");
  return { kind: "photo", jpeg: bytes, width, height };
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "the file was removed";
  if (code === "EACCES" || code === "EPERM") return "the file cannot be read (permissions)";
  if (code === "EISDIR") return "it is a folder";
  return err instanceof Error ? err.message : String(err);
}
