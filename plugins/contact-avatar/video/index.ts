/** The video avatar pipeline: what the plugin and CLI use. */
export { prepareVideo, type PreparedVideo } from "./prepareVideo";
export { extractStill, type StillOptions } from "./extractStill";
export { findFfmpeg, requireFfmpeg, type FfmpegTools } from "./ffmpeg";
export { DEFAULT_VIDEO_OPTIONS, VIDEO_LIMITS, checkVideoOptions, type VideoOptions } from "./options";
export { removeStaleTempDirs, withPrivateTempDir, type MediaInput } from "./tempDir";
export {
  FFMPEG_MISSING_MESSAGE,
  FfmpegFailedError,
  FfmpegMissingError,
  FfmpegTimeoutError,
  ToolOutputLimitError,
  UnreadableVideoError,
  VideoRulesError,
} from "./errors";
