/**
 * Reads what a media file holds with ffprobe: duration, streams, display size
 * (after rotation), frame rate, and whether the picture has transparency.
 */
import { z } from "zod";
import type { Deadline } from "./deadline";
import { ToolExitError, UnreadableVideoError } from "./errors";
import type { FfmpegTools } from "./ffmpeg";
import { safeInputArgs } from "./inputArgs";
import { runTool } from "./runTool";

export interface VideoStreamInfo {
  codec: string;
  /** Display size: after rotation and with non-square pixels made square. */
  width: number;
  height: number;
  /** Degrees the player turns the picture (0, ±90, 180). */
  rotation: number;
  /** Frames per second as ffmpeg writes it ("30000/1001"), or undefined if unknown. */
  frameRate: string | undefined;
  frameRateValue: number | undefined;
  /** Sample aspect ratio other than 1:1 (anamorphic video), e.g. "4:3". */
  sampleAspectRatio: string | undefined;
  hasAlpha: boolean;
  /** Decoder that keeps the alpha channel (ffmpeg's built-in VP8/VP9 decoders drop it). */
  alphaDecoder: string | undefined;
}

export interface MediaProbe {
  /** ffmpeg's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  durationSec: number | undefined;
  video: VideoStreamInfo | undefined;
  hasAudio: boolean;
  streamCount: number;
}

const numeric = z.union([z.string(), z.number()]).optional();
const streamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  sample_aspect_ratio: z.string().optional(),
  duration: numeric,
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() }).loose()).optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).loose().optional(),
});
const probeSchema = z.object({
  streams: z.array(streamSchema.loose()).default([]),
  format: z.object({ format_name: z.string().optional(), duration: numeric }).loose().optional(),
});
type ProbedStream = z.infer<typeof streamSchema>;

/** Pixel formats that carry transparency (GIFs decode as bgra; PNG-like palettes as pal8). */
const ALPHA_PIXEL_FORMATS = /^(yuva|rgba|bgra|argb|abgr|ya|gbrap|pal8)/;
const ALPHA_DECODERS: Record<string, string> = { vp8: "libvpx", vp9: "libvpx-vp9" };
const PROBE_OUTPUT_LIMIT = 1024 * 1024;

export async function probeMedia(tools: FfmpegTools, path: string, limits: { deadline: Deadline; signal?: AbortSignal }): Promise<MediaProbe> {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", ...safeInputArgs(), path];
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(tools.ffprobe, args, { ...limits, maxStdoutBytes: PROBE_OUTPUT_LIMIT }));
  } catch (err) {
    if (err instanceof ToolExitError) throw new UnreadableVideoError(undefined, err.stderrTail);
    throw err;
  }
  const parsed = probeSchema.safeParse(safeJson(stdout.toString("utf8")));
  if (!parsed.success) throw new UnreadableVideoError(undefined, `unexpected ffprobe output: ${parsed.error.message}`);
  return describe(parsed.data);
}

function describe(data: z.infer<typeof probeSchema>): MediaProbe {
  // Cover art in MP4/MP3 shows up as a one-frame video stream; it is not the video.
  const videoStream = data.streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  return {
    formatName: data.format?.format_name ?? "",
    durationSec: positive(data.format?.duration) ?? positive(videoStream?.duration),
    video: videoStream ? describeVideo(videoStream) : undefined,
    hasAudio: data.streams.some((s) => s.codec_type === "audio"),
    streamCount: data.streams.length,
  };
}

function describeVideo(s: ProbedStream): VideoStreamInfo {
  const codec = s.codec_name ?? "unknown";
  const rotation = s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(s.tags?.rotate ?? 0);
  const sar = s.sample_aspect_ratio && !["1:1", "0:1", "N/A"].includes(s.sample_aspect_ratio) ? s.sample_aspect_ratio : undefined;
  const sarValue = sar ? (ratio(sar, ":") ?? 1) : 1;
  const storedWidth = Math.round((s.width ?? 0) * sarValue);
  const storedHeight = s.height ?? 0;
  const quarterTurn = Math.abs(rotation) % 180 === 90;
  const frameRate = [s.avg_frame_rate, s.r_frame_rate].find((r) => (ratio(r, "/") ?? 0) > 0);
  // WebM marks VP8/VP9 transparency in a tag, while the probed pixel format says no alpha.
  const alphaTagged = s.tags?.alpha_mode === "1" || s.tags?.ALPHA_MODE === "1";
  return {
    codec,
    width: quarterTurn ? storedHeight : storedWidth,
    height: quarterTurn ? storedWidth : storedHeight,
    rotation: Number.isFinite(rotation) ? rotation : 0,
    frameRate,
    frameRateValue: ratio(frameRate, "/"),
    sampleAspectRatio: sar,
    hasAlpha: alphaTagged || ALPHA_PIXEL_FORMATS.test(s.pix_fmt ?? ""),
    alphaDecoder: alphaTagged ? ALPHA_DECODERS[codec] : undefined,
  };
}

function ratio(text: string | undefined, separator: string): number | undefined {
  if (!text) return undefined;
  const [num, den] = text.split(separator).map(Number);
  const value = num / den;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function positive(value: string | number | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
