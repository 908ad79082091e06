import { UsageError } from "../../../../src/core/errors";
import { checkVideoOptions, DEFAULT_VIDEO_OPTIONS, formatSeconds } from "../../../../plugins/contact-avatar/video/options";

describe("checkVideoOptions", () => {
  it("should fill in the defaults: centre crop, 800 px, from 0 s, black, 2 MB", () => {
    expect(checkVideoOptions({})).toEqual({ ...DEFAULT_VIDEO_OPTIONS, background: "#000000" });
    expect(DEFAULT_VIDEO_OPTIONS).toMatchObject({ crop: "center", size: 800, start: 0, frame: 0, maxBytes: 2 * 1024 * 1024 });
  });

  it("should keep defaults where a parser passed undefined", () => {
    expect(checkVideoOptions({ size: undefined, crop: undefined }).size).toBe(800);
  });

  it("should accept colour names and short hex for the background, as #rrggbb", () => {
    expect(checkVideoOptions({ background: "red" }).background).toBe("#ff0000");
    expect(checkVideoOptions({ background: "#0f0" }).background).toBe("#00ff00");
    expect(checkVideoOptions({ background: "rgba(0, 0, 255, 0.5)" }).background).toBe("#0000ff");
  });

  it.each([
    [{ size: 158 }, "--size must be a whole number from 160 to 1280, not 158"],
    [{ size: 1282 }, "--size must be a whole number from 160 to 1280, not 1282"],
    [{ size: 801 }, "--size must be even"],
    [{ size: 400.5 }, "--size must be a whole number"],
    [{ crop: "smart" as "fit" }, "--crop must be center or fit, not smart"],
    [{ start: -1 }, "--start must be a number of seconds, 0 or more, not -1"],
    [{ start: Number.NaN }, "--start must be a number of seconds"],
    [{ frame: 11 }, "--frame must be between 0 and 10 s, not 11"],
    [{ frame: -0.5 }, "--frame must be a number of seconds"],
    [{ duration: 0 }, "--duration must be more than 0 s"],
    [{ duration: -3 }, "--duration must be a number of seconds"],
    [{ background: "not-a-colour" }, '--bg: "not-a-colour" is not a colour'],
    [{ maxBytes: 3 * 1024 * 1024 }, "maxBytes must be between"],
    [{ timeoutMs: 0 }, "timeoutMs must be positive"],
  ])("should reject %j with a UsageError", (opts, message) => {
    expect(() => checkVideoOptions(opts)).toThrow(UsageError);
    expect(() => checkVideoOptions(opts)).toThrow(message);
  });

  it("should allow a duration over 10 s (it is clamped later, not refused)", () => {
    expect(checkVideoOptions({ duration: 25 }).duration).toBe(25);
  });
});

describe("formatSeconds", () => {
  it("should print whole and fractional seconds without noise", () => {
    expect(formatSeconds(30)).toBe("30 s");
    expect(formatSeconds(2.5)).toBe("2.5 s");
    expect(formatSeconds(10.033333)).toBe("10.03 s");
  });
});
