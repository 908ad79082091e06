/**
 * Carries out an AvatarPlan: downloads and converts what needs it, and
 * returns the AvatarMedia the service sends, with the facts the answer
 * reports. Prepared once, however many targets the command has.
 */
import { join } from "node:path";
import { formatBytes, type CommandContext, type Message } from "contact-userbot/sdk";
import { prepareImage } from "../image";
import type { AvatarMarkup, AvatarMedia } from "../service/avatarMedia";
import type { AvatarConfig } from "../settings";
import { downloadLink, downloadReply, downloadReplyToFile, MB, type AcquiredMedia } from "../source/acquireMedia";
import { requireFfmpeg } from "../video/ffmpeg";
import { withPrivateTempDir } from "../video/tempDir";
import type { AvatarPlan } from "./planAvatar";
import { describeBackground } from "./markup";
import { animatedEmojiSticker } from "./plainEmoji";

export interface PreparedAvatar {
  media: AvatarMedia;
  /** For the answer: "800×800, 120 KB", "animated 6 s, 800×800, 1.4 MB", "sticker on a gradient". */
  facts: string;
  /** Whether the answer should add the time the whole command took (not for markup: nothing was made here). */
  timed: boolean;
  /** What --preview sends into the chat (photos and videos only; a video with its dimensions and length). */
  preview?: { bytes: Buffer; name: string; video?: { width: number; height: number; durationSec: number } };
  downloadMs: number;
  prepareMs: number;
}

export async function prepareAvatar(ctx: CommandContext<AvatarConfig>, plan: AvatarPlan): Promise<PreparedAvatar> {
  switch (plan.kind) {
    case "photo": {
      const source =
        "url" in plan.from ? await downloadLink(ctx, plan.from.url) : await downloadReply(ctx, plan.from.message, plan.label, ctx.config.maxInputMB * MB);
      return photoFrom(ctx, source, plan.image);
    }
    case "still": {
      // Before the download: without ffmpeg there is nothing to do with the video.
      await requireFfmpeg();
      // The video pipeline is loaded by the first video, not with the plugin (start-up).
      const { extractStill } = await import("../video/extractStill");
      const { downloadMs, result: png } = await withDownloadedVideo(ctx, plan, async (path) => {
        await ctx.progress(`Taking the frame at ${seconds(plan.atSec)}…`);
        return extractStill({ path }, { at: plan.atSec, signal: ctx.signal });
      });
      // The frame is our own lossless PNG, larger than the JPEG it came from: the input limit is for what users send.
      return photoFrom(ctx, { bytes: png, downloadMs }, { ...plan.image, maxInputBytes: Math.max(png.length, ctx.config.maxInputMB * MB) });
    }
    case "video": {
      await requireFfmpeg();
      const { prepareVideo } = await import("../video/prepareVideo");
      const { downloadMs, result: video } = await withDownloadedVideo(ctx, plan, async (path) => {
        await ctx.progress("Converting the video…");
        return prepareVideo({ path }, { ...plan.video, signal: ctx.signal });
      });
      return {
        media: { kind: "video", mp4: video.mp4, width: video.width, height: video.height, videoStartTs: video.videoStartTs },
        facts: `animated ${seconds(video.durationSec)}, ${video.width}×${video.height}, ${formatBytes(video.bytes)}`,
        timed: true,
        preview: { bytes: video.mp4, name: "avatar-preview.mp4", video: { width: video.width, height: video.height, durationSec: video.durationSec } },
        downloadMs,
        prepareMs: video.ms,
      };
    }
    case "markup":
      return markupAvatar(plan.markup, `${plan.label} on ${describeBackground(plan.colours)}`, plan.frame);
    case "plain-emoji": {
      await ctx.progress(`Looking up Telegram's animated ${plan.emoji}…`);
      const sticker = await animatedEmojiSticker(ctx.telegram, plan.emoji);
      const markup: AvatarMarkup = { sticker: { ...sticker, backgroundColors: plan.colours } };
      return markupAvatar(markup, `${plan.emoji} on ${describeBackground(plan.colours)}`, plan.frame);
    }
  }
}

/** Downloads the replied video into a private temp folder, runs `work` on the file, and removes the folder. */
async function withDownloadedVideo<T>(
  ctx: CommandContext<AvatarConfig>,
  plan: { message: Message; label: string },
  work: (path: string) => Promise<T>,
): Promise<{ downloadMs: number; result: T }> {
  return withPrivateTempDir(async (dir) => {
    const path = join(dir, "download");
    const downloadMs = await downloadReplyToFile(ctx, plan.message, plan.label, ctx.config.videoMaxInputMB * MB, path);
    return { downloadMs, result: await work(path) };
  });
}

async function photoFrom(ctx: CommandContext<AvatarConfig>, source: AcquiredMedia, options: Parameters<typeof prepareImage>[1]): Promise<PreparedAvatar> {
  await ctx.progress("Preparing the image…");
  const image = await prepareImage(source.bytes, { maxInputBytes: ctx.config.maxInputMB * MB, ...options });
  return {
    media: { kind: "photo", jpeg: image.jpeg, width: image.width, height: image.height },
    facts: `${image.width}×${image.height}, ${formatBytes(image.bytes)}`,
    timed: true,
    preview: { bytes: image.jpeg, name: "avatar-preview.jpg" },
    downloadMs: source.downloadMs,
    prepareMs: image.ms,
  };
}

function markupAvatar(markup: AvatarMarkup, facts: string, frame: number | undefined): PreparedAvatar {
  return { media: { kind: "markup", markup, videoStartTs: frame }, facts, timed: false, downloadMs: 0, prepareMs: 0 };
}

/** "5.2 s": one decimal is what a person reads in a chat line. */
function seconds(sec: number): string {
  return `${Number(sec.toFixed(1))} s`;
}
