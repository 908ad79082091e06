import { UsageError } from "../../../../src/core/errors";
import { parsePrepareOptions, resolvePrepareOptions } from "../../../../plugins/contact-avatar/image/options";

const defaults = { size: 800, quality: 87, background: "white" };

describe("parsePrepareOptions", () => {
  it("should use the defaults when no option is given", () => {
    expect(parsePrepareOptions({}, defaults)).toEqual({ crop: "center", size: 800, quality: 87, background: "#ffffff" });
  });

  it("should read crop, size, quality and bg", () => {
    const options = { crop: "smart", size: "1024", quality: "90", bg: "light blue" };
    expect(parsePrepareOptions(options, defaults)).toEqual({ crop: "smart", size: 1024, quality: 90, background: "#add8e6" });
  });

  it.each([
    ["center", "center"],
    ["Fit", "fit"],
    ["centre", "center"],
  ])("should read --crop=%s as %s", (typed, crop) => {
    expect(parsePrepareOptions({ crop: typed }, defaults).crop).toBe(crop);
  });

  it("should accept the ends of the size range and a px suffix", () => {
    expect(parsePrepareOptions({ size: "640" }, defaults).size).toBe(640);
    expect(parsePrepareOptions({ size: "1280px" }, defaults).size).toBe(1280);
  });

  it("should leave options it does not know to the caller", () => {
    expect(parsePrepareOptions({ suggest: true, user: "bob" }, defaults)).toEqual(parsePrepareOptions({}, defaults));
  });

  it.each([
    [{ crop: "square" }, 'Unknown crop "square": use center, smart or fit'],
    [{ size: "639" }, '--size must be a whole number from 640 to 1280, not "639"'],
    [{ size: "1281" }, '--size must be a whole number from 640 to 1280, not "1281"'],
    [{ size: "800.5" }, 'not "800.5"'],
    [{ size: "big" }, 'not "big"'],
    [{ size: "" }, 'not ""'],
    [{ quality: "0" }, '--quality must be a whole number from 1 to 100, not "0"'],
    [{ quality: "101" }, 'not "101"'],
    [{ bg: "blurple" }, 'Unknown colour "blurple"'],
    [{ size: true }, "--size needs a value (640 to 1280)"],
    [{ crop: true }, "--crop needs a value (center, smart or fit)"],
    [{ bg: true }, "--bg needs a value"],
  ] as const)("should refuse %p with a UsageError naming it", (options, message) => {
    expect(() => parsePrepareOptions({ ...options }, defaults)).toThrow(UsageError);
    expect(() => parsePrepareOptions({ ...options }, defaults)).toThrow(message);
  });
});

describe("resolvePrepareOptions", () => {
  it("should fill every default", () => {
    expect(resolvePrepareOptions({})).toEqual({
      crop: "center",
      size: 800,
      background: "#ffffff",
      quality: 87,
      maxInputBytes: 50 * 1024 * 1024,
      maxInputPixels: 200_000_000,
    });
  });

  it("should ignore keys set to undefined rather than lose the default", () => {
    expect(resolvePrepareOptions({ size: undefined, background: "black" })).toMatchObject({ size: 800, background: "#000000" });
  });

  it.each([
    [{ size: 2000 }, "size must be a whole number from 640 to 1280, not 2000"],
    [{ size: 700.5 }, "not 700.5"],
    [{ quality: 0 }, "quality must be a whole number from 1 to 100"],
    [{ maxInputBytes: 0 }, "maxInputBytes"],
    [{ crop: "zoom" as never }, 'Unknown crop "zoom"'],
    [{ background: "nope" }, 'Unknown colour "nope"'],
  ])("should refuse %p", (options, message) => {
    expect(() => resolvePrepareOptions(options)).toThrow(message);
  });
});
