import { UserError } from "contact-userbot/sdk";

/**
 * Why an input cannot become an avatar. Callers branch on this rather than on
 * the wording (the CLI and the plugin route "video" elsewhere, for example).
 */
export type ImageInputProblem =
  "empty" | "too-many-bytes" | "too-many-pixels" | "aspect-ratio" | "not-an-image" | "unsupported-format" | "video" | "animated-sticker" | "damaged";

/**
 * The input is not something the image pipeline can turn into an avatar. The
 * message is one line meant for the person who sent the image; the decoder's
 * own error, if any, stays in `cause` for the logs.
 */
export class ImageInputError extends UserError {
  override name = "ImageInputError";
  constructor(
    readonly problem: ImageInputProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
