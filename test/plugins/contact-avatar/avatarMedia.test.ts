import bigInt from "big-integer";
import { Api } from "telegram";
import {
  buildRequest,
  bytesOf,
  uploadNameOf,
  type AvatarMedia,
  type UploadedMedia,
} from "../../../plugins/contact-avatar/service/avatarMedia";

const user = new Api.InputUser({ userId: bigInt(1234), accessHash: bigInt("987654321987654321") });
const jpegFile = new Api.InputFile({ id: bigInt(1), parts: 1, name: "avatar.jpg", md5Checksum: "" });
const mp4File = new Api.InputFile({ id: bigInt(2), parts: 3, name: "avatar.mp4", md5Checksum: "" });

const photo: AvatarMedia = { kind: "photo", jpeg: Buffer.from([0xff, 0xd8, 0xff]), width: 640, height: 640 };
const video: AvatarMedia = { kind: "video", mp4: Buffer.from("mp4"), width: 800, height: 800, videoStartTs: 1.5 };
const emoji = new Api.VideoSizeEmojiMarkup({ emojiId: bigInt("5368324170671202286"), backgroundColors: [0xff0000, 0x0000ff] });
const markup: AvatarMedia = { kind: "markup", markup: emoji };
const uploadedPhoto: UploadedMedia = { kind: "photo", file: jpegFile };
const uploadedVideo: UploadedMedia = { kind: "video", file: mp4File };

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

describe("buildRequest", () => {
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
    expect(request.videoEmojiMarkup).toBe(emoji);
    expect(request.file).toBeUndefined();
    expect(request.video).toBeUndefined();
    expect(request.videoStartTs).toBeUndefined();
    expect(flagsOf(request)).toBe(SAVE | EMOJI_MARKUP);
  });

  it("should pass a markup's start time on, and serialise sticker markup", () => {
    const sticker = new Api.VideoSizeStickerMarkup({
      stickerset: new Api.InputStickerSetID({ id: bigInt(11), accessHash: bigInt(22) }),
      stickerId: bigInt(33),
      backgroundColors: [0x00ff00],
    });
    const request = buildRequest("suggest", user, { kind: "markup", markup: sticker, videoStartTs: 0.5 }, undefined);
    expect(request.videoStartTs).toBe(0.5);
    expect(flagsOf(request)).toBe(SUGGEST | EMOJI_MARKUP | VIDEO_START_TS);
  });

  it("should refuse set or suggest without media", () => {
    expect(() => buildRequest("set", user, undefined, undefined)).toThrow('buildRequest: "set" needs media');
    expect(() => buildRequest("suggest", user, undefined, undefined)).toThrow('buildRequest: "suggest" needs media');
  });

  it("should refuse photo or video media without the matching upload", () => {
    expect(() => buildRequest("set", user, photo, undefined)).toThrow("buildRequest: photo media needs its uploaded file");
    expect(() => buildRequest("set", user, photo, uploadedVideo)).toThrow("buildRequest: photo media needs its uploaded file");
    expect(() => buildRequest("set", user, video, uploadedPhoto)).toThrow("buildRequest: video media needs its uploaded file");
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
