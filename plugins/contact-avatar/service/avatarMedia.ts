import { Api } from "telegram";

/**
 * What can become a contact's photo. Each kind maps to exactly one parameter
 * of photos.uploadContactProfilePhoto (see buildRequest).
 */
export type AvatarMedia =
  | { kind: "photo"; jpeg: Buffer; width: number; height: number }
  | { kind: "video"; mp4: Buffer; width: number; height: number; videoStartTs: number }
  | { kind: "markup"; markup: Api.VideoSizeEmojiMarkup | Api.VideoSizeStickerMarkup; videoStartTs?: number };

/** set: a personal photo only the owner sees; suggest: a suggestion message to the contact; reset: remove the personal photo. */
export type AvatarIntent = "set" | "suggest" | "reset";

/** The uploaded file for photo and video media (markup needs no upload). */
export type UploadedMedia = { kind: "photo" | "video"; file: Api.TypeInputFile } | undefined;

/**
 * The one place that decides the flags and which of file / video /
 * video_emoji_markup to send. Telegram's own clients send `save` both to set
 * and to remove a personal photo (no media means remove) and `suggest` alone to
 * suggest; neither flag is NEED_ACTION_MISSING. See
 * shared/docs/telegram-contact-photos.md: the method page's wording of `save`
 * is misleading.
 */
export function buildRequest(
  intent: AvatarIntent,
  user: Api.TypeInputUser,
  media: AvatarMedia | undefined,
  uploaded: UploadedMedia,
): Api.photos.UploadContactProfilePhoto {
  if (intent === "reset") {
    return new Api.photos.UploadContactProfilePhoto({ userId: user, save: true });
  }
  if (!media) throw new Error(`buildRequest: "${intent}" needs media`);
  const flags = intent === "suggest" ? { suggest: true as const } : { save: true as const };
  switch (media.kind) {
    case "photo":
      return new Api.photos.UploadContactProfilePhoto({ userId: user, ...flags, file: fileOf(uploaded, "photo") });
    case "video":
      return new Api.photos.UploadContactProfilePhoto({
        userId: user,
        ...flags,
        video: fileOf(uploaded, "video"),
        videoStartTs: media.videoStartTs,
      });
    case "markup":
      return new Api.photos.UploadContactProfilePhoto({
        userId: user,
        ...flags,
        videoEmojiMarkup: media.markup,
        ...(media.videoStartTs !== undefined ? { videoStartTs: media.videoStartTs } : {}),
      });
  }
}

/** The name the upload gets: the server checks the extension (PHOTO_EXT_INVALID). */
export function uploadNameOf(media: AvatarMedia): string | undefined {
  return media.kind === "photo" ? "avatar.jpg" : media.kind === "video" ? "avatar.mp4" : undefined;
}

export function bytesOf(media: AvatarMedia): Buffer | undefined {
  return media.kind === "photo" ? media.jpeg : media.kind === "video" ? media.mp4 : undefined;
}

function fileOf(uploaded: UploadedMedia, kind: "photo" | "video"): Api.TypeInputFile {
  if (!uploaded || uploaded.kind !== kind) throw new Error(`buildRequest: ${kind} media needs its uploaded file`);
  return uploaded.file;
}
