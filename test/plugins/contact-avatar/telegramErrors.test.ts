import { FloodWaitError, TelegramApiError, UserError } from "../../../src/core/errors";
import { explainTelegramError, REUPLOAD_ERRORS } from "../../../plugins/contact-avatar/service/telegramErrors";

const apiError = (message: string) => new TelegramApiError(message, 400, "photos.UploadContactProfilePhoto");

describe("explainTelegramError", () => {
  it.each([
    ["CONTACT_MISSING", "Alice is not in your contacts. Add them to your contacts first, or use .suggestpfp to suggest the photo instead."],
    ["USER_ID_INVALID", "Telegram does not accept Alice as a target (unknown user, or not a person)."],
    ["PEER_ID_INVALID", "Telegram does not accept Alice as a target (unknown user)."],
    ["INPUT_USER_DEACTIVATED", "Alice's account is deleted."],
    ["USER_PRIVACY_RESTRICTED", "Alice's privacy settings do not allow this."],
    ["PHOTO_CROP_SIZE_SMALL", "Telegram says the photo is too small (it needs at least 160×160)."],
    ["IMAGE_PROCESS_FAILED", "Telegram could not process the image."],
    ["PHOTO_EXT_INVALID", "Telegram refused the file type of the image."],
    ["PHOTO_INVALID", "Telegram refused the photo."],
    ["PHOTO_FILE_MISSING", "Telegram lost the uploaded photo; try again."],
    ["VIDEO_FILE_INVALID", "Telegram refused the video (it must be a square MP4 of at most 10 s and 2 MB)."],
    ["EMOJI_MARKUP_INVALID", "Telegram refused that sticker or emoji as an avatar."],
    ["STICKERSET_INVALID", "Telegram does not know that sticker set."],
    ["NEED_ACTION_MISSING", "Telegram did not understand what to do with the photo (this is a bug; please report it)."],
  ])("should explain %s in plain words as a UserError", (code, text) => {
    const explained = explainTelegramError(apiError(code), "Alice");
    expect(explained).toBeInstanceOf(UserError);
    expect((explained as Error).message).toBe(text);
  });

  it.each(["FILE_PARTS_INVALID", "FILE_PART_3_MISSING", "FILE_PART_X_MISSING", "MD5_CHECKSUM_INVALID", "FILE_PART_SIZE_CHANGED"])(
    "should explain the upload error %s as a failed upload",
    (code) => {
      const explained = explainTelegramError(apiError(code), "Alice");
      expect(explained).toBeInstanceOf(UserError);
      expect((explained as Error).message).toBe(`The upload failed twice (${code}); try again.`);
    },
  );

  it("should pass an unknown Telegram error through unchanged", () => {
    const err = apiError("SOMETHING_NEW");
    expect(explainTelegramError(err, "Alice")).toBe(err);
  });

  it("should pass anything that is not a Telegram answer through unchanged", () => {
    const flood = new FloodWaitError(30);
    const bug = new TypeError("x is undefined");
    expect(explainTelegramError(flood, "Alice")).toBe(flood);
    expect(explainTelegramError(bug, "Alice")).toBe(bug);
    expect(explainTelegramError("text", "Alice")).toBe("text");
  });

  it("should not take a code that merely contains a known one", () => {
    const err = apiError("CONTACT_MISSING_EXTRA");
    expect(explainTelegramError(err, "Alice")).toBe(err);
  });
});

describe("REUPLOAD_ERRORS", () => {
  it.each(["FILE_PARTS_INVALID", "FILE_PART_0_MISSING", "FILE_PART_12_MISSING", "MD5_CHECKSUM_INVALID", "FILE_PART_SIZE_CHANGED"])("should match %s", (code) =>
    expect(REUPLOAD_ERRORS.test(code)).toBe(true),
  );

  it.each(["FILE_PART_MISSING", "FILE_PART_1_MISSING_X", "XFILE_PARTS_INVALID", "PHOTO_INVALID", "FILE_PART_TOO_BIG"])("should not match %s", (code) =>
    expect(REUPLOAD_ERRORS.test(code)).toBe(false),
  );
});
