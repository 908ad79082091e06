/**
 * Checks a finished MP4 against Telegram's rules for profile videos, so a bad
 * file fails here with a clear reason instead of VIDEO_FILE_INVALID later.
 */
import { VideoRulesError } from "./errors";
import { formatSeconds, VIDEO_LIMITS } from "./options";
import type { MediaProbe } from "./probe";

/** Container rounding: an exact 10 s clip can report 10.033 s. */
const DURATION_TOLERANCE_SEC = 0.05;

export interface VerifiedVideo {
  width: number;
  height: number;
  durationSec: number;
}

export function verifyAvatar(probe: MediaProbe, bytes: number, rules: { size: number; maxBytes: number }): VerifiedVideo {
  const problems: string[] = [];
  const video = probe.video;
  if (!video) {
    throw new VideoRulesError(["the result has no video stream"]);
  }
  if (video.codec !== "h264") problems.push(`codec is ${video.codec}, not H.264`);
  if (video.width !== video.height) problems.push(`picture is ${video.width}x${video.height}, not square`);
  if (video.width !== rules.size) problems.push(`picture is ${video.width} px wide, not ${rules.size}`);
  if (video.width < VIDEO_LIMITS.minSize || video.width > VIDEO_LIMITS.maxSize) {
    problems.push(`picture size ${video.width} is outside ${VIDEO_LIMITS.minSize} to ${VIDEO_LIMITS.maxSize}`);
  }
  if (probe.hasAudio) problems.push("it still has sound");
  const duration = probe.durationSec;
  if (duration === undefined) problems.push("its length cannot be read");
  else if (duration > VIDEO_LIMITS.maxDurationSec + DURATION_TOLERANCE_SEC) {
    problems.push(`it lasts ${formatSeconds(duration)}, over ${VIDEO_LIMITS.maxDurationSec} s`);
  }
  if (bytes > rules.maxBytes) {
    problems.push(`it is ${Math.ceil(bytes / 1024)} KB, over the ${Math.floor(rules.maxBytes / 1024)} KB limit`);
  }
  if (problems.length > 0) throw new VideoRulesError(problems);
  return { width: video.width, height: video.height, durationSec: duration ?? 0 };
}
