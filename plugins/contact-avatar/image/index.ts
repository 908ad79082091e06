/** The image avatar pipeline: what the plugin, the CLI and the bench use. */
export { prepareImage, type PreparedImage } from "./prepareImage";
export { checkInputByteCount } from "./checks";
export { CROP_MODES, DEFAULT_PREPARE_OPTIONS, parsePrepareOptions, resolvePrepareOptions, type CropMode, type PrepareOptions } from "./options";
export { sniffMedia, type MediaKind, type SniffedMedia } from "./sniff";
export { ImageInputError, type ImageInputProblem } from "./errors";
export {
  AVATAR_SIZE,
  DEFAULT_BACKGROUND,
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_MAX_INPUT_PIXELS,
  FULL_DECODE_MAX_PIXELS,
  JPEG_QUALITY,
  MAX_ASPECT_RATIO,
} from "./limits";
