/**
 * `.setpfp <target> --theirs[=N]`: one of the contact's own profile photos
 * (photos.getUserPhotos, newest first: 1 is the current one, 2 the one
 * before) becomes their personal photo. For the contact who changed to a
 * picture you don't recognise.
 */
import { formatBytes, UsageError, UserError, type CommandContext } from "contact-userbot/sdk";
import { prepareImage } from "../image";
import { checkKnownOptions, type CommandOptions } from "../media/avatarOptions";
import { photoOptions } from "../media/planAvatar";
import type { PreparedAvatar } from "../media/prepareAvatar";
import type { AvatarConfig } from "../settings";
import type { Target } from "../targets";
import { utcMinute } from "./utcTime";

const MB = 1024 * 1024;
/** photos.getUserPhotos returns at most 100 at a time: the photos `--theirs` can name. */
export const MAX_THEIRS = 100;
/** Without a number: the photo before the current one. */
const DEFAULT_THEIRS = 2;
/** What may go with --theirs: the photo is re-prepared like any other. */
const THEIRS_OPTIONS = ["theirs", "crop", "bg", "size", "quality"];

/** `--theirs` → 2, `--theirs=N` → N; undefined when absent. */
export function theirsOption(options: CommandOptions): number | undefined {
  const value = options.theirs;
  if (value === undefined) return undefined;
  if (value === true) return DEFAULT_THEIRS;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(n >= 1 && n <= MAX_THEIRS)) {
    throw new UsageError(`--theirs must be a whole number from 1 (their current photo) to ${MAX_THEIRS}, not "${value}"`);
  }
  return n;
}

/** Refuses what makes no sense with --theirs, before any target is resolved. */
export function checkTheirsRequest(options: CommandOptions, config: AvatarConfig, extras: { urls: string[]; emoji: string[] }): void {
  checkKnownOptions(options, THEIRS_OPTIONS);
  photoOptions(options, config);
  if (extras.urls.length > 0 || extras.emoji.length > 0) {
    throw new UsageError("--theirs uses one of the contact's own photos: give no image link or emoji with it.");
  }
}

/** The contact's own photo number `n`, downloaded and prepared as the avatar JPEG. */
export async function theirOwnPhoto(ctx: CommandContext<AvatarConfig>, target: Target, n: number): Promise<PreparedAvatar> {
  const photos = await ctx.telegram.users.photos(target.user, { limit: MAX_THEIRS });
  if (photos.length === 0) throw new UserError(`${target.name} has no profile photo of their own.`);
  if (photos.length < n) {
    throw new UserError(
      `${target.name} has only ${photos.length} photo${photos.length === 1 ? "" : "s"} of their own; --theirs=${n} asks for number ${n} (1 is the current one).`,
    );
  }
  const photo = photos[n - 1];
  await ctx.progress(`Downloading ${target.name}'s photo ${n}…`);
  const started = Date.now();
  const bytes = await ctx.telegram.media.download(photo, { maxBytes: ctx.config.maxInputMB * MB });
  const downloadMs = Date.now() - started;
  const image = await prepareImage(bytes, { ...photoOptions(ctx.args.options, ctx.config), maxInputBytes: ctx.config.maxInputMB * MB });
  const which = n === 1 ? "their current photo" : `their photo ${n} of ${photos.length}`;
  return {
    media: { kind: "photo", jpeg: image.jpeg, width: image.width, height: image.height },
    facts: `${which}, from ${utcMinute(photo.date)}; ${image.width}×${image.height}, ${formatBytes(image.bytes)}`,
    timed: true,
    downloadMs,
    prepareMs: image.ms,
  };
}
