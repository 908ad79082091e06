import { wholeImageDecoderLimit } from "../../../../plugins/contact-avatar/image/limits";

describe("wholeImageDecoderLimit", () => {
  it("should hold decoders that keep the whole image in memory to lower limits", () => {
    expect(wholeImageDecoderLimit("gif", false)).toEqual({ pixels: 16_000_000, appliesTo: "GIFs" });
    expect(wholeImageDecoderLimit("png", true)).toEqual({ pixels: 25_000_000, appliesTo: "interlaced PNGs" });
    expect(wholeImageDecoderLimit("jpeg", true)).toEqual({ pixels: 50_000_000, appliesTo: "progressive JPEGs" });
  });

  it.each([
    ["png", false],
    ["jpeg", false],
    ["webp", false],
    ["tiff", false],
    ["avif", false],
  ])("should leave a %s (progressive: %p) to the general limit", (format, progressive) => {
    expect(wholeImageDecoderLimit(format, progressive)).toBeUndefined();
  });
});
