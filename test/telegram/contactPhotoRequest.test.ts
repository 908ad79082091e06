import bigInt from "big-integer";
import { Api } from "telegram";
import { contactPhotoRequest } from "../../src/telegram/domain/contactPhotos";
import { toUploadedFile } from "../../src/telegram/mapping";
import type { ContactPhotoInput } from "../../src/telegram/model";
import { bytesOf, contactPhotoInput, uploadNameOf, type AvatarMedia, type UploadedMedia } from "../../plugins/contact-avatar/service/avatarMedia";

const user = new Api.InputUser({ userId: bigInt(1234), accessHash: bigInt("987654321987654321") });
const jpegFile = new Api.InputFile({ id: bigInt(1), parts: 1, name: "avatar.jpg", md5Checksum: "" });
const mp4File = new Api.InputFile({ id: bigInt(2), parts: 3, name: "avatar.mp4", md5Checksum: "" });

const photo: AvatarMedia = { kind: "photo", jpeg: Buffer.from([0xff, 0xd8, 0xff]), width: 640, height: 640 };
const video: AvatarMedia = { kind: "video", mp4: Buffer.from("mp4"), width: 800, height: 800, videoStartTs: 1.5 };
const markup: AvatarMedia = { kind: "markup", markup: { customEmoji: { emojiId: 5368324170671202286n, backgroundColors: [0xff0000, 0x0000ff] } } };
const uploadedPhoto: UploadedMedia = { kind: "photo", file: toUploadedFile(jpegFile, "avatar.jpg", 3) };
const uploadedVideo: UploadedMedia = { kind: "video", file: toUploadedFile(mp4File, "avatar.mp4", 3) };

/**
 * The request contact-avatar's media becomes: the plugin picks the input
 * (contactPhotoInput), src/telegram the flags and TL objects (contactPhotoRequest).
 */
function buildRequest(intent: "set" | "suggest" | "reset", userId: Api.TypeInputUser, media: AvatarMedia | undefined, uploaded: UploadedMedia) {
  const input: ContactPhotoInput | undefined = intent === "reset" || !media ? undefined : contactPhotoInput(media, uploaded);
  return contactPhotoRequest(intent, userId, input);
}

/** The serialised request's flags word (right after the 4-byte constructor id). */
function flagsOf(request: Api.photos.UploadContactProfilePhoto): number {
  const bytes = request.getBytes();
  expect(bytes.readUInt32LE(0)).toBe(0xe14c4a71);
  return bytes.readUInt32LE(4);
}

// Bits of photos.uploadContactProfilePhoto's flags (see shared/docs/telegram-contact-photos.md).
const FILE = 1 << 0;
const VIDEO = 1 << 1;
const VIDEO_START_TS = 1 << 2;
const SUGGEST = 1 << 3;
const SAVE = 1 << 4;
const EMOJI_MARKUP = 1 << 5;

