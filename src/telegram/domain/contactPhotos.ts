import { Api } from "telegram";
import type { Gateway } from "../gateway";
import { bigInteger, rawFileOf, toInputStickerSet, toPhoto } from "../mapping";
import type { ContactPhotoInput, UploadedFile } from "../model";
import type { ContactPhotosApi } from "../types";

/**
 * photos.uploadContactProfilePhoto, with the flags Telegram's own clients
 * send (shared/docs/telegram-contact-photos.md: the method page's wording of
 * `save` is misleading): `save` with media sets a personal photo, `save`
 * without media removes it, `suggest` with media suggests one.
 */
export function contactPhotosApi(gw: Gateway): ContactPhotosApi {
  return {
    async set(user, input, opts) {
      const result = await gw.call(contactPhotoRequest("set", await gw.peers.inputUser(user, opts), input), opts);
      return toPhoto(result.photo);
    },
    async suggest(user, input, opts) {
      const result = await gw.call(contactPhotoRequest("suggest", await gw.peers.inputUser(user, opts), input), opts);
      return toPhoto(result.photo);
    },
    async reset(user, opts) {
      await gw.call(contactPhotoRequest("reset", await gw.peers.inputUser(user, opts)), opts);
    },
  };
}

/** The one place that decides the flags: `save` to set or (without media) remove, `suggest` alone to suggest. */
export function contactPhotoRequest(
  action: "set" | "suggest" | "reset",
  userId: Api.TypeInputUser,
  input?: ContactPhotoInput,
): Api.photos.UploadContactProfilePhoto {
  if (action === "reset") return new Api.photos.UploadContactProfilePhoto({ userId, save: true });
  if (!input) throw new Error(`contactPhotos.${action}: needs a photo, video, sticker or emoji`);
  const flag = action === "suggest" ? { suggest: true } : { save: true };
  return new Api.photos.UploadContactProfilePhoto({ userId, ...flag, ...mediaParams(input) });
}

/** Exactly one of file / video / video_emoji_markup, and video_start_ts only with the last two. */
export function mediaParams(input: ContactPhotoInput): Partial<ConstructorParameters<typeof Api.photos.UploadContactProfilePhoto>[0]> {
  if ("photo" in input) return { file: inputFile(input.photo) };
  const start = input.videoStartTs !== undefined ? { videoStartTs: input.videoStartTs } : {};
  if ("video" in input) return { video: inputFile(input.video), ...start };
  if ("sticker" in input) {
    const { set, stickerId, backgroundColors } = input.sticker;
    const stickerset = toInputStickerSet(set);
    return { videoEmojiMarkup: new Api.VideoSizeStickerMarkup({ stickerset, stickerId: bigInteger(stickerId), backgroundColors }), ...start };
  }
  const { emojiId, backgroundColors } = input.customEmoji;
  return { videoEmojiMarkup: new Api.VideoSizeEmojiMarkup({ emojiId: bigInteger(emojiId), backgroundColors }), ...start };
}

function inputFile(file: UploadedFile): Api.TypeInputFile {
  const raw = rawFileOf(file);
  if (!raw) throw new Error("contactPhotos: pass the UploadedFile that media.upload returned");
  return raw;
}
