/**
 * A card's PHOTO → the prepared avatar JPEG, through the same image pipeline
 * (prepareImage) and the same link limits (fetchImage) as every other avatar,
 * so an address-book photo is held to exactly the rules of a replied one.
 */
import { createHash } from "node:crypto";
import { UserError } from "contact-userbot/sdk";
import { prepareImage, type PrepareOptions, type PreparedImage } from "../image";
import { fetchImage, type UrlLimits } from "../source/fromUrl";
import type { CardPhoto } from "./parseCard";

export interface PhotoLimits {
  prepare: Partial<PrepareOptions>;
  url: UrlLimits;
}

export type PhotoResult = { ok: true; image: PreparedImage; sourceHash: string } | { ok: false; problem: string };

export async function photoBytes(photo: CardPhoto, url: UrlLimits, signal?: AbortSignal): Promise<Buffer> {
  return photo.kind === "embedded" ? photo.bytes : fetchImage(photo.url, url, signal);
}

/** Never throws for a bad photo: the answer is a problem line, and the other cards go on. */
export async function preparePhoto(photo: CardPhoto, limits: PhotoLimits, signal?: AbortSignal): Promise<PhotoResult> {
  try {
    const bytes = await photoBytes(photo, limits.url, signal);
    const sourceHash = photoHash(bytes);
    const image = await prepareImage(bytes, limits.prepare);
    return { ok: true, image, sourceHash };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, problem: lowerFirst(err.message) };
    throw err;
  }
}

/** Identifies a card's photo across runs (idempotent imports compare these). */
export function photoHash(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 32);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