describe("the contact-photo request", () => {
  it("should set a photo with save and file only", () => {
    const request = buildRequest("set", user, photo, uploadedPhoto);
    expect(request.userId).toBe(user);
    expect(request.save).toBe(true);
    expect(request.suggest).toBeUndefined();
    expect(request.file).toBe(jpegFile);
    expect(request.video).toBeUndefined();
    expect(request.videoStartTs).toBeUndefined();
    expect(request.videoEmojiMarkup).toBeUndefined();
    expect(flagsOf(request)).toBe(SAVE | FILE);
  });

  it("should suggest a photo with suggest and file only", () => {
    const request = buildRequest("suggest", user, photo, uploadedPhoto);
    expect(request.suggest).toBe(true);
    expect(request.save).toBeUndefined();
    expect(request.file).toBe(jpegFile);
    expect(request.video).toBeUndefined();
    expect(flagsOf(request)).toBe(SUGGEST | FILE);
  });

  it("should reset with save and no media at all", () => {
    const request = buildRequest("reset", user, undefined, undefined);
    expect(request.save).toBe(true);
    expect(request.suggest).toBeUndefined();
    expect(request.file).toBeUndefined();
    expect(request.video).toBeUndefined();
    expect(request.videoStartTs).toBeUndefined();
    expect(request.videoEmojiMarkup).toBeUndefined();
    expect(flagsOf(request)).toBe(SAVE);
  });

  it("should ignore media given to reset", () => {
    expect(flagsOf(buildRequest("reset", user, photo, uploadedPhoto))).toBe(SAVE);
  });

  it("should set a video with video and its start time, and no file", () => {
    const request = buildRequest("set", user, video, uploadedVideo);
    expect(request.video).toBe(mp4File);
    expect(request.videoStartTs).toBe(1.5);
    expect(request.file).toBeUndefined();
    expect(request.videoEmojiMarkup).toBeUndefined();
    expect(flagsOf(request)).toBe(SAVE | VIDEO | VIDEO_START_TS);
    // the start time is a double right after user_id and the video
    const bytes = request.getBytes();
    expect(bytes.readDoubleLE(bytes.length - 8)).toBe(1.5);
  });

  it("should suggest a video", () => {
    expect(flagsOf(buildRequest("suggest", user, video, uploadedVideo))).toBe(SUGGEST | VIDEO | VIDEO_START_TS);
  });

  it("should send a sticker or emoji as videoEmojiMarkup without any upload", () => {
    const request = buildRequest("set", user, markup, undefined);
    const sent = request.videoEmojiMarkup as Api.VideoSizeEmojiMarkup;
    expect(sent).toBeInstanceOf(Api.VideoSizeEmojiMarkup);
    expect([sent.emojiId.toString(), sent.backgroundColors]).toEqual(["5368324170671202286", [0xff0000, 0x0000ff]]);
    expect(request.file).toBeUndefined();
    expect(request.video).toBeUndefined();
    expect(request.videoStartTs).toBeUndefined();
    expect(flagsOf(request)).toBe(SAVE | EMOJI_MARKUP);
  });

  it("should pass a markup's start time on, and serialise sticker markup", () => {
    const sticker = { sticker: { set: { id: 11n, accessHash: 22n }, stickerId: 33n, backgroundColors: [0x00ff00] } };
    const request = buildRequest("suggest", user, { kind: "markup", markup: sticker, videoStartTs: 0.5 }, undefined);
    expect(request.videoStartTs).toBe(0.5);
    const sent = request.videoEmojiMarkup as Api.VideoSizeStickerMarkup;
    expect(sent).toBeInstanceOf(Api.VideoSizeStickerMarkup);
    expect([(sent.stickerset as Api.InputStickerSetID).id.toString(), sent.stickerId.toString(), sent.backgroundColors]).toEqual(["11", "33", [0x00ff00]]);
    expect(flagsOf(request)).toBe(SUGGEST | EMOJI_MARKUP | VIDEO_START_TS);
  });

  it("should refuse set or suggest without media", () => {
    expect(() => contactPhotoRequest("set", user)).toThrow("contactPhotos.set: needs a photo, video, sticker or emoji");
    expect(() => contactPhotoRequest("suggest", user)).toThrow("contactPhotos.suggest: needs a photo, video, sticker or emoji");
  });

  it("should refuse photo or video media without the matching upload", () => {
    expect(() => buildRequest("set", user, photo, undefined)).toThrow("contactPhotoInput: photo media needs its uploaded file");
    expect(() => buildRequest("set", user, photo, uploadedVideo)).toThrow("contactPhotoInput: photo media needs its uploaded file");
    expect(() => buildRequest("set", user, video, uploadedPhoto)).toThrow("contactPhotoInput: video media needs its uploaded file");
  });
});

describe("uploadNameOf and bytesOf", () => {
  it("should name uploads with the extension the server checks", () => {
    expect(uploadNameOf(photo)).toBe("avatar.jpg");
    expect(uploadNameOf(video)).toBe("avatar.mp4");
    expect(uploadNameOf(markup)).toBeUndefined();
  });

  it("should give the bytes to upload, none for markup", () => {
    expect(bytesOf(photo)).toBe((photo as { jpeg: Buffer }).jpeg);
    expect(bytesOf(video)).toBe((video as { mp4: Buffer }).mp4);
    expect(bytesOf(markup)).toBeUndefined();
  });
});
