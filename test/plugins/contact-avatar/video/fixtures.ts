/**
 * Test videos made on the spot with ffmpeg's lavfi sources (testsrc2, color,
 * sine), plus an independent ffprobe reader and a pixel sampler to check the
 * results with. Kept small (few frames, low resolution) where the case allows,
 * so the whole suite stays quick.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findFfmpeg, type FfmpegTools } from "../../../../plugins/contact-avatar/video/ffmpeg";

const run = promisify(execFile);

export interface FixtureDir {
  dir: string;
  tools: FfmpegTools;
  remove(): Promise<void>;
}

/**
 * Whether ffmpeg runs here, decided synchronously because jest needs to know
 * while it collects the tests. Warns loudly when it does not, so skipped video
 * tests are never mistaken for passing ones.
 */
export function ffmpegRunsHere(): boolean {
  const runs = spawnSync(process.env.FFMPEG_PATH || "ffmpeg", ["-version"], { stdio: "ignore" }).status === 0;
  if (!runs) console.warn("SKIPPED: ffmpeg not found, video tests did not run (install it: sudo apt-get install ffmpeg)");
  return runs;
}

/** The tools the code under test will find; fails the test run if ffmpeg runs but findFfmpeg misses it. */
export async function requireTools(): Promise<FfmpegTools> {
  const tools = await findFfmpeg();
  if (!tools) throw new Error("ffmpeg runs here but findFfmpeg did not find it");
  return tools;
}

export async function makeFixtureDir(tools: FfmpegTools): Promise<FixtureDir> {
  const dir = await mkdtemp(join(tmpdir(), "avatar-video-test-"));
  return { dir, tools, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function ffmpeg(tools: FfmpegTools, args: string[]): Promise<void> {
  await run(tools.ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", ...args]);
}

export interface ClipSpec {
  width: number;
  height: number;
  seconds: number;
  fps?: number;
  /** Add a sine tone as an AAC track. */
  audio?: boolean;
  /** Non-square pixels (anamorphic video), e.g. 2 for pixels twice as wide as high. */
  pixelAspect?: number;
}

/** An H.264 MP4 of testsrc2 (a moving test pattern). */
export async function makeMp4(fx: FixtureDir, name: string, spec: ClipSpec): Promise<string> {
  const out = join(fx.dir, name);
  const fps = spec.fps ?? 10;
  await ffmpeg(fx.tools, [
    "-f",
    "lavfi",
    "-i",
    `testsrc2=s=${spec.width}x${spec.height}:d=${spec.seconds}:r=${fps}`,
    ...(spec.audio ? ["-f", "lavfi", "-i", `sine=frequency=440:d=${spec.seconds}`, "-c:a", "aac"] : []),
    ...(spec.pixelAspect ? ["-vf", `setsar=${spec.pixelAspect}`] : []),
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    out,
  ]);
  return out;
}

/**
 * A 30 s clip whose colour tells the time: red for 0-10 s, green for 10-20 s,
 * blue for 20-30 s; so a test can see which stretch was taken.
 */
export async function makeColourTimeline(fx: FixtureDir, name: string): Promise<string> {
  const out = join(fx.dir, name);
  const part = (colour: string, label: string) => `color=c=${colour}:s=320x180:d=10:r=10[${label}]`;
  await ffmpeg(fx.tools, [
    "-f",
    "lavfi",
    "-i",
    `${part("red", "a")};${part("green", "b")};${part("blue", "c")};[a][b][c]concat=n=3`,
    "-f",
    "lavfi",
    "-i",
    "sine=d=30",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    out,
  ]);
  return out;
}

/** A white 320x180 picture stored with a 90° display rotation, so it shows as 180x320 portrait. */
export async function makeRotated(fx: FixtureDir, name: string): Promise<string> {
  const plain = join(fx.dir, `unrotated-${name}`);
  const out = join(fx.dir, name);
  await ffmpeg(fx.tools, ["-f", "lavfi", "-i", "color=c=white:s=320x180:d=1:r=10", "-c:v", "libx264", "-preset", "ultrafast", plain]);
  try {
    // ffmpeg 6 and later.
    await ffmpeg(fx.tools, ["-display_rotation", "90", "-i", plain, "-c", "copy", out]);
  } catch {
    // ffmpeg 5 and earlier.
    await ffmpeg(fx.tools, ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", out]);
  }
  return out;
}

/**
 * A VP9 WebM with alpha, like Telegram's video stickers: a 64x64 test pattern
 * in the middle of a 128x128 fully transparent frame.
 */
export async function makeTransparentWebm(fx: FixtureDir, name: string): Promise<string> {
  const out = join(fx.dir, name);
  await ffmpeg(fx.tools, [
    "-f",
    "lavfi",
    "-i",
    "color=c=black@0.0:s=128x128:d=1:r=10,format=rgba[bg];testsrc2=s=64x64:d=1:r=10[fg];[bg][fg]overlay=32:32,format=yuva420p",
    "-c:v",
    "libvpx-vp9",
    "-pix_fmt",
    "yuva420p",
    "-b:v",
    "200k",
    "-auto-alt-ref",
    "0",
    out,
  ]);
  return out;
}

/** An animated GIF of testsrc2. */
export async function makeGif(fx: FixtureDir, name: string): Promise<string> {
  const out = join(fx.dir, name);
  await ffmpeg(fx.tools, ["-f", "lavfi", "-i", "testsrc2=s=200x150:d=1:r=10", out]);
  return out;
}

export async function writeBytes(fx: FixtureDir, name: string, bytes: Buffer): Promise<string> {
  const out = join(fx.dir, name);
  await writeFile(out, bytes);
  return out;
}

export interface ProbedOutput {
  formatName: string;
  durationSec: number;
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; profile?: string; pix_fmt?: string }[];
}

/** ffprobe's view of a file, read directly (not through the code under test). */
export async function ffprobeFile(tools: FfmpegTools, path: string): Promise<ProbedOutput> {
  const { stdout } = await run(tools.ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
  const data = JSON.parse(stdout) as { format: { format_name: string; duration: string }; streams: ProbedOutput["streams"] };
  return { formatName: data.format.format_name, durationSec: Number(data.format.duration), streams: data.streams };
}

/** The RGB colour at (x, y) of the frame shown at `atSec`. */
export async function pixelAt(tools: FfmpegTools, path: string, x: number, y: number, atSec = 0): Promise<[number, number, number]> {
  const { stdout } = await run(
    tools.ffmpeg,
    [
      "-v",
      "error",
      "-ss",
      String(atSec),
      "-i",
      path,
      "-frames:v",
      "1",
      "-vf",
      `format=rgb24,crop=1:1:${x}:${y}`,
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "pipe:1",
    ],
    { encoding: "buffer" },
  );
  return [stdout[0], stdout[1], stdout[2]];
}

/** Roughly the colour `expected` (video compression shifts values a little). */
export function isNear(actual: [number, number, number], expected: [number, number, number], tolerance = 40): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);
}
