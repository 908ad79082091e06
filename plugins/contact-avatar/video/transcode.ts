/**
 * One ffmpeg run: the planned clip of the input → a square H.264 MP4 at a
 * given bitrate, silent, with 1 s key frames and the index at the front.
 */
import { stat } from "node:fs/promises";
import type { ClipPlan } from "./clip";
import type { Deadline } from "./deadline";
import { FfmpegFailedError, ToolExitError } from "./errors";
import type { FfmpegTools } from "./ffmpeg";
import { buildFilterGraph, FILTER_OUTPUT, outputFrameRate, type SquareSpec } from "./filters";
import { decodeInputArgs } from "./inputArgs";
import { runTool } from "./runTool";

/**
 * x264 speed/quality trade-off. Measured on a 30 s 1080p clip, 2 cores (see
 * bench/video-pipeline.ts): "veryfast" makes the 10 s 800 px avatar in about
 * 5 s where "medium" takes 9 to 13 s, and at the bitrate the 2 MB budget
 * allows (about 1.5 Mbit/s) SSIM differs by 0.0002 (0.9927 against 0.9929).
 * The user is waiting in a chat for the answer.
 */
export const X264_PRESET = "veryfast";

export interface EncodeJob {
  inputPath: string;
  outputPath: string;
  clip: ClipPlan;
  square: SquareSpec;
  videoKbps: number;
  /** ffmpeg stops writing past this size: a guard, well above the budget. */
  maxOutputBytes: number;
  deadline: Deadline;
  signal?: AbortSignal;
  /** Only for comparisons (the benchmark); the pipeline always uses X264_PRESET. */
  preset?: string;
}

/** Runs the encode and returns the size of the written file. */
export async function encodeAvatar(tools: FfmpegTools, job: EncodeJob): Promise<number> {
  try {
    await runTool(tools.ffmpeg, encodeArgs(job), { deadline: job.deadline, signal: job.signal, maxStdoutBytes: 64 * 1024 });
  } catch (err) {
    if (err instanceof ToolExitError) throw explainEncodeFailure(err);
    throw err;
  }
  return (await stat(job.outputPath)).size;
}

export function encodeArgs(job: EncodeJob): string[] {
  const { clip, videoKbps } = job;
  // One key frame a second, as Telegram's own clients encode avatars.
  const keyframeInterval = String(Math.max(1, Math.round(outputFrameRate(clip.video).value)));
  const rate = `${videoKbps}k`;
  return [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    ...decodeInputArgs(job.inputPath, clip.video, clip.startSec, clip.durationSec),
    "-filter_complex",
    buildFilterGraph(clip.video, job.square),
    "-map",
    FILTER_OUTPUT,
    "-t",
    clip.durationSec.toFixed(3),
    // Silent, and nothing else from the source: no subtitles, data, chapters or metadata (GPS, device).
    "-an",
    "-sn",
    "-dn",
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-c:v",
    "libx264",
    "-preset",
    job.preset ?? X264_PRESET,
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    // A 1 s buffer keeps the rate near the target all along, so the total lands near the budget.
    "-b:v",
    rate,
    "-maxrate",
    rate,
    "-bufsize",
    rate,
    "-g",
    keyframeInterval,
    "-movflags",
    "+faststart",
    "-fs",
    String(job.maxOutputBytes),
    "-y",
    job.outputPath,
  ];
}

function explainEncodeFailure(err: ToolExitError): FfmpegFailedError {
  if (/Unknown encoder|Encoder not found/i.test(err.stderrTail)) {
    return new FfmpegFailedError("This ffmpeg has no H.264 encoder (libx264): install the distribution's ffmpeg", err.stderrTail);
  }
  return new FfmpegFailedError("ffmpeg could not convert this video (it may be damaged part way through)", err.stderrTail);
}
