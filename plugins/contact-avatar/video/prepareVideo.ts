/**
 * Turns a video, GIF or video sticker into a profile video Telegram accepts:
 * square H.264 MP4, at most 10 s, silent, within 2 MB, plus the preview
 * frame time (video_start_ts).
 *
 * ffmpeg reads the input file and writes the output file itself; only the
 * finished result (at most 2 MB) is read into memory.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeWithinBudget } from "./bitrate";
import { planClip } from "./clip";
import { Deadline } from "./deadline";
import { requireFfmpeg } from "./ffmpeg";
import { checkVideoOptions, type VideoOptions } from "./options";
import { probeMedia } from "./probe";
import { inputPathIn, withPrivateTempDir, type MediaInput } from "./tempDir";
import { encodeAvatar } from "./transcode";
import { verifyAvatar } from "./verify";

export interface PreparedVideo {
  mp4: Buffer;
  width: number;
  height: number;
  durationSec: number;
  bytes: number;
  /** The preview frame, seconds from the clip's start: send as video_start_ts. */
  videoStartTs: number;
  /** Wall time of the whole preparation. */
  ms: number;
}

/** ffmpeg's -fs guard: far above the budget, so it only stops a runaway encode. */
const OUTPUT_GUARD_FACTOR = 4;

export async function prepareVideo(input: MediaInput, opts: Partial<VideoOptions> = {}): Promise<PreparedVideo> {
  const started = Date.now();
  const options = checkVideoOptions(opts);
  const tools = await requireFfmpeg();
  const deadline = new Deadline(options.timeoutMs);
  const limits = { deadline, signal: options.signal };

  return withPrivateTempDir(async (dir) => {
    const inputPath = await inputPathIn(dir, input);
    const clip = planClip(await probeMedia(tools, inputPath, limits), options);
    const outputPath = join(dir, "avatar.mp4");

    const attempts = await encodeWithinBudget(
      (videoKbps) =>
        encodeAvatar(tools, {
          inputPath,
          outputPath,
          clip,
          square: options,
          videoKbps,
          maxOutputBytes: options.maxBytes * OUTPUT_GUARD_FACTOR,
          ...limits,
        }),
      clip.durationSec,
      options.maxBytes,
    );
    const bytes = attempts[attempts.length - 1].bytes;
    const verified = verifyAvatar(await probeMedia(tools, outputPath, limits), bytes, options);

    return {
      mp4: await readFile(outputPath),
      ...verified,
      bytes,
      // The encoded clip can come out a frame shorter than planned; the preview must lie inside it.
      videoStartTs: Math.min(clip.frameSec, verified.durationSec),
      ms: Date.now() - started,
    };
  });
}
