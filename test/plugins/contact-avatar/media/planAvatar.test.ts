import type { StickerSetRef } from "../../../../src/telegram/model";
import { ownedMessage, stickerMedia } from "../../../fixtures/owned";
import type { AvatarSource } from "../../../../plugins/contact-avatar/media/chooseSource";
import { planAvatar } from "../../../../plugins/contact-avatar/media/planAvatar";
import type { AvatarConfig } from "../../../../plugins/contact-avatar/settings";
import { avatarSettings } from "../../../../plugins/contact-avatar/settings";

const config = Object.fromEntries(Object.entries(avatarSettings).map(([key, s]) => [key, s.default])) as AvatarConfig;
const message = ownedMessage();
const sticker = (format: "static" | "animated" | "video", set: StickerSetRef | "no set" = { id: 5n, accessHash: 6n }): AvatarSource => ({
  kind: "sticker",
  format,
  label: format === "static" ? "sticker" : `${format} sticker`,
  sticker: stickerMedia({ id: 77n, format, set: set === "no set" ? undefined : set }),
  message,
});
const video: AvatarSource = { kind: "video", message, label: "video" };
const photo: AvatarSource = { kind: "image", message, label: "photo" };

describe("planAvatar", () => {
  it("should make a sticker markup by default, on the configured gradient", () => {
    const plan = planAvatar(sticker("static"), {}, config);
    expect(plan).toMatchObject({ kind: "markup", label: "sticker", colours: [0x6ec6ff, 0x2481cc], frame: undefined });
    expect(plan.kind === "markup" && plan.markup).toEqual({
      sticker: { set: { id: 5n, accessHash: 6n }, stickerId: 77n, backgroundColors: [0x6ec6ff, 0x2481cc] },
    });
  });

  it("should give an animated sticker its preview frame and colours", () => {
    expect(planAvatar(sticker("animated"), { frame: "1.5", bg: "black" }, config)).toMatchObject({ kind: "markup", frame: 1.5, colours: [0] });
  });

  it("should make a static sticker a photo with --as-photo, or when it is in no set", () => {
    expect(planAvatar(sticker("static"), { "as-photo": true, crop: "fit" }, config)).toMatchObject({ kind: "photo", image: { crop: "fit", size: 800 } });
    expect(planAvatar(sticker("static", "no set"), {}, config).kind).toBe("photo");
    expect(() => planAvatar(sticker("video", "no set"), {}, config)).toThrow("belongs to no sticker set");
  });

  it("should make a video animated by default with the configured size, and a still photo with --still", () => {
    expect(planAvatar(video, { start: "3", frame: "1" }, config)).toMatchObject({
      kind: "video",
      video: { size: 800, start: 3, frame: 1, background: "#ffffff" },
    });
    expect(planAvatar(video, { still: true, start: "3", frame: "1", crop: "smart" }, config)).toMatchObject({
      kind: "still",
      atSec: 4,
      image: { crop: "smart" },
    });
  });

  it("should make an emoji markup for a custom emoji and keep a plain emoji for the look-up", () => {
    const custom = planAvatar({ kind: "custom-emoji", emojiId: 9n }, { bg: "red,blue,green" }, config);
    expect(custom).toMatchObject({ kind: "markup", label: "custom emoji", colours: [0xff0000, 0x0000ff, 0x008000] });
    expect(custom.kind === "markup" && "customEmoji" in custom.markup && custom.markup.customEmoji.emojiId).toBe(9n);
    expect(planAvatar({ kind: "plain-emoji", emoji: "🐱" }, {}, config)).toMatchObject({ kind: "plain-emoji", emoji: "🐱" });
  });

  it.each<[string, AvatarSource, Record<string, string | true>, string]>([
    ["--frame on a photo", photo, { frame: "1" }, "--frame does not apply to a photo"],
    ["--still on a photo", photo, { still: true }, "--still does not apply to a photo"],
    ["a colour list on a photo", photo, { bg: "red,blue" }, "--bg takes one colour for photos"],
    ["--as-photo on a video", video, { "as-photo": true }, "--as-photo is for static stickers; for one frame of a video use --still"],
    ["--duration with --still", video, { still: true, duration: "2" }, "--duration does not apply with --still"],
    ["--quality on an animated avatar", video, { quality: "90" }, "--quality does not apply to an animated avatar"],
    ["--size on a sticker", sticker("video"), { size: "640" }, "--size does not apply to a video sticker"],
    ["--frame on a static sticker", sticker("static"), { frame: "1" }, "--frame is for animated stickers; this one is static"],
    ["--as-photo on an animated sticker", sticker("animated"), { "as-photo": true }, "--as-photo works with static stickers only, not an animated sticker"],
    ["--preview on an emoji", { kind: "plain-emoji", emoji: "🐱" }, { preview: true }, "--preview works for photos and videos"],
    ["--crop on a custom emoji", { kind: "custom-emoji", emojiId: 1n }, { crop: "fit" }, "--crop does not apply to a custom emoji"],
  ])("should refuse %s", (_, source, options, message) => {
    expect(() => planAvatar(source, options, config)).toThrow(message);
  });
});
