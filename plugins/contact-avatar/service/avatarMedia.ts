import type { Colours, ContactPhotoInput, StickerSetRef, UploadedFile } from "contact-userbot/sdk";

/** What Telegram draws itself from a sticker of a set or a custom emoji: nothing is uploaded. */
export type AvatarMarkup =
  { sticker: { set: StickerSetRef; stickerId: bigint; backgroundColors: Colours } } | { customEmoji: { emojiId: bigint; backgroundColors: Colours } };

/**
 * What can become a contact's photo. Each kind maps to exactly one parameter
 * of photos.uploadContactProfilePhoto (see contactPhotoInput).
 */
export type AvatarMedia =
  | { kind: "photo"; jpeg: Buffer; width: number; height: number }
  | { kind: "video"; mp4: Buffer; width: number; height: number; videoStartTs: number }
  | { kind: "markup"; markup: AvatarMarkup; videoStartTs?: number };

/** set: a personal photo only the owner sees; suggest: a suggestion message to the contact; reset: remove the personal photo. */
export type AvatarIntent = "set" | "suggest" | "reset";

/** The uploaded file for photo and video media (markup needs no upload). */
export type UploadedMedia = { kind: "photo" | "video"; file: UploadedFile } | undefined;

/**
 * Which of photo / video / markup the contact-photo call gets. The flags
 * (`save` to set or remove, `suggest` to suggest: see
 * shared/docs/telegram-contact-photos.md) are the Telegram interface's
 * business: contactPhotos.set, suggest and reset.
 */
export function contactPhotoInput(media: AvatarMedia, uploaded: UploadedMedia): ContactPhotoInput {
  switch (media.kind) {
    case "photo":
      return { photo: fileOf(uploaded, "photo") };
    case "video":
      return { video: fileOf(uploaded, "video"), videoStartTs: media.videoStartTs };
    case "markup":
      return { ...media.markup, ...(media.videoStartTs !== undefined ? { videoStartTs: media.videoStartTs } : {}) };
  }
}

/** The name the upload gets: the server checks the extension (PHOTO_EXT_INVALID). */
export function uploadNameOf(media: AvatarMedia): string | undefined {
  return media.kind === "photo" ? "avatar.jpg" : media.kind === "video" ? "avatar.mp4" : undefined;
}

export function bytesOf(media: AvatarMedia): Buffer | undefined {
  return media.kind === "photo" ? media.jpeg : media.kind === "video" ? media.mp4 : undefined;
}

function fileOf(uploaded: UploadedMedia, kind: "photo" | "video"): UploadedFile {
  if (!uploaded || uploaded.kind !== kind) throw new Error(`contactPhotoInput: ${kind} media needs its uploaded file`);
  return uploaded.file;
}
