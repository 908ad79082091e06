import { UsageError } from "../../../src/core/errors";
import { parseColour, parseColourList } from "../../../plugins/contact-avatar/colours";

describe("parseColour", () => {
  it.each([
    ["#ff8800", "#ff8800", 0xff8800],
    ["#FF8800", "#ff8800", 0xff8800],
    ["ff8800", "#ff8800", 0xff8800],
    ["#f80", "#ff8800", 0xff8800],
    ["  #000000 ", "#000000", 0],
    ["white", "#ffffff", 0xffffff],
    ["red", "#ff0000", 0xff0000],
    ["lightblue", "#add8e6", 0xadd8e6],
    ["Light Blue", "#add8e6", 0xadd8e6],
    ["light-blue", "#add8e6", 0xadd8e6],
    ["DarkSlateGray", "#2f4f4f", 0x2f4f4f],
  ])("should read %p as %s", (typed, hex, rgb24) => {
    expect(parseColour(typed)).toEqual({ hex, rgb24 });
  });

  it.each([
    ["", 'Unknown colour ""'],
    ["blurple", 'Unknown colour "blurple"'],
    ["#ff88", 'Colour "#ff88" has transparency'],
    ["#ff880080", 'Colour "#ff880080" has transparency'],
    ["ff8800ff", 'Colour "ff8800ff" has transparency'],
    ["transparent", 'Colour "transparent" is transparent'],
    ["f80", 'Unknown colour "f80"'],
    ["bad", 'Unknown colour "bad"'],
    ["#ggg", 'Unknown colour "#ggg"'],
    ["#ff88001", 'Unknown colour "#ff88001"'],
    ["rgb(1,2,3)", 'Unknown colour "rgb(1,2,3)"'],
    ["hsl(0, 100%, 50%)", 'Unknown colour "hsl(0, 100%, 50%)"'],
    ["red2", 'Unknown colour "red2"'],
  ])("should refuse %p with a UsageError naming it", (typed, message) => {
    expect(() => parseColour(typed)).toThrow(UsageError);
    expect(() => parseColour(typed)).toThrow(message);
  });
});

describe("parseColourList", () => {
  it("should read one to four colours as RGB-24 numbers", () => {
    expect(parseColourList("red", { max: 4 })).toEqual([0xff0000]);
    expect(parseColourList("#000, white", { max: 4 })).toEqual([0, 0xffffff]);
    expect(parseColourList("red,lime,blue,ffff00", { max: 4 })).toEqual([0xff0000, 0x00ff00, 0x0000ff, 0xffff00]);
  });

  it.each([
    ["red,lime,blue,ffff00,white", { max: 4 }, '5 colours in "red,lime,blue,ffff00,white": give at most 4'],
    ["red,blue", { max: 1 }, "give at most 1"],
    ["", { max: 4 }, "Empty colour"],
    ["red,,blue", { max: 4 }, 'Empty colour in "red,,blue"'],
    ["red,", { max: 4 }, "Empty colour"],
    ["red,blurple", { max: 4 }, 'Unknown colour "blurple"'],
  ])("should refuse %p (max %p)", (typed, limit, message) => {
    expect(() => parseColourList(typed, limit)).toThrow(UsageError);
    expect(() => parseColourList(typed, limit)).toThrow(message);
  });
});
