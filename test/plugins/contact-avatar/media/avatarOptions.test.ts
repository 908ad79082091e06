import { UsageError } from "../../../../src/core/errors";
import {
  backgroundColours,
  checkKnownOptions,
  flag,
  secondsOption,
  singleBackground,
  videoOptionsFrom,
} from "../../../../plugins/contact-avatar/media/avatarOptions";

const defaults = { size: 800, background: "#000000" };

describe("avatar options", () => {
  it("should name an unknown option", () => {
    expect(() => checkKnownOptions({ crop: "fit", zoom: "2" })).toThrow(new UsageError("Unknown option --zoom."));
    expect(() => checkKnownOptions({ crop: "fit", still: true, "as-photo": true })).not.toThrow();
  });

  it("should read switches and refuse a value on them", () => {
    expect(flag({}, "still")).toBe(false);
    expect(flag({ still: true }, "still")).toBe(true);
    expect(() => flag({ still: "yes" }, "still")).toThrow('--still is a switch and takes no value, not "yes"');
  });

  it.each([
    ["2", 2],
    ["2.5", 2.5],
    ["2.5s", 2.5],
    [" 3 s ", 3],
    [".5", 0.5],
    ["0", 0],
  ])("should read %p seconds as %p", (text, seconds) => {
    expect(secondsOption({ start: text }, "start")).toBe(seconds);
  });

  it.each(["-1", "abc", "1e3", "2m", "", "1.2.3"])("should refuse %p as seconds, naming the option and value", (text) => {
    expect(() => secondsOption({ start: text }, "start")).toThrow(`--start must be a number of seconds, 0 or more, not "${text}"`);
  });

  it("should ask for a value when a seconds option has none", () => {
    expect(() => secondsOption({ frame: true }, "frame")).toThrow("--frame needs a number of seconds, e.g. --frame=2.5");
  });

  it("should read 1 to 4 background colours as RGB-24 in every accepted form", () => {
    expect(backgroundColours({})).toBeUndefined();
    expect(backgroundColours({ bg: "#ff8800" })).toEqual([0xff8800]);
    expect(backgroundColours({ bg: "ff8800,navy" })).toEqual([0xff8800, 0x000080]);
    expect(backgroundColours({ bg: "#fff, Light Blue ,000000,red" })).toEqual([0xffffff, 0xadd8e6, 0x000000, 0xff0000]);
  });

  it.each([
    ["red,green,blue,white,black", '5 colours in "red,green,blue,white,black": give at most 4'],
    ["red,,blue", 'Empty colour in "red,,blue"'],
    ["red,blurple", 'Unknown colour "blurple"'],
    ["#ff000080", 'Colour "#ff000080" has transparency'],
  ])("should refuse --bg=%s naming the bad value", (bg, message) => {
    expect(() => backgroundColours({ bg })).toThrow(message);
  });

  it("should refuse a bare --bg and a colour list where one colour is wanted", () => {
    expect(() => backgroundColours({ bg: true })).toThrow("--bg needs a colour");
    expect(singleBackground({ bg: "Navy" }, "videos")).toBe("#000080");
    expect(() => singleBackground({ bg: "red,blue" }, "videos")).toThrow("--bg takes one colour for videos; colour lists are for sticker and emoji avatars");
  });

  it("should turn video options into prepareVideo's, with the caller's defaults", () => {
    expect(videoOptionsFrom({}, defaults)).toEqual({
      crop: undefined,
      size: 800,
      start: undefined,
      duration: undefined,
      frame: undefined,
      background: "#000000",
    });
    expect(videoOptionsFrom({ crop: "Centre", size: "640px", start: "12", duration: "4.5", frame: "2", bg: "white" }, defaults)).toEqual({
      crop: "center",
      size: 640,
      start: 12,
      duration: 4.5,
      frame: 2,
      background: "#ffffff",
    });
    expect(videoOptionsFrom({ crop: "fit", size: "160" }, defaults)).toMatchObject({ crop: "fit", size: 160 });
  });

  it.each([
    [{ crop: "smart" }, 'Unknown crop "smart" for a video: use center or fit'],
    [{ size: "159" }, "--size must be an even whole number from 160 to 1280 for a video"],
    [{ size: "1282" }, "--size must be an even whole number from 160 to 1280 for a video"],
    [{ size: "641" }, '--size must be an even whole number from 160 to 1280 for a video, not "641"'],
    [{ duration: "0" }, "--duration must be more than 0 s"],
    [{ frame: "10.5" }, "--frame must be between 0 and 10 s, not 10.5"],
  ])("should refuse the video options %p", (options, message) => {
    expect(() => videoOptionsFrom(options, defaults)).toThrow(message);
  });
});
