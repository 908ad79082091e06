import { UsageError, UserError } from "../../../src/core/errors";
import type { CommandContext } from "../../../src/commands/types";
import type { AvatarConfig } from "../settings";
import { classifyMedia } from "./classifyMedia";
import { fetchImage } from "./fromUrl";

export interface AcquiredImage {
  bytes: Buffer;
  /** "photo", "PNG file", "sticker", "link". */
  label: string;
  downloadMs: number;
}

const MB = 1024 * 1024;

/**
 * The input image of a setting command: the link given, or the media of the
 * replied-to message. Videos and animated stickers are refused here with a
 * clear line; they need the video/sticker avatar support.
 */
export async function acquireImage(ctx: CommandContext<AvatarConfig>, url: string | undefined): Promise<AcquiredImage> {
  const started = Date.now();
  if (url) {
    await ctx.progress("Downloading the image…");
    const bytes = await fetchImage(url, { maxBytes: ctx.config.urlMaxMB * MB, timeoutMs: ctx.config.urlTimeoutSeconds * 1000 }, ctx.signal);
    return { bytes, label: "link", downloadMs: Date.now() - started };
  }
  const reply = await ctx.replied();
  if (!reply) throw new UsageError("Reply to a photo, image file or sticker, or give an image link.");
  const kind = classifyMedia(reply);
  if (kind.kind === "video") throw new UserError(`Video avatars (from a ${kind.label}) are not supported yet; reply to a photo or image.`);
  if (kind.kind === "sticker" && kind.format !== "static") {
    throw new UserError(`Avatars from ${kind.label}s are not supported yet; reply to a photo, image or static sticker.`);
  }
  await ctx.progress(`Downloading the ${kind.label}…`);
  const bytes = await ctx.telegram.downloadMedia(reply, {
    maxBytes: ctx.config.maxInputMB * MB,
    progress: (done, total) => {
      if (total > 0) void ctx.progress(`Downloading the ${kind.label}… ${Math.floor((done / total) * 100)}%`);
    },
  });
  return { bytes, label: kind.label, downloadMs: Date.now() - started };
}
