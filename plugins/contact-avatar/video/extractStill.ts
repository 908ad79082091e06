/**
 * One frame of a video as a PNG, for `--still`: the photo pipeline then
 * prepares it like any other image. Transparency is kept (PNG) so the photo
 * pipeline's own background applies.
 */
import { UsageError } from "contact-userbot/sdk";
import { Deadline } from "./deadline";
import { FfmpegFailedError, ToolExitError, UnreadableVideoError } from "./errors";
import { requireFfmpeg } from "./ffmpeg";
import { decodeInputArgs } from "./inputArgs";
import { DEFAULT_VIDEO_OPTIONS, formatSeconds } from "./options";
import { probeMedia } from "./probe";
import { runTool } from "./runTool";
import { inputPathIn, withPrivateTempDir, type MediaInput } from "./tempDir";

export interface StillOptions {
  /** Seconds from the start of the video. */
  at: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A PNG of an 8K frame is tens of MB; anything beyond this is not a frame we want. */
const MAX_STILL_BYTES = 100 * 1024 * 1024;

export async function extractStill(input: MediaInput, opts: StillOptions): Promise<Buffer> {
  if (!Number.isFinite(opts.at) || opts.at < 0) throw new UsageError(`--still must be a number of seconds, 0 or more, not ${opts.at}`);
  const tools = await requireFfmpeg();
  const limits = { deadline: new Deadline(opts.timeoutMs ?? DEFAULT_VIDEO_OPTIONS.timeoutMs), signal: opts.signal };

  return withPrivateTempDir(async (dir) => {
    const inputPath = await inputPathIn(dir, input);
    const probe = await probeMedia(tools, inputPath, limits);
    if (!probe.video) throw new UnreadableVideoError("This file has no video in it");
    // A one-frame file (or unknown length) has its only frame at 0.
    const duration = probe.durationSec ?? 0;
    if (opts.at > 0 && opts.at >= duration) {
      throw new UsageError(`--still=${opts.at} is beyond the end of the ${formatSeconds(duration)} video`);
    }
    const args = [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      ...decodeInputArgs(inputPath, probe.video, opts.at),
      "-frames:v",
      "1",
      "-map_metadata",
      "-1",
      "-f",
      "image2pipe",
      "-c:v",
      "png",
      "pipe:1",
    ];
    let png: Buffer;
    try {
      ({ stdout: png } = await runTool(tools.ffmpeg, args, { ...limits, maxStdoutBytes: MAX_STILL_BYTES }));
    } catch (err) {
      // The probe reads only the headers; this is the first real decode, so a failure means a damaged file.
      if (err instanceof ToolExitError) throw new UnreadableVideoError(undefined, err.stderrTail);
      throw err;
    }
    if (png.length === 0) throw new FfmpegFailedError(`There is no frame at ${formatSeconds(opts.at)} in this video`);
    return png;
  });
}
