import sharp from "sharp";
import { UsageError } from "../../../../src/core/errors";
import { UnreadableVideoError } from "../../../../plugins/contact-avatar/video/errors";
import { extractStill } from "../../../../plugins/contact-avatar/video/extractStill";
import { ffmpegRunsHere, makeColourTimeline, makeFixtureDir, makeTransparentWebm, requireTools, type FixtureDir } from "./fixtures";

const itWithFfmpeg = ffmpegRunsHere() ? it : it.skip;

let fx: FixtureDir;
let timeline: string;

beforeAll(async () => {
  if (!ffmpegRunsHere()) return;
  fx = await makeFixtureDir(await requireTools());
  timeline = await makeColourTimeline(fx, "timeline.mp4");
});

afterAll(async () => {
  await fx?.remove();
});

async function centrePixel(png: Buffer): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [...data.subarray(at, at + info.channels)];
}

describe("extractStill", () => {
  itWithFfmpeg("should return the frame at the given time as a full-size PNG", async () => {
    const png = await extractStill({ path: timeline }, { at: 15 });
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: "png", width: 320, height: 180 });
    const [r, g, b] = await centrePixel(png);
    // 10-20 s is green.
    expect(g).toBeGreaterThan(100);
    expect(r + b).toBeLessThan(60);
  });

  itWithFfmpeg("should keep a sticker's transparency for the photo pipeline", async () => {
    const png = await extractStill({ path: await makeTransparentWebm(fx, "sticker.webm") }, { at: 0 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0); // the corner is see-through
  });

  itWithFfmpeg("should refuse a time beyond the end", async () => {
    await expect(extractStill({ path: timeline }, { at: 31 })).rejects.toThrow(new UsageError("--still=31 is beyond the end of the 30 s video"));
  });

  itWithFfmpeg("should refuse a file that is not a video", async () => {
    await expect(extractStill({ bytes: Buffer.from("GIF89a but not really") }, { at: 0 })).rejects.toThrow(UnreadableVideoError);
  });

  it("should refuse a negative time before looking for ffmpeg", async () => {
    await expect(extractStill({ path: "/nonexistent" }, { at: -1 })).rejects.toThrow(UsageError);
  });
});
