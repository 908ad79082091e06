/**
 * The ffmpeg/ffprobe options that come before an untrusted input file.
 *
 * Without them a "video" could be an HLS playlist or concat list that makes
 * ffmpeg read other local files or fetch URLs. So only local files are
 * allowed, and only the container formats avatars come in.
 */
import type { VideoStreamInfo } from "./probe";

/** MP4/MOV (and Telegram's MPEG4 "GIFs"), WebM/Matroska (video stickers), GIF. */
const ALLOWED_DEMUXERS = "mov,matroska,gif";

export function safeInputArgs(): string[] {
  return ["-protocol_whitelist", "file", "-format_whitelist", ALLOWED_DEMUXERS];
}

/**
 * Input options for decoding `path` from `startSec` (for `durationSec`, if
 * given), keeping transparency where the default decoder would drop it.
 */
export function decodeInputArgs(path: string, video: VideoStreamInfo, startSec: number, durationSec?: number): string[] {
  return [
    ...safeInputArgs(),
    // Before -i: seek in the input (fast); ffmpeg still decodes from the key frame for an exact start.
    ...(startSec > 0 ? ["-ss", startSec.toFixed(3)] : []),
    // And stop reading there: with a filter graph, an output -t alone lets ffmpeg decode on past the clip.
    ...(durationSec !== undefined ? ["-t", durationSec.toFixed(3)] : []),
    ...(video.alphaDecoder ? ["-c:v", video.alphaDecoder] : []),
    "-i",
    path,
  ];
}
