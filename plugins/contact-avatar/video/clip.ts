/**
 * Decides which stretch of the input becomes the avatar, from the probe and
 * the user's --start/--duration/--frame, and rejects what cannot work.
 */
import { UsageError, UserError } from "contact-userbot/sdk";
import { UnreadableVideoError } from "./errors";
import { formatSeconds, VIDEO_LIMITS, type VideoOptions } from "./options";
import type { MediaProbe, VideoStreamInfo } from "./probe";

export interface ClipPlan {
  video: VideoStreamInfo;
  /** Length of the input, seconds. */
  sourceDurationSec: number;
  startSec: number;
  /** Length of the avatar clip, at most 10 s. */
  durationSec: number;
  /** video_start_ts: the preview frame, seconds within the clip. */
  frameSec: number;
}

/** Image formats ffprobe reads as a one-frame "video". */
const STILL_IMAGE_FORMAT = /(^|,)(image2|\w+_pipe)(,|$)/;

export function planClip(probe: MediaProbe, opts: Pick<VideoOptions, "start" | "duration" | "frame">): ClipPlan {
  const video = probe.video;
  if (!video) throw new UnreadableVideoError("This file has no video in it");
  if (STILL_IMAGE_FORMAT.test(probe.formatName)) throw new UserError("This is a still image, not a video: set it as a photo instead");
  const sourceDurationSec = probe.durationSec;
  if (sourceDurationSec === undefined) throw new UnreadableVideoError("Could not tell how long this video is (damaged or still being written?)");
  if (video.width < 2 || video.height < 2) throw new UnreadableVideoError(`The video's picture size (${video.width}x${video.height}) is unusable`);

  if (opts.start >= sourceDurationSec) {
    throw new UsageError(`--start=${opts.start} is beyond the end of the ${formatSeconds(sourceDurationSec)} video`);
  }
  const durationSec = Math.min(opts.duration ?? Infinity, VIDEO_LIMITS.maxDurationSec, sourceDurationSec - opts.start);
  if (opts.frame > durationSec) {
    throw new UsageError(`--frame=${opts.frame} is beyond the end of the ${formatSeconds(durationSec)} clip`);
  }
  return { video, sourceDurationSec, startSec: opts.start, durationSec, frameSec: opts.frame };
}
