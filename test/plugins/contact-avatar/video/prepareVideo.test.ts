import { readdir, readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../../../src/core/errors";
import type { FfmpegTools } from "../../../../plugins/contact-avatar/video/ffmpeg";
import { FfmpegTimeoutError, UnreadableVideoError } from "../../../../plugins/contact-avatar/video/errors";
import { prepareVideo, type PreparedVideo } from "../../../../plugins/contact-avatar/video/prepareVideo";
import {
  ffmpegRunsHere,
  ffprobeFile,
  isNear,
  makeColourTimeline,
  makeFixtureDir,
  makeGif,
  makeMp4,
  makeRotated,
  makeTransparentWebm,
  pixelAt,
  requireTools,
  writeBytes,
  type FixtureDir,
} from "./fixtures";

const itWithFfmpeg = ffmpegRunsHere() ? it : it.skip;
const TWO_MB = 2 * 1024 * 1024;
const RED: [number, number, number] = [255, 0, 0];
const GREEN: [number, number, number] = [0, 128, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const BLACK: [number, number, number] = [0, 0, 0];
const WHITE: [number, number, number] = [255, 255, 255];

let tools: FfmpegTools;
let fx: FixtureDir;
let landscape: string;
let timeline: string;

beforeAll(async () => {
  if (!ffmpegRunsHere()) return;
  tools = await requireTools();
  fx = await makeFixtureDir(tools);
  [landscape, timeline] = await Promise.all([
    makeMp4(fx, "landscape.mp4", { width: 1280, height: 720, seconds: 1 }),
    makeColourTimeline(fx, "timeline-30s.mp4"),
  ]);
});

afterAll(async () => {
  await fx?.remove();
});

/** Writes the result out and checks it against Telegram's rules with ffprobe; returns the file. */
async function expectWithinRules(result: PreparedVideo, size: number, name: string): Promise<string> {
  const path = await writeBytes(fx, name, result.mp4);
  const probed = await ffprobeFile(tools, path);
  expect(probed.formatName).toContain("mp4");
  expect(probed.streams).toHaveLength(1);
  const [video] = probed.streams;
  expect(video).toMatchObject({ codec_type: "video", codec_name: "h264", width: size, height: size, pix_fmt: "yuv420p" });
  expect(["High", "Main"]).toContain(video.profile);
  expect(probed.streams.some((s) => s.codec_type === "audio")).toBe(false);
  expect(probed.durationSec).toBeLessThanOrEqual(10.05);
  expect(result.mp4.length).toBeLessThanOrEqual(TWO_MB);
  expect(result).toMatchObject({ width: size, height: size, bytes: result.mp4.length });
  expect(result.durationSec).toBeCloseTo(probed.durationSec, 1);
  return path;
}

describe("prepareVideo", () => {
  itWithFfmpeg("should turn a 1280x720 landscape video into an 800 px square by default", async () => {
    const result = await prepareVideo({ path: landscape });
    await expectWithinRules(result, 800, "landscape-out.mp4");
    expect(result.durationSec).toBeCloseTo(1, 1);
    expect(result.videoStartTs).toBe(0);
  });

  itWithFfmpeg("should turn a 720x1280 portrait video into a square", async () => {
    const portrait = await makeMp4(fx, "portrait.mp4", { width: 720, height: 1280, seconds: 1 });
    await expectWithinRules(await prepareVideo({ path: portrait }, { size: 320 }), 320, "portrait-out.mp4");
  });

  itWithFfmpeg("should take the first 10 s of a 30 s video and drop its sound", async () => {
    const result = await prepareVideo({ path: timeline }, { size: 160 });
    const out = await expectWithinRules(result, 160, "timeline-default.mp4");
    expect(result.durationSec).toBeGreaterThan(9.8);
    expect(isNear(await pixelAt(tools, out, 80, 80, 0), RED)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 80, 80, 9.5), RED)).toBe(true);
  });

  itWithFfmpeg("should take the stretch chosen with start and duration", async () => {
    const result = await prepareVideo({ path: timeline }, { size: 160, start: 12, duration: 4, frame: 3 });
    const out = await expectWithinRules(result, 160, "timeline-stretch.mp4");
    expect(result.durationSec).toBeCloseTo(4, 1);
    expect(result.videoStartTs).toBe(3);
    expect(isNear(await pixelAt(tools, out, 80, 80, 0), GREEN)).toBe(true);
  });

  itWithFfmpeg("should clamp a duration over 10 s to 10 s", async () => {
    const result = await prepareVideo({ path: timeline }, { size: 160, start: 15, duration: 14 });
    await expectWithinRules(result, 160, "timeline-clamped.mp4");
    expect(result.durationSec).toBeGreaterThan(9.8);
  });

  itWithFfmpeg("should stop at the end of the video when start plus duration runs past it", async () => {
    const result = await prepareVideo({ path: timeline }, { size: 160, start: 25 });
    const out = await expectWithinRules(result, 160, "timeline-tail.mp4");
    expect(result.durationSec).toBeCloseTo(5, 1);
    expect(isNear(await pixelAt(tools, out, 80, 80, 1), BLUE)).toBe(true);
  });

  itWithFfmpeg("should refuse a start beyond the end with a UsageError naming the video's length", async () => {
    const attempt = prepareVideo({ path: timeline }, { start: 40 });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow("--start=40 is beyond the end of the 30 s video");
  });

  itWithFfmpeg("should refuse a preview frame beyond the end of the clip", async () => {
    await expect(prepareVideo({ path: landscape }, { frame: 5 })).rejects.toThrow("--frame=5 is beyond the end of the 1 s clip");
  });

  itWithFfmpeg("should handle odd picture sizes such as 641x479", async () => {
    const odd = await makeMp4(fx, "odd.mp4", { width: 641, height: 479, seconds: 1 });
    await expectWithinRules(await prepareVideo({ path: odd }, { size: 160 }), 160, "odd-out.mp4");
  });

  itWithFfmpeg("should fit the whole picture onto the background colour when asked", async () => {
    const result = await prepareVideo({ path: landscape }, { size: 160, crop: "fit", background: "#ff0000" });
    const out = await expectWithinRules(result, 160, "fit-out.mp4");
    // 16:9 in a square: bands above and below, picture across the middle.
    expect(isNear(await pixelAt(tools, out, 80, 4), RED)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 80, 155), RED)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 80, 80), RED)).toBe(false);
  });

  itWithFfmpeg("should show non-square pixels at their displayed shape", async () => {
    const anamorphic = await makeMp4(fx, "anamorphic.mp4", { width: 320, height: 180, seconds: 1, pixelAspect: 2 });
    const result = await prepareVideo({ path: anamorphic }, { size: 160, crop: "fit", background: "#ff0000" });
    const out = await expectWithinRules(result, 160, "anamorphic-out.mp4");
    // Displayed 640x180 (not 320x180): in a 160 square the picture is 45 px high, so y=40 is still the band.
    expect(isNear(await pixelAt(tools, out, 80, 40), RED)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 80, 80), RED)).toBe(false);
  });

  itWithFfmpeg("should show a rotated phone video upright", async () => {
    const rotated = await makeRotated(fx, "rotated.mp4");
    const out = await expectWithinRules(await prepareVideo({ path: rotated }, { size: 160, crop: "fit" }), 160, "rotated-out.mp4");
    // Shown as 180x320 portrait: white down the middle, black bands left and right.
    expect(isNear(await pixelAt(tools, out, 80, 4), WHITE)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 4, 80), BLACK)).toBe(true);
  });

  itWithFfmpeg("should flatten a transparent VP9 WebM sticker onto the background colour", async () => {
    const sticker = await makeTransparentWebm(fx, "sticker.webm");
    const out = await expectWithinRules(await prepareVideo({ path: sticker }, { size: 160, background: "red" }), 160, "sticker-out.mp4");
    expect(isNear(await pixelAt(tools, out, 4, 4), RED)).toBe(true);
    expect(isNear(await pixelAt(tools, out, 80, 80), RED)).toBe(false);
  });

  itWithFfmpeg("should convert an animated GIF", async () => {
    const gif = await makeGif(fx, "anim.gif");
    const result = await prepareVideo({ path: gif }, { size: 160 });
    await expectWithinRules(result, 160, "gif-out.mp4");
    expect(result.durationSec).toBeCloseTo(1, 1);
  });

  itWithFfmpeg("should convert bytes and leave no temporary files behind", async () => {
    const scratch = join(fx.dir, "scratch");
    await mkdir(scratch);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const result = await prepareVideo({ bytes: await readFile(landscape) }, { size: 160 });
      await expectWithinRules(result, 160, "bytes-out.mp4");
      await expect(prepareVideo({ bytes: Buffer.from("not a video") })).rejects.toThrow(UnreadableVideoError);
    } finally {
      process.env.TMPDIR = savedTmp;
    }
    expect(await readdir(scratch)).toEqual([]);
  });

  itWithFfmpeg("should reject a truncated MP4 with a one-line message and keep ffmpeg's words in detail", async () => {
    const whole = await readFile(landscape);
    const attempt = prepareVideo({ bytes: whole.subarray(0, Math.floor(whole.length / 2)) });
    await expect(attempt).rejects.toThrow(UnreadableVideoError);
    const err = (await attempt.catch((e: unknown) => e)) as UnreadableVideoError;
    expect(err.message).toBe("This file is not a video ffmpeg can read (corrupt, truncated or an unsupported format)");
    expect(err.detail).toMatch(/moov atom not found|Invalid data/);
  });

  itWithFfmpeg("should reject random bytes as not a video", async () => {
    const noise = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251));
    await expect(prepareVideo({ bytes: noise })).rejects.toThrow(UnreadableVideoError);
  });

  itWithFfmpeg("should stop ffmpeg and say so when the time limit runs out", async () => {
    await expect(prepareVideo({ path: timeline }, { timeoutMs: 1 })).rejects.toThrow(FfmpegTimeoutError);
  });

  itWithFfmpeg("should say plainly when the input file does not exist", async () => {
    await expect(prepareVideo({ path: "/nonexistent/clip.mp4" })).rejects.toThrow("No such file: /nonexistent/clip.mp4");
  });

  itWithFfmpeg("should refuse bad options before running ffmpeg", async () => {
    await expect(prepareVideo({ path: "/nonexistent.mp4" }, { size: 100 })).rejects.toThrow(UsageError);
  });
});
