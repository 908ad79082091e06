/**
 * A user's photos as the owner sees them (/photo-state), and the bytes the
 * server holds for one of them (/save-photo).
 */
import type { PhotoRecord, World } from "../world";
import type { PhotoSlot } from "./commands";
import { SandboxCommandError } from "./errors";
import { userName } from "./names";
import { formatBytes } from "../../src/util/bytes";

export function describePhotoState(world: World, userId: bigint): string[] {
  const state = world.photoState(userId);
  const user = world.users.require(userId);
  const lines = [`${userName(world, userId)}${user.username ? ` (@${user.username})` : ""}, id ${userId}, as you see them:`];
  lines.push(`  personal: ${state.personal ? describePhoto(state.personal) : "none"}`);
  if (state.suggested.length === 0) lines.push("  suggested: none");
  for (const suggestion of state.suggested) lines.push(`  suggested in message #${suggestion.messageId}: ${describePhoto(suggestion.photo)}`);
  lines.push(`  original: ${state.own ? describePhoto(state.own) : "none"}`);
  // photos.getUserPhotos lists these too (what `.setpfp --theirs=N` picks from): N = 2 is the first earlier one.
  const earlier = world.ownPhotos(userId).filter((p) => p.id !== state.own?.id);
  earlier.forEach((photo, i) => lines.push(`  earlier own photo ${i + 2}: ${describePhoto(photo)}`));
  lines.push(`  fallback: ${state.fallback ? describePhoto(state.fallback) : "none"}`);
  return lines;
}

/** `photo 5812…: a 160×160 (4 KB), b 320×320 (10 KB); uploaded "avatar.jpg" 55 KB`, sizes rounded as the userbot rounds them. */
function describePhoto(photo: PhotoRecord): string {
  const sizes = photo.sizes.map((s) => `${s.type} ${s.width}×${s.height} (${formatBytes(s.bytes.length)})`).join(", ");
  const extras: string[] = [];
  if (photo.videoSizes.length > 0) extras.push(`video ${photo.videoSizes.map((v) => `${v.width}×${v.height}`).join(", ")}`);
  if (photo.emojiMarkup) extras.push(`from a sticker or emoji on ${describeBackground(photo.emojiMarkup)}`);
  const upload = photo.source?.file ?? photo.source?.video;
  if (upload) extras.push(`uploaded "${upload.name}" ${formatBytes(upload.bytes.length)}`);
  return `photo ${photo.id}: ${sizes}${extras.length > 0 ? `; ${extras.join("; ")}` : ""}`;
}

/** "#ffd54f (solid)", "#ffd54f → #ff6f00 (gradient)", "#1e88e5, #43a047, #fdd835 (freeform)". */
function describeBackground(markup: NonNullable<PhotoRecord["emojiMarkup"]>): string {
  const colors = "backgroundColors" in markup ? markup.backgroundColors : [];
  const hex = colors.map((c) => `#${c.toString(16).padStart(6, "0")}`);
  if (hex.length === 1) return `${hex[0]} (solid)`;
  if (hex.length === 2) return `${hex.join(" → ")} (gradient)`;
  return `${hex.join(", ")} (freeform)`;
}

/** The photo in `slot` (the newest suggestion for "suggested"). */
export function photoInSlot(world: World, userId: bigint, slot: PhotoSlot): PhotoRecord {
  const state = world.photoState(userId);
  const photo = { personal: state.personal, suggested: state.suggested.at(-1)?.photo, original: state.own, fallback: state.fallback }[slot];
  if (!photo) throw new SandboxCommandError(`${userName(world, userId)} has no ${slot} photo (see /photo-state).`);
  return photo;
}

/**
 * The stored bytes of one size of `photo` (its largest still by default);
 * "video" for the MP4 of a video avatar (what Telegram serves as its
 * VideoSize); "uploaded" for the exact file the client sent (the JPEG, or
 * the MP4 of a video avatar).
 */
export function photoBytes(photo: PhotoRecord, size: string | undefined): { bytes: Buffer; label: string } {
  if (size === "uploaded") {
    const upload = photo.source?.file ?? photo.source?.video;
    if (!upload) throw new SandboxCommandError("That photo was not uploaded through the API: there are no uploaded bytes; name a size instead.");
    return { bytes: upload.bytes, label: `the uploaded "${upload.name}"` };
  }
  if (size === "video") {
    const video = photo.videoSizes[0];
    if (!video) throw new SandboxCommandError(`That photo has no video: ${choices(photo)}.`);
    return { bytes: video.bytes, label: `the video ${video.width}×${video.height}` };
  }
  const chosen = size === undefined ? photo.sizes.at(-1) : photo.sizes.find((s) => s.type === size);
  if (!chosen) throw new SandboxCommandError(`No size "${size}": ${choices(photo)}.`);
  return { bytes: chosen.bytes, label: `size ${chosen.type} ${chosen.width}×${chosen.height}` };
}

function choices(photo: PhotoRecord): string {
  const extra = [photo.videoSizes.length > 0 ? "video" : undefined, photo.source?.file || photo.source?.video ? "uploaded" : undefined].filter(Boolean);
  return `this photo has ${[...photo.sizes.map((s) => s.type), ...extra].join(", ")}`;
}
