import { Api } from "telegram";
import sharp from "sharp";
import { World, type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { long } from "../../../local-telegram/world/tl";
import { MethodHarness } from "../../../local-telegram/methods/harness";
import { canDecodeVideo } from "../../../local-telegram/world/videoFrame";

describe("photos.UploadContactProfilePhoto", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const inputUser = (id: bigint, hash?: bigint) => dc.inputUser(id, hash);
  const avatarJpeg = () => fixtures.jpeg({ width: 640, height: 640, color: "#112233" });
  const upload = async (bytes: Buffer, name = "avatar.jpg") => dc.upload(bytes, name);
  const setPhoto = (id: bigint, extra: Partial<ConstructorParameters<typeof Api.photos.UploadContactProfilePhoto>[0]>) =>
    new Api.photos.UploadContactProfilePhoto({ userId: inputUser(id), ...extra });

  it("should set a personal photo for a contact from the uploaded JPEG", async () => {
    const bytes = await avatarJpeg();
    const result = await dc.call(setPhoto(world.ids.bob, { save: true, file: await upload(bytes) }));

    const photo = result.photo as Api.Photo;
    expect(photo).toBeInstanceOf(Api.Photo);
    expect(photo.sizes.map((s) => s.type)).toEqual(["i", "a", "b", "c"]);
    const bob = result.users[0] as Api.User;
    expect((bob.photo as Api.UserProfilePhoto).personal).toBe(true);
    expect((bob.photo as Api.UserProfilePhoto).photoId.toString()).toBe(photo.id.toString());

    const state = world.photoState(world.ids.bob);
    expect(state.personal?.source?.file?.bytes.equals(bytes)).toBe(true);
    expect(state.personal?.source?.file?.name).toBe("avatar.jpg");
    expect(world.contactPhotoCalls.at(-1)).toMatchObject({ save: true, suggest: false, userId: world.ids.bob });
  });

  it("should show the personal photo in users.getFullUser next to the contact's own photo", async () => {
    await dc.call(setPhoto(world.ids.alice, { save: true, file: await upload(await avatarJpeg()) }));
    const full = await dc.call(new Api.users.GetFullUser({ id: inputUser(world.ids.alice) }));
    expect((full.fullUser.personalPhoto as Api.Photo).id.toString()).toBe(world.photoState(world.ids.alice).personal!.id.toString());
    expect((full.fullUser.profilePhoto as Api.Photo).id.toString()).toBe(world.ids.photos.aliceProfile.toString());
  });

  it("should serve the new photo's sizes as real JPEGs through upload.getFile", async () => {
    const result = await dc.call(setPhoto(world.ids.bob, { save: true, file: await upload(await avatarJpeg()) }));
    const photo = result.photo as Api.Photo;
    const bytes = await dc.download(
      new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: "c" }),
    );
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 640 });
  });

  it("should remove the personal photo with save and no media", async () => {
    await dc.call(setPhoto(world.ids.bob, { save: true, file: await upload(await avatarJpeg()) }));
    const result = await dc.call(setPhoto(world.ids.bob, { save: true }));
    expect(result.photo).toBeInstanceOf(Api.PhotoEmpty);
    expect(world.photoState(world.ids.bob).personal).toBeUndefined();
    expect((result.users[0] as Api.User).photo).toBeInstanceOf(Api.UserProfilePhotoEmpty);
  });

  it("should suggest a photo as an outgoing service message pushed to the owner", async () => {
    const before = dc.sink.pushes.length;
    const result = await dc.call(setPhoto(world.ids.carol, { suggest: true, file: await upload(await avatarJpeg()) }));
    const [suggestion] = world.photoState(world.ids.carol).suggested;
    expect(suggestion?.photo.id.toString()).toBe((result.photo as Api.Photo).id.toString());
    expect(world.photoState(world.ids.carol).personal).toBeUndefined();

    const pushed = dc.pushesTo(world.ownerId, before)[0];
    expect(pushed.opts?.exceptAuthKeyId).toBeUndefined();
    const update = (pushed.updates as Api.Updates).updates[0] as Api.UpdateNewMessage;
    const message = update.message as Api.MessageService;
    expect(message.out).toBe(true);
    expect(message.id).toBe(suggestion.messageId);
    expect(message.action).toBeInstanceOf(Api.MessageActionSuggestProfilePhoto);
  });

  it.each([
    ["neither save nor suggest", {}, "NEED_ACTION_MISSING"],
    ["a suggestion without media", { suggest: true }, "PHOTO_FILE_MISSING"],
    ["video_start_ts without a video", { save: true, videoStartTs: 1 }, "VIDEO_START_TS_INVALID"],
  ])("should refuse %s", async (_what, flags, error) => {
    expect(await dc.error(setPhoto(world.ids.bob, flags))).toBe(error);
  });

  it("should refuse two kinds of media at once with MEDIA_INVALID", async () => {
    const file = await upload(await avatarJpeg());
    const video = await dc.upload(await fixtures.mp4({ width: 240, height: 240, seconds: 1 }), "avatar.mp4");
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file, video }))).toBe("MEDIA_INVALID");
  });

  it("should refuse a wrong access hash, yourself and a bot with USER_ID_INVALID", async () => {
    const file = await upload(await avatarJpeg());
    expect(await dc.error(new Api.photos.UploadContactProfilePhoto({ save: true, file, userId: inputUser(world.ids.bob, 7n) }))).toBe("USER_ID_INVALID");
    expect(await dc.error(new Api.photos.UploadContactProfilePhoto({ save: true, file, userId: new Api.InputUserSelf() }))).toBe("USER_ID_INVALID");
    expect(await dc.error(setPhoto(world.ids.helperBot, { save: true, file }))).toBe("USER_ID_INVALID");
  });

  it("should refuse a personal photo for a non-contact with CONTACT_MISSING", async () => {
    expect(await dc.error(setPhoto(world.ids.carol, { save: true, file: await upload(await avatarJpeg()) }))).toBe("CONTACT_MISSING");
    expect(world.contactPhotoCalls.at(-1)?.error).toBe("CONTACT_MISSING");
  });

  it("should refuse a file name without an image extension with PHOTO_EXT_INVALID", async () => {
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: await upload(await avatarJpeg(), "avatar") }))).toBe("PHOTO_EXT_INVALID");
  });

  it("should refuse bytes that are not a JPEG with IMAGE_PROCESS_FAILED", async () => {
    const png = await fixtures.png({ width: 400, height: 400 });
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: await upload(png, "avatar.jpg") }))).toBe("IMAGE_PROCESS_FAILED");
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: await upload(Buffer.from("not an image"), "avatar.jpg") }))).toBe("IMAGE_PROCESS_FAILED");
  });

  it("should refuse a photo under 160 px with PHOTO_CROP_SIZE_SMALL", async () => {
    const small = await fixtures.jpeg({ width: 159, height: 400 });
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: await upload(small) }))).toBe("PHOTO_CROP_SIZE_SMALL");
  });

  it("should name the first missing part of a broken upload", async () => {
    const file = (await dc.upload(await fixtures.jpeg({ width: 1000, height: 1000 }), "avatar.jpg", { partSize: 16 * 1024 })) as Api.InputFile;
    const claimsMore = new Api.InputFile({ id: file.id, parts: file.parts + 2, name: file.name, md5Checksum: "" });
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: claimsMore }))).toBe(`FILE_PART_${file.parts}_MISSING`);
    const claimsFewer = new Api.InputFile({ id: file.id, parts: file.parts - 1, name: file.name, md5Checksum: "" });
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, file: claimsFewer }))).toBe("FILE_PARTS_INVALID");
  });

  it("should accept a square MP4 of at most 10 s as a video avatar", async () => {
    const clip = await fixtures.mp4({ width: 240, height: 240, seconds: 1 });
    const result = await dc.call(setPhoto(world.ids.bob, { save: true, video: await dc.upload(clip, "avatar.mp4"), videoStartTs: 0.5 }));
    const photo = result.photo as Api.Photo;
    expect(photo.videoSizes?.[0]).toMatchObject({ type: "u", w: 240, h: 240, videoStartTs: 0.5 });
    expect(world.photoState(world.ids.bob).personal?.source?.video?.bytes.equals(clip)).toBe(true);
  });

  it("should cut the still of a video avatar from the video at video_start_ts (a grey placeholder without ffmpeg)", async () => {
    const clip = await fixtures.mp4({ width: 240, height: 240, seconds: 1 });
    await dc.call(setPhoto(world.ids.bob, { save: true, video: await dc.upload(clip, "avatar.mp4"), videoStartTs: 0.5 }));
    const still = world.photoState(world.ids.bob).personal!.sizes.at(-1)!;
    const { channels } = await sharp(still.bytes).stats();
    const spread = Math.max(...channels.map((c) => c.stdev));
    // ffmpeg's test pattern is colour bars: far from flat. The placeholder is one grey.
    if (canDecodeVideo()) expect(spread).toBeGreaterThan(30);
    else expect(spread).toBeLessThan(1);
    expect([still.width, still.height]).toEqual([640, 640]);
  });

  it.each([
    ["not square", { width: 320, height: 240, seconds: 1 }, "avatar.mp4"],
    ["longer than 10 s", { width: 240, height: 240, seconds: 10.5 }, "avatar.mp4"],
    ["smaller than 160 px", { width: 100, height: 100, seconds: 1 }, "avatar.mp4"],
    ["over 2 MB", { width: 240, height: 240, seconds: 1, padTo: 2 * 1024 * 1024 + 1 }, "avatar.mp4"],
    ["named like a photo", { width: 240, height: 240, seconds: 1 }, "avatar.jpg"],
  ])("should refuse a video that is %s with VIDEO_FILE_INVALID", async (_what, spec, name) => {
    const video = await dc.upload(fixtures.mp4Skeleton(spec), name);
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, video }))).toBe("VIDEO_FILE_INVALID");
  });

  it("should refuse bytes that are not an MP4 as a video with VIDEO_FILE_INVALID", async () => {
    const video = await dc.upload(await avatarJpeg(), "avatar.mp4");
    expect(await dc.error(setPhoto(world.ids.bob, { save: true, video }))).toBe("VIDEO_FILE_INVALID");
  });

  it("should accept sticker and custom emoji markup from known sets", async () => {
    const sticker = new Api.VideoSizeStickerMarkup({
      stickerset: new Api.InputStickerSetID({ id: long(world.ids.stickerSet.id), accessHash: long(world.ids.stickerSet.accessHash) }),
      stickerId: long(world.ids.documents.animatedSticker),
      backgroundColors: [0xff0000, 0x0000ff],
    });
    const result = await dc.call(setPhoto(world.ids.bob, { save: true, videoEmojiMarkup: sticker }));
    expect((result.photo as Api.Photo).videoSizes?.[0]).toBeInstanceOf(Api.VideoSizeStickerMarkup);

    const emoji = new Api.VideoSizeEmojiMarkup({ emojiId: long(world.ids.documents.customEmoji), backgroundColors: [0x00ff00] });
    await dc.call(setPhoto(world.ids.carol, { suggest: true, videoEmojiMarkup: emoji }));
    expect(world.photoState(world.ids.carol).suggested).toHaveLength(1);
  });

  it("should refuse bad markup with EMOJI_MARKUP_INVALID or STICKERSET_INVALID", async () => {
    const set = new Api.InputStickerSetID({ id: long(world.ids.stickerSet.id), accessHash: long(world.ids.stickerSet.accessHash) });
    const wrongHash = new Api.InputStickerSetID({ id: long(world.ids.stickerSet.id), accessHash: long(1n) });
    const cases: [Api.TypeVideoSize, string][] = [
      [new Api.VideoSizeEmojiMarkup({ emojiId: long(12345n), backgroundColors: [0] }), "EMOJI_MARKUP_INVALID"],
      [new Api.VideoSizeEmojiMarkup({ emojiId: long(world.ids.documents.staticSticker), backgroundColors: [0] }), "EMOJI_MARKUP_INVALID"],
      [new Api.VideoSizeEmojiMarkup({ emojiId: long(world.ids.documents.customEmoji), backgroundColors: [] }), "EMOJI_MARKUP_INVALID"],
      [
        new Api.VideoSizeStickerMarkup({ stickerset: wrongHash, stickerId: long(world.ids.documents.staticSticker), backgroundColors: [0] }),
        "STICKERSET_INVALID",
      ],
      [new Api.VideoSizeStickerMarkup({ stickerset: set, stickerId: long(world.ids.documents.video), backgroundColors: [0] }), "EMOJI_MARKUP_INVALID"],
      [new Api.VideoSize({ type: "u", w: 1, h: 1, size: 1 }), "EMOJI_MARKUP_INVALID"],
    ];
    for (const [markup, error] of cases) expect(await dc.error(setPhoto(world.ids.bob, { save: true, videoEmojiMarkup: markup }))).toBe(error);
  });

  it("should answer FLOOD_WAIT once the avatar rate limit is used up", async () => {
    world.setAvatarRateLimit({ max: 2, perSeconds: 60 });
    await dc.call(setPhoto(world.ids.bob, { save: true, file: await upload(await avatarJpeg()) }));
    await dc.call(setPhoto(world.ids.bob, { save: true }));
    const error = await dc.error(setPhoto(world.ids.alice, { save: true, file: await upload(await avatarJpeg()) }));
    expect(error).toMatch(/^FLOOD_WAIT_(\d+)$/);
    const seconds = Number(error.slice("FLOOD_WAIT_".length));
    expect(seconds).toBeGreaterThan(55);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});

describe("photos.UploadProfilePhoto", () => {
  it("should set the caller's own photo, or the fallback photo, and count against the avatar limit", async () => {
    const world = await World.seeded();
    const dc = new MethodHarness(world);
    world.setAvatarRateLimit({ max: 2, perSeconds: 60 });
    const jpeg = await fixtures.jpeg({ width: 300, height: 300 });
    const own = await dc.call(new Api.photos.UploadProfilePhoto({ file: await dc.upload(jpeg, "me.jpg") }));
    const fallback = await dc.call(new Api.photos.UploadProfilePhoto({ fallback: true, file: await dc.upload(jpeg, "me.jpg") }));
    const state = world.photoState(world.ownerId);
    expect(state.own?.id.toString()).toBe((own.photo as Api.Photo).id.toString());
    expect(state.fallback?.id.toString()).toBe((fallback.photo as Api.Photo).id.toString());
    expect(await dc.error(new Api.photos.UploadProfilePhoto({ file: await dc.upload(jpeg, "me.jpg") }))).toMatch(/^FLOOD_WAIT_\d+$/);
  });
});
