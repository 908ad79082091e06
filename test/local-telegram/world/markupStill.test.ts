/**
 * The stills of sticker and emoji avatars: the sticker centred on its
 * background colours (solid, vertical gradient, freeform gradient), made by
 * the server from the real sticker bytes with real sharp; and the
 * animated-emoji set covering the common emoji.
 */
import sharp from "sharp";
import { Api } from "telegram";
import { MethodHarness } from "../../../local-telegram/methods/harness";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { COMMON_EMOJI } from "../../../local-telegram/world/emojiSet";
import { lottieFirstFrameSvg } from "../../../local-telegram/world/lottie";
import { markupBackground } from "../../../local-telegram/world/markupStill";
import { long } from "../../../local-telegram/world/tl";

type Rgb = [number, number, number];
const RED = 0xff0000;
const BLUE = 0x0000ff;
const GREEN = 0x00ff00;
const YELLOW = 0xffff00;

function pixelOf(raw: Buffer, side: number, x: number, y: number): Rgb {
  const at = (Math.round(y) * side + Math.round(x)) * 3;
  return [raw[at], raw[at + 1], raw[at + 2]];
}

function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const rgb = (c: number): Rgb => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];

describe("markupBackground", () => {
  const side = 64;

  it("should fill one colour solid", () => {
    const raw = markupBackground([0x336699], side);
    expect(new Set(Array.from({ length: side * side }, (_, i) => raw.readUIntBE(i * 3, 3))).size).toBe(1);
    expect(pixelOf(raw, side, 10, 50)).toEqual(rgb(0x336699));
  });

  it("should run two colours top to bottom", () => {
    const raw = markupBackground([RED, BLUE], side);
    expect(pixelOf(raw, side, 5, 0)).toEqual(rgb(RED));
    expect(pixelOf(raw, side, 40, side - 1)).toEqual(rgb(BLUE));
    const middle = pixelOf(raw, side, 20, side / 2);
    expect(middle[0]).toBeGreaterThan(100);
    expect(middle[2]).toBeGreaterThan(100);
    // Rows are even: a vertical gradient does not change across.
    expect(pixelOf(raw, side, 0, 20)).toEqual(pixelOf(raw, side, side - 1, 20));
  });

  it("should give each of 3 or 4 colours its own region, as Telegram's freeform gradient does", () => {
    const colors = [RED, GREEN, BLUE, YELLOW];
    const raw = markupBackground(colors, side);
    // Telegram's starting points: colour 1 near the bottom right, 2 lower left, 3 top left, 4 upper right.
    const near = [
      pixelOf(raw, side, 0.85 * side, 0.95 * side),
      pixelOf(raw, side, 0.3 * side, 0.8 * side),
      pixelOf(raw, side, 0.1 * side, 0.05 * side),
      pixelOf(raw, side, 0.7 * side, 0.2 * side),
    ];
    near.forEach((pixel, i) => {
      const closest = colors.map((c) => distance(pixel, rgb(c)));
      expect(closest.indexOf(Math.min(...closest))).toBe(i);
    });
    const three = markupBackground([RED, GREEN, BLUE], side);
    expect(pixelOf(three, side, 0.7 * side, 0.2 * side)).not.toEqual(pixelOf(raw, side, 0.7 * side, 0.2 * side));
  });
});

describe("sticker and emoji avatar stills on the server", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  async function personalStill(markup: Api.TypeVideoSize): Promise<{ raw: Buffer; side: number }> {
    await dc.call(new Api.photos.UploadContactProfilePhoto({ userId: dc.inputUser(world.ids.bob), save: true, videoEmojiMarkup: markup }));
    const jpeg = world.photoState(world.ids.bob).personal!.sizes.at(-1)!.bytes;
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    return { raw: data, side: info.width };
  }

  it("should draw a static sticker centred at 67% on a two-colour gradient", async () => {
    const set = new Api.InputStickerSetID({ id: long(world.ids.stickerSet.id), accessHash: long(world.ids.stickerSet.accessHash) });
    const { raw, side } = await personalStill(
      new Api.VideoSizeStickerMarkup({ stickerset: set, stickerId: long(world.ids.documents.staticSticker), backgroundColors: [RED, BLUE] }),
    );
    expect(side).toBe(640);
    expect(distance(pixelOf(raw, side, 5, 5), rgb(RED))).toBeLessThan(40);
    expect(distance(pixelOf(raw, side, 5, side - 5), rgb(BLUE))).toBeLessThan(40);
    // The sticker (an orange-to-white square) covers the middle, not the background.
    const centre = pixelOf(raw, side, side / 2 - 100, side / 2 - 100);
    expect(distance(centre, pixelOf(raw, side, 5, side / 2 - 100))).toBeGreaterThan(60);
    const edge = Math.round((side * (1 - 0.67)) / 2);
    expect(distance(pixelOf(raw, side, edge - 6, side / 2), pixelOf(raw, side, 2, side / 2))).toBeLessThan(40);
  });

  it("should draw an animated emoji's first frame on a freeform gradient", async () => {
    const set = await dc.call(new Api.messages.GetStickerSet({ stickerset: new Api.InputStickerSetAnimatedEmoji(), hash: 0 }));
    const dog = (set as Api.messages.StickerSet).packs.find((p) => p.emoticon === "🐶")!.documents[0];
    const stickerset = new Api.InputStickerSetID({ id: long(world.ids.animatedEmojiSet.id), accessHash: long(world.ids.animatedEmojiSet.accessHash) });
    const { raw, side } = await personalStill(new Api.VideoSizeStickerMarkup({ stickerset, stickerId: dog, backgroundColors: [RED, GREEN, BLUE, YELLOW] }));
    // The face is the 440 px ellipse of the emoji's first frame.
    const face = /rx="220" ry="220" fill="rgb\((\d+),(\d+),(\d+)\)"/.exec(lottieFirstFrameSvg(world.media.documents.get(BigInt(dog.toString()))!.bytes)!.svg)!;
    const faceColour = face.slice(1).map(Number) as Rgb;
    // Just below the eyes: the face's own colour, drawn over the background.
    expect(distance(pixelOf(raw, side, side / 2, side / 2 + 20), faceColour)).toBeLessThan(30);
    expect(distance(pixelOf(raw, side, 0.85 * side, 0.97 * side), rgb(RED))).toBeLessThan(distance(pixelOf(raw, side, 0.85 * side, 0.97 * side), rgb(BLUE)));
  });

  it("should hold the common emoji in Telegram's animated-emoji set, each drawn in its own colour", async () => {
    const set = (await dc.call(new Api.messages.GetStickerSet({ stickerset: new Api.InputStickerSetAnimatedEmoji(), hash: 0 }))) as Api.messages.StickerSet;
    const packs = new Set(set.packs.map((p) => p.emoticon));
    for (const emoji of ["🐱", "🐶", "😀", "😂", "❤️", "👍", "🔥", "🎉", "🙏", "☀️"]) expect(packs).toContain(emoji);
    expect(set.documents.length).toBe(COMMON_EMOJI.length + 1);
    const colours = COMMON_EMOJI.slice(0, 20).map((e) => {
      const pack = set.packs.find((p) => p.emoticon === e)!;
      return lottieFirstFrameSvg(world.media.documents.get(BigInt(pack.documents[0].toString()))!.bytes)!.svg;
    });
    expect(new Set(colours).size).toBe(20);
  });
});
