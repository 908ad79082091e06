import { TelegramApiError, UserError } from "contact-userbot/sdk";

/** Telegram's answers to photos.uploadContactProfilePhoto, in plain language. */
const MESSAGES: Record<string, (name: string) => string> = {
  CONTACT_MISSING: (name) => `${name} is not in your contacts. Add them to your contacts first, or use .suggestpfp to suggest the photo instead.`,
  USER_ID_INVALID: (name) => `Telegram does not accept ${name} as a target (unknown user, or not a person).`,
  PEER_ID_INVALID: (name) => `Telegram does not accept ${name} as a target (unknown user).`,
  INPUT_USER_DEACTIVATED: (name) => `${name}'s account is deleted.`,
  USER_PRIVACY_RESTRICTED: (name) => `${name}'s privacy settings do not allow this.`,
  PHOTO_CROP_SIZE_SMALL: () => "Telegram says the photo is too small (it needs at least 160×160).",
  IMAGE_PROCESS_FAILED: () => "Telegram could not process the image.",
  PHOTO_EXT_INVALID: () => "Telegram refused the file type of the image.",
  PHOTO_INVALID: () => "Telegram refused the photo.",
  PHOTO_FILE_MISSING: () => "Telegram lost the uploaded photo; try again.",
  VIDEO_FILE_INVALID: () => "Telegram refused the video (it must be a square MP4 of at most 10 s and 2 MB).",
  EMOJI_MARKUP_INVALID: () => "Telegram refused that sticker or emoji as an avatar.",
  STICKERSET_INVALID: () => "Telegram does not know that sticker set.",
  NEED_ACTION_MISSING: () => "Telegram did not understand what to do with the photo (this is a bug; please report it).",
};

/** Upload errors that a fresh upload can cure (once). */
export const REUPLOAD_ERRORS = /^(FILE_PARTS_INVALID|FILE_PART_\d+_MISSING|FILE_PART_X_MISSING|MD5_CHECKSUM_INVALID|FILE_PART_SIZE_CHANGED)$/;

/** A UserError for errors the owner can understand; anything else unchanged. */
export function explainTelegramError(err: unknown, targetName: string): unknown {
  if (!(err instanceof TelegramApiError)) return err;
  const explain = MESSAGES[err.errorMessage];
  if (explain) return new UserError(explain(targetName));
  if (REUPLOAD_ERRORS.test(err.errorMessage)) return new UserError(`The upload failed twice (${err.errorMessage}); try again.`);
  return err;
}
