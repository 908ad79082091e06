import { formatDuration, formatMs, parseDuration } from "../../src/util/duration";

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [1, "1 s"],
    [45, "45 s"],
    [60, "1 min"],
    [250, "4 min 10 s"],
    [3600, "1 h"],
    [2 * 3600 + 5 * 60 + 40, "2 h 5 min"],
    [86_400 + 3 * 3600 + 59, "1 d 3 h"],
    [86_400 + 7 * 60, "1 d"],
    [3 * 86_400, "3 d"],
  ])("should format %p seconds as %p", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it("should round fractions up so a short wait never reads as 0 s", () => {
    expect(formatDuration(0.4)).toBe("1 s");
    expect(formatDuration(59.2)).toBe("1 min");
  });

  it("should treat negative and non-finite input as 0 s", () => {
    expect(formatDuration(-5)).toBe("0 s");
    expect(formatDuration(Number.NaN)).toBe("0 s");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0 s");
  });
});

describe("formatMs", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [999.4, "999 ms"],
    [999.6, "1 s"],
    [1200, "1.2 s"],
    [1249, "1.2 s"],
    [3000, "3 s"],
    [59_940, "59.9 s"],
    [60_000, "1 min"],
    [125_000, "2 min 5 s"],
  ])("should format %p ms as %p", (ms, expected) => {
    expect(formatMs(ms)).toBe(expected);
  });
});

describe("parseDuration", () => {
  it.each([
    ["6h", 21_600],
    ["30m", 1_800],
    ["30min", 1_800],
    ["90s", 90],
    ["1d", 86_400],
    ["0s", 0],
    ["1h30m", 5_400],
    ["1h 30m", 5_400],
    [" 2H ", 7_200],
    ["1.5h", 5_400],
    ["10 sec", 10],
  ])("should parse %p as %p seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "   ", "6", "h", "6x", "5mo", "-5m", "1h-", "1,5h", "six hours", "1h30"])("should refuse %p", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
