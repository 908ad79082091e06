import type { CommandContext, Message } from "contact-userbot/sdk";
import type { AvatarConfig } from "../settings";
import { fetchImage } from "./fromUrl";

export interface AcquiredMedia {
  bytes: Buffer;
  downloadMs: number;
}

export const MB = 1024 * 1024;

/** An image from an http(s) link, within the configured size and time limits. */
export async function downloadLink(ctx: CommandContext<AvatarConfig>, url: string): Promise<AcquiredMedia> {
  const started = Date.now();
  await ctx.progress("Downloading the image…");
  const bytes = await fetchImage(url, { maxBytes: ctx.config.urlMaxMB * MB, timeoutMs: ctx.config.urlTimeoutSeconds * 1000 }, ctx.signal);
  return { bytes, downloadMs: Date.now() - started };
}

/**
 * The media of a replied-to message. The size Telegram reports is checked
 * against `maxBytes` before a byte is fetched (downloadMedia does that), so a
 * film cannot fill the memory.
 */
export async function downloadReply(ctx: CommandContext<AvatarConfig>, message: Message, label: string, maxBytes: number): Promise<AcquiredMedia> {
  const started = Date.now();
  await ctx.progress(`Downloading the ${label}…`);
  const bytes = await ctx.telegram.media.download(message, { maxBytes, progress: downloadProgress(ctx, label) });
  return { bytes, downloadMs: Date.now() - started };
}

/**
 * The same for videos: streamed into `file` for ffmpeg to read, so a video
 * never sits in the userbot's memory. Returns the time it took.
 */
export async function downloadReplyToFile(ctx: CommandContext<AvatarConfig>, message: Message, label: string, maxBytes: number, file: string): Promise<number> {
  const started = Date.now();
  await ctx.progress(`Downloading the ${label}…`);
  await ctx.telegram.media.downloadToFile(message, file, { maxBytes, progress: downloadProgress(ctx, label) });
  return Date.now() - started;
}

function downloadProgress(ctx: CommandContext<AvatarConfig>, label: string) {
  return (done: number, total: number) => {
    if (total > 0) void ctx.progress(`Downloading the ${label}… ${Math.floor((done / total) * 100)}%`);
  };
}
