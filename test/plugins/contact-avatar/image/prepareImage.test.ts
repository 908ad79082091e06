import sharp from "sharp";
import { UserError } from "../../../../src/core/errors";
import { ImageInputError, type ImageInputProblem } from "../../../../plugins/contact-avatar/image/errors";
import { prepareImage } from "../../../../plugins/contact-avatar/image/prepareImage";
import {
  BASE,
  MARKER,
  exifHasGps,
  isNear,
  make16BitPng,
  makeAnimated,
  makeAvif,
  makeCmykJpeg,
  makeGif,
  makeGreyJpeg,
  makeJpeg,
  makePhotoJpeg,
  makePngClaimingSize,
  makePngWithAlpha,
  makeTiff,
  makeTruncatedJpeg,
  makeWebp,
  pixelAt,
} from "../../../../fixtures/images";
import { SVG_DISGUISES } from "../fixtures/hostileImages";
import { makeHeicHeader, makeMp4Header, makeTgs, makeWebmHeader } from "../fixtures/media";

type Quadrant = "top-left" | "top-right" | "bottom-left" | "bottom-right";

/** The colour at the middle of each quadrant of a square image. */
async function quadrants(jpeg: Buffer, size: number): Promise<Record<Quadrant, number[]>> {
  const [near, far] = [Math.round(size / 4), Math.round((size * 3) / 4)];
  return {
    "top-left": await pixelAt(jpeg, near, near),
    "top-right": await pixelAt(jpeg, far, near),
    "bottom-left": await pixelAt(jpeg, near, far),
    "bottom-right": await pixelAt(jpeg, far, far),
  };
}

async function expectRefusal(promise: Promise<unknown>, problem: ImageInputProblem, message: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImageInputError);
  expect(error).toBeInstanceOf(UserError);
  expect((error as ImageInputError).problem).toBe(problem);
  expect((error as ImageInputError).message).toMatch(message);
  expect((error as ImageInputError).message).not.toContain("\n");
}

