/**
 * Errors of the video avatar pipeline. Everything a user can cause or fix is a
 * `UserError` with a one-line message; ffmpeg's own words go in `detail`, for
 * the log only (they are long, technical and may quote file paths).
 */
import { UserError } from "contact-userbot/sdk";

export const FFMPEG_MISSING_MESSAGE = "Video avatars need ffmpeg: install it with `sudo apt-get install ffmpeg` (or set FFMPEG_PATH)";

/** ffmpeg/ffprobe could not be found or would not start. */
export class FfmpegMissingError extends UserError {
  override name = "FfmpegMissingError";
  constructor(readonly detail = "") {
    super(FFMPEG_MISSING_MESSAGE);
  }
}

/** ffmpeg or ffprobe ran past the time limit and was killed. */
export class FfmpegTimeoutError extends UserError {
  override name = "FfmpegTimeoutError";
  constructor(
    readonly tool: string,
    readonly ms: number,
  ) {
    super(`Converting the video took longer than ${Math.round(ms / 1000)} s and was stopped`);
  }
}

/** The input is not something ffmpeg can read as a video: corrupt, truncated, or another kind of file. */
export class UnreadableVideoError extends UserError {
  override name = "UnreadableVideoError";
  constructor(
    message = "This file is not a video ffmpeg can read (corrupt, truncated or an unsupported format)",
    readonly detail = "",
  ) {
    super(message);
  }
}

/** ffmpeg failed while converting a file it could read at first (often damage further into the file). */
export class FfmpegFailedError extends UserError {
  override name = "FfmpegFailedError";
  constructor(
    message: string,
    readonly detail = "",
  ) {
    super(message);
  }
}

/** The converted video still breaks Telegram's avatar rules (size, length, shape, codec). */
export class VideoRulesError extends UserError {
  override name = "VideoRulesError";
  constructor(readonly problems: string[]) {
    super(`Could not bring the video within Telegram's rules: ${problems.join("; ")}`);
  }
}

/**
 * A tool exited with a failure code. Internal: the step that ran the tool
 * turns it into one of the user-facing errors above, since only it knows
 * what the failure means.
 */
export class ToolExitError extends Error {
  override name = "ToolExitError";
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    /** The last few KB of stderr. */
    readonly stderrTail: string,
  ) {
    super(`${tool} exited with ${exitCode ?? signal}`);
  }
}

/** A tool wrote more to stdout than the caller allowed; it was killed. */
export class ToolOutputLimitError extends UserError {
  override name = "ToolOutputLimitError";
  constructor(
    readonly tool: string,
    readonly limitBytes: number,
  ) {
    super(`${tool} produced more than ${Math.round(limitBytes / 1024 / 1024)} MB of output and was stopped`);
  }
}
