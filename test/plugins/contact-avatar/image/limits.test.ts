import { decoderPixelLimit, DEFAULT_MAX_INPUT_PIXELS, FULL_DECODE_MAX_PIXELS, shrinksOnLoad } from "../../../../plugins/contact-avatar/image/limits";

describe("decoderPixelLimit", () => {
  it("should hold decoders that keep the whole image in memory to lower limits", () => {
    expect(decoderPixelLimit("gif", false)).toEqual({ pixels: 16_000_000, appliesTo: "GIFs" });
    expect(decoderPixelLimit("png", true)).toEqual({ pixels: 25_000_000, appliesTo: "interlaced PNGs" });
    expect(decoderPixelLimit("jpeg", true)).toEqual({ pixels: 50_000_000, appliesTo: "progressive JPEGs" });
  });

  it.each([
    ["png", false],
    ["tiff", false],
    ["avif", false],
    ["heic", false],
  ])("should hold a %s (progressive: %p), which decodes every pixel, to the 100 MP limit", (format, progressive) => {
    expect(decoderPixelLimit(format, progressive)).toEqual({ pixels: FULL_DECODE_MAX_PIXELS });
    expect(FULL_DECODE_MAX_PIXELS).toBe(100_000_000);
  });

  it.each([
    ["jpeg", false],
    ["webp", false],
  ])("should leave a %s (progressive: %p), which shrinks on load, to the general 200 MP limit", (format, progressive) => {
    expect(shrinksOnLoad(format, progressive)).toBe(true);
    expect(decoderPixelLimit(format, progressive)).toBeUndefined();
    expect(DEFAULT_MAX_INPUT_PIXELS).toBe(200_000_000);
  });
});