describe("prepareImage", () => {
  describe("EXIF orientation", () => {
    // A 400×200 landscape whose stored top-left quadrant is MARKER; after the
    // orientation is applied and the centre square cut, the marker must sit in
    // the quadrant where the tag says the stored top-left is displayed.
    it.each<[number, Quadrant, Quadrant]>([
      [1, "top-left", "bottom-right"],
      [3, "bottom-right", "top-left"],
      [6, "top-right", "bottom-left"],
      [8, "bottom-left", "top-right"],
    ])("should display orientation %i with the marker at the %s", async (orientation, markerAt, baseAt) => {
      const input = await makeJpeg({ width: 400, height: 200, orientation });
      const result = await prepareImage(input, { size: 640 });
      const colours = await quadrants(result.jpeg, 640);
      expect(isNear(colours[markerAt], MARKER)).toBe(true);
      expect(isNear(colours[baseAt], BASE)).toBe(true);
    });

    it("should report the source size as displayed", async () => {
      const result = await prepareImage(await makeJpeg({ width: 400, height: 200, orientation: 6 }));
      expect([result.sourceWidth, result.sourceHeight]).toEqual([200, 400]);
    });
  });

  it("should strip EXIF, GPS and the orientation tag from the output", async () => {
    const input = await makeJpeg({ width: 300, height: 200, orientation: 6, exif: { Make: "Acme" }, gps: true });
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(exifHasGps(before.exif)).toBe(true);

    const after = await sharp((await prepareImage(input)).jpeg).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
  });

  describe("transparency", () => {
    it("should flatten transparent parts onto the given background", async () => {
      const input = await makePngWithAlpha({ width: 400, height: 400 });
      const result = await prepareImage(input, { background: "#10e0a0", size: 640 });
      const colours = await quadrants(result.jpeg, 640);
      expect(isNear(colours["top-left"], [0x10, 0xe0, 0xa0])).toBe(true);
      expect(isNear(colours["top-right"], MARKER)).toBe(true);
    });

    it("should blend half-transparent grey with the background, as sRGB", async () => {
      // Grey 128 at alpha 50%, in a 2-channel (grey + alpha) PNG.
      const greyAlpha = Buffer.alloc(200 * 200 * 2);
      for (let i = 0; i < greyAlpha.length; i += 2) greyAlpha.set([128, 128], i);
      const input = await sharp(greyAlpha, { raw: { width: 200, height: 200, channels: 2 } })
        .png()
        .toBuffer();
      const { jpeg } = await prepareImage(input, { background: "red" });
      const metadata = await sharp(jpeg).metadata();
      expect([metadata.space, metadata.channels]).toEqual(["srgb", 3]);
      expect(isNear(await pixelAt(jpeg, 400, 400), [191, 64, 64], 8)).toBe(true);
    });

    it("should flatten onto white by default", async () => {
      const result = await prepareImage(await makePngWithAlpha({ width: 400, height: 400 }));
      expect(isNear(await pixelAt(result.jpeg, 100, 400), [255, 255, 255], 5)).toBe(true);
    });
  });

  describe("crop modes", () => {
    it("should cut the centre square with center, filling the whole square", async () => {
      const result = await prepareImage(await makeJpeg({ width: 400, height: 200 }), { crop: "center", size: 640 });
      // The centre 200×200 of 400×200: the marker's right half, then base.
      expect(isNear(await pixelAt(result.jpeg, 160, 5), MARKER)).toBe(true);
      expect(isNear(await pixelAt(result.jpeg, 480, 5), BASE)).toBe(true);
    });

    it("should contain the whole image on the background with fit", async () => {
      const result = await prepareImage(await makeJpeg({ width: 400, height: 200 }), {
        crop: "fit",
        size: 640,
        background: "#00ff00",
      });
      // 400×200 becomes 640×320 between green bands of 160 px.
      expect(isNear(await pixelAt(result.jpeg, 320, 5), [0, 255, 0])).toBe(true);
      expect(isNear(await pixelAt(result.jpeg, 80, 200), MARKER)).toBe(true);
      expect(isNear(await pixelAt(result.jpeg, 560, 440), BASE)).toBe(true);
    });

    it("should find the busy part of the image with smart, where center takes the middle", async () => {
      // A flat 900×300 strip whose right-hand square is busy stripes.
      const stripes = Buffer.alloc(300 * 300 * 3);
      for (let i = 0; i < 300 * 300; i++) stripes.set(Math.floor(i / 6) % 2 ? [250, 220, 0] : [200, 0, 120], i * 3);
      const input = await sharp({ create: { width: 900, height: 300, channels: 3, background: { r: 90, g: 90, b: 90 } } })
        .composite([{ input: stripes, raw: { width: 300, height: 300, channels: 3 }, left: 600, top: 0 }])
        .png()
        .toBuffer();
      const spread = async (crop: "smart" | "center") => {
        const { jpeg } = await prepareImage(input, { crop, size: 640 });
        const stats = await sharp(jpeg).stats();
        return Math.max(...stats.channels.map((channel) => channel.stdev));
      };
      expect(await spread("center")).toBeLessThan(5);
      expect(await spread("smart")).toBeGreaterThan(40);
    });
  });

  describe("sizes", () => {
    it.each([640, 800, 1280])("should make a %i px square", async (size) => {
      const result = await prepareImage(await makeJpeg({ width: 1500, height: 1000 }), { size });
      const metadata = await sharp(result.jpeg).metadata();
      expect([result.width, result.height, metadata.width, metadata.height]).toEqual([size, size, size, size]);
      expect(result.bytes).toBe(result.jpeg.length);
    });

    it("should default to 800 px and upscale a tiny image to it", async () => {
      const result = await prepareImage(await makeJpeg({ width: 50, height: 50 }));
      expect([result.width, result.height]).toEqual([800, 800]);
      expect([result.sourceWidth, result.sourceHeight]).toEqual([50, 50]);
    });

    it("should shrink a huge photo", async () => {
      const result = await prepareImage(await makePhotoJpeg({ width: 8000, height: 6000 }));
      expect([result.width, result.height, result.sourceWidth]).toEqual([800, 800, 8000]);
      expect(result.ms).toBeGreaterThan(0);
    });

    it("should refuse sizes outside 640 to 1280", async () => {
      const input = await makeJpeg({ width: 100, height: 100 });
      await expect(prepareImage(input, { size: 639 })).rejects.toThrow("size must be a whole number from 640 to 1280");
      await expect(prepareImage(input, { size: 1281 })).rejects.toThrow("not 1281");
    });
  });

  describe("JPEG quality", () => {
    it("should make bigger files at higher quality", async () => {
      const input = await makePhotoJpeg({ width: 1200, height: 900 });
      const low = await prepareImage(input, { quality: 50 });
      const high = await prepareImage(input, { quality: 95 });
      expect(high.bytes).toBeGreaterThan(low.bytes * 1.3);
    });
  });

  describe("aspect ratio", () => {
    it("should refuse 12:1 unless the crop is fit", async () => {
      const input = await makeJpeg({ width: 1200, height: 100 });
      await expectRefusal(prepareImage(input), "aspect-ratio", "Aspect ratio 12:1 is beyond 10:1; use --crop=fit");
      await expectRefusal(prepareImage(input, { crop: "smart" }), "aspect-ratio", /12:1/);
      const fitted = await prepareImage(input, { crop: "fit" });
      expect([fitted.width, fitted.height]).toEqual([800, 800]);
    });

    it("should accept exactly 10:1, and a tall 1:11 should read 11:1", async () => {
      await expect(prepareImage(await makeJpeg({ width: 1000, height: 100 }))).resolves.toMatchObject({ width: 800 });
      await expectRefusal(prepareImage(await makeJpeg({ width: 100, height: 1100 })), "aspect-ratio", /^Aspect ratio 11:1/);
    });
  });

  describe("colour", () => {
    it("should convert CMYK to 3-channel sRGB", async () => {
      const input = await makeCmykJpeg({ width: 400, height: 400 });
      expect((await sharp(input).metadata()).space).toBe("cmyk");
      const { jpeg } = await prepareImage(input, { size: 640 });
      const metadata = await sharp(jpeg).metadata();
      expect([metadata.space, metadata.channels]).toEqual(["srgb", 3]);
      expect(isNear((await quadrants(jpeg, 640))["top-left"], MARKER, 40)).toBe(true);
    });

    it("should convert a 16-bit PNG to 8-bit sRGB", async () => {
      const input = await make16BitPng({ width: 400, height: 400 });
      expect((await sharp(input).metadata()).depth).toBe("ushort");
      const { jpeg } = await prepareImage(input, { size: 640 });
      const metadata = await sharp(jpeg).metadata();
      expect([metadata.space, metadata.channels, metadata.depth]).toEqual(["srgb", 3, "uchar"]);
      expect(isNear((await quadrants(jpeg, 640))["top-left"], MARKER)).toBe(true);
    });

    it("should make a 3-channel sRGB JPEG from a greyscale one", async () => {
      const input = await makeGreyJpeg({ width: 300, height: 300, level: 128 });
      expect((await sharp(input).metadata()).channels).toBe(1);
      const { jpeg } = await prepareImage(input);
      const metadata = await sharp(jpeg).metadata();
      expect([metadata.space, metadata.channels]).toEqual(["srgb", 3]);
      expect(isNear(await pixelAt(jpeg, 400, 400), [128, 128, 128], 4)).toBe(true);
    });
  });

  describe("input formats", () => {
    it.each([
      ["webp", makeWebp],
      ["gif", makeGif],
      ["tiff", makeTiff],
      ["avif", makeAvif],
      ["png", make16BitPng],
    ])("should read %s", async (format, make) => {
      const result = await prepareImage(await make({ width: 320, height: 320 }), { size: 640 });
      expect(result.sourceFormat).toBe(format);
      expect(isNear((await quadrants(result.jpeg, 640))["top-left"], MARKER, 40)).toBe(true);
    });

    it.each(["gif", "webp"] as const)("should take the first frame of an animated %s", async (format) => {
      const input = await makeAnimated(format, { width: 100, height: 100 });
      expect((await sharp(input).metadata()).pages).toBe(2);
      const { jpeg } = await prepareImage(input);
      expect(isNear(await pixelAt(jpeg, 400, 400), MARKER)).toBe(true);
    });

    it("should refuse HEIC clearly when this sharp cannot decode it", async () => {
      const decodesHeic = (sharp.format.heif.input.fileSuffix ?? []).includes(".heic");
      const attempt = prepareImage(makeHeicHeader());
      if (decodesHeic) await expectRefusal(attempt, "damaged", "The image is truncated or damaged");
      else await expectRefusal(attempt, "unsupported-format", "HEIC images are not supported by this build of sharp; convert to JPEG first");
    });
  });

  describe("bad input", () => {
    it("should refuse an empty file", async () => {
      await expectRefusal(prepareImage(Buffer.alloc(0)), "empty", "The file is empty");
    });

    it("should refuse text", async () => {
      await expectRefusal(prepareImage(Buffer.from("hello, this is not a photo\n")), "not-an-image", "This is not an image (it looks like text)");
    });

    it.each(Object.entries(SVG_DISGUISES))("should refuse an SVG behind %s, whoever sends it (issue 10, failure 4)", async (_name, bytes) => {
      await expectRefusal(prepareImage(bytes), "not-an-image", /^SVG drawings are not supported/);
    });

    it("should refuse unknown binary data", async () => {
      await expectRefusal(prepareImage(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff])), "not-an-image", /^This is not an image \(expected JPEG/);
    });

    it("should refuse a truncated JPEG", async () => {
      await expectRefusal(prepareImage(await makeTruncatedJpeg({ width: 600, height: 400 })), "damaged", "The image is truncated or damaged");
    });

    it("should refuse a JPEG with only its first bytes", async () => {
      const head = (await makeJpeg({ width: 100, height: 100 })).subarray(0, 20);
      await expectRefusal(prepareImage(head), "damaged", "The image is truncated or damaged");
    });

    it("should tell videos and animated stickers apart from images", async () => {
      await expectRefusal(prepareImage(makeMp4Header()), "video", "This is a video (MP4), not an image");
      await expectRefusal(prepareImage(makeWebmHeader()), "video", "This is a video (WEBM), not an image");
      await expectRefusal(prepareImage(makeTgs()), "animated-sticker", /animated sticker/);
    });
  });

  describe("limits", () => {
    it("should refuse a header claiming more pixels than the limit, before decoding", async () => {
      const bomb = await makePngClaimingSize({ width: 120_000, height: 80_000 });
      await expectRefusal(prepareImage(bomb), "too-many-pixels", "The image is 120000×80000 pixels, more than the 100-megapixel limit");
    });

    it("should apply a lowered pixel limit to a real image", async () => {
      const input = await makeJpeg({ width: 2000, height: 1000 });
      await expectRefusal(
        prepareImage(input, { maxInputPixels: 1_500_000 }),
        "too-many-pixels",
        "The image is 2000×1000 pixels, more than the 1.5-megapixel limit",
      );
      await expect(prepareImage(input, { maxInputPixels: 2_000_000 })).resolves.toMatchObject({ width: 800 });
    });

    it("should hold interlaced PNGs, which decode whole, to a lower limit", async () => {
      const interlaced = await makePngClaimingSize({ width: 6000, height: 5000, interlaced: true });
      await expectRefusal(prepareImage(interlaced), "too-many-pixels", "more than the 25-megapixel limit for interlaced PNGs");
      // The same claim, not interlaced, passes the header check and fails at decoding.
      const plain = await makePngClaimingSize({ width: 6000, height: 5000 });
      await expectRefusal(prepareImage(plain), "damaged", "The image is truncated or damaged");
    });

    it("should refuse a file over the byte limit without decoding it", async () => {
      const input = await makeJpeg({ width: 300, height: 300 });
      await expectRefusal(prepareImage(input, { maxInputBytes: 1000 }), "too-many-bytes", /^The file is \d+ KB, more than the 1000 B limit$/);
    });
  });
});
