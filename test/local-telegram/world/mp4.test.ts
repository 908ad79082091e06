import * as fixtures from "../../../local-telegram/world/fixtures";
import { readMp4Facts } from "../../../local-telegram/world/mp4";

describe("readMp4Facts", () => {
  it("should read duration and size from a real ffmpeg clip (or the skeleton without ffmpeg)", async () => {
    const facts = readMp4Facts(await fixtures.mp4({ width: 320, height: 240, seconds: 2 }));
    expect(facts.width).toBe(320);
    expect(facts.height).toBe(240);
    expect(facts.durationSeconds).toBeCloseTo(2, 1);
  });

  it("should read a box skeleton's header facts", () => {
    expect(readMp4Facts(fixtures.mp4Skeleton({ width: 500, height: 500, seconds: 7.5 }))).toEqual({ width: 500, height: 500, durationSeconds: 7.5 });
  });

  it.each([
    ["a JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0])],
    ["nothing", Buffer.alloc(0)],
    ["a truncated file", fixtures.mp4Skeleton({ width: 200, height: 200, seconds: 1 }).subarray(0, 60)],
  ])("should refuse %s", (_what, bytes) => {
    expect(() => readMp4Facts(bytes)).toThrow();
  });
});
