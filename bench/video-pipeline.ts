/**
 * Benchmark of the video avatar pipeline (prepareVideo) against a plain
 * ffmpeg square-crop encode of the same clip, in the same run.
 *
 *   npx tsx bench/video-pipeline.ts
 *
 * Prints a markdown section on stdout (bench/run.ts collects it); progress
 * goes to stderr. Takes about a minute on 2 cores.
 *
 * Quality is SSIM (1 = identical) of each result against the same 10 s,
 * cropped and scaled but not compressed: it shows what the 2 MB budget and
 * the x264 preset cost. A third row encodes our pipeline's exact settings
 * with x264's default preset ("medium") to show what "veryfast" gives up.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { encodeWithinBudget } from "../plugins/contact-avatar/video/bitrate";
import { planClip } from "../plugins/contact-avatar/video/clip";
import { Deadline } from "../plugins/contact-avatar/video/deadline";
import { requireFfmpeg, type FfmpegTools } from "../plugins/contact-avatar/video/ffmpeg";
import { checkVideoOptions } from "../plugins/contact-avatar/video/options";
import { prepareVideo } from "../plugins/contact-avatar/video/prepareVideo";
import { probeMedia } from "../plugins/contact-avatar/video/probe";
import { encodeAvatar, X264_PRESET } from "../plugins/contact-avatar/video/transcode";

const run = promisify(execFile);
const RUNS = 3;
const CHILD_FLAG = "--memory-child";

interface Row {
  what: string;
  medianMs: number;
  runs: number;
  bytes: number;
  ssim: number;
}

function log(line: string): void {
  process.stderr.write(`[video-pipeline] ${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function ffmpeg(tools: FfmpegTools, args: string[]): Promise<string> {
  const { stderr } = await run(tools.ffmpeg, ["-hide_banner", "-nostdin", "-y", ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stderr;
}

/** 30 s of 1080p test pattern with a tone: the kind of phone clip people pick. */
async function makeSource(tools: FfmpegTools, path: string): Promise<void> {
  await ffmpeg(tools, [
    "-loglevel",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc2=s=1920x1080:r=30:d=30",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:d=30",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-crf",
    "18",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    path,
  ]);
}

/** SSIM of `encoded` against the first 10 s of `source`, centre-cropped and scaled to 800, uncompressed. */
async function ssim(tools: FfmpegTools, source: string, encoded: string): Promise<number> {
  const stderr = await ffmpeg(tools, [
    "-loglevel",
    "info",
    "-i",
    encoded,
    "-t",
    "10",
    "-i",
    source,
    "-filter_complex",
    "[1:v]crop=ih:ih,scale=800:800,setsar=1[ref];[0:v]setsar=1[out];[out][ref]ssim",
    "-f",
    "null",
    "-",
  ]);
  const match = /SSIM .*All:([\d.]+)/.exec(stderr);
  return match ? Number(match[1]) : Number.NaN;
}

/** Peak RSS of a fresh Node process that only loads the pipeline and runs prepareVideo once. */
function childMaxRss(source: string, mode: "path" | "bytes"): Promise<{ beforeMb: number; afterMb: number; sourceMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", __filename, CHILD_FLAG, mode, source], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out) as { beforeMb: number; afterMb: number; sourceMb: number }) : reject(new Error(`memory child exited with ${code}`)),
    );
  });
}

async function memoryChild(mode: string, source: string): Promise<void> {
  const mb = (kb: number) => Math.round(kb / 1024);
  const beforeMb = mb(process.resourceUsage().maxRSS);
  const input = mode === "bytes" ? { bytes: await readFile(source) } : { path: source };
  await prepareVideo(input);
  process.stdout.write(
    JSON.stringify({ beforeMb, afterMb: mb(process.resourceUsage().maxRSS), sourceMb: Math.round((await stat(source)).size / 1024 / 1024) }),
  );
}

async function main(): Promise<void> {
  const tools = await requireFfmpeg();
  const dir = await mkdtemp(join(tmpdir(), "bench-video-"));
  const benchStarted = Date.now();
  try {
    const source = join(dir, "source-1080p-30s.mp4");
    log("generating the 30 s 1080p source clip");
    await makeSource(tools, source);
    const rows: Row[] = [];

    log(`prepareVideo x${RUNS}`);
    let prepared: Buffer = Buffer.alloc(0);
    const ourMs = await timed(RUNS, async () => {
      prepared = (await prepareVideo({ path: source })).mp4;
    });
    const ourOut = join(dir, "ours.mp4");
    await writeFile(ourOut, prepared);
    rows.push({
      what: `prepareVideo (defaults: first 10 s, 800 px, x264 ${X264_PRESET}, bitrate for 2 MB)`,
      medianMs: ourMs,
      runs: RUNS,
      bytes: prepared.length,
      ssim: await ssim(tools, source, ourOut),
    });

    log(`plain ffmpeg x${RUNS}`);
    const plainOut = join(dir, "plain.mp4");
    const plainMs = await timed(RUNS, () =>
      ffmpeg(tools, ["-loglevel", "error", "-i", source, "-t", "10", "-vf", "crop=ih:ih,scale=800:800", "-an", "-c:v", "libx264", plainOut]),
    );
    rows.push({
      what: "plain `ffmpeg -i in -t 10 -vf crop=ih:ih,scale=800:800 -an -c:v libx264 out.mp4` (medium, CRF 23)",
      medianMs: plainMs,
      runs: RUNS,
      bytes: (await stat(plainOut)).size,
      ssim: await ssim(tools, source, plainOut),
    });

    // Our exact settings with x264's default preset: what the faster preset costs in quality.
    log("pipeline settings with preset medium x1");
    const mediumOut = join(dir, "medium.mp4");
    const options = checkVideoOptions({});
    const deadline = new Deadline(options.timeoutMs);
    const clip = planClip(await probeMedia(tools, source, { deadline }), options);
    let mediumBytes = 0;
    const mediumMs = await timed(1, async () => {
      const attempts = await encodeWithinBudget(
        (videoKbps) =>
          encodeAvatar(tools, {
            inputPath: source,
            outputPath: mediumOut,
            clip,
            square: options,
            videoKbps,
            maxOutputBytes: options.maxBytes * 4,
            deadline,
            preset: "medium",
          }),
        clip.durationSec,
        options.maxBytes,
      );
      mediumBytes = attempts[attempts.length - 1].bytes;
    });
    rows.push({
      what: "same settings as prepareVideo but x264 medium (encode only, 1 run)",
      medianMs: mediumMs,
      runs: 1,
      bytes: mediumBytes,
      ssim: await ssim(tools, source, mediumOut),
    });

    log("peak memory of a Node process running prepareVideo");
    const byPath = await childMaxRss(source, "path");
    const byBytes = await childMaxRss(source, "bytes");

    const lines = [
      "## Video avatar pipeline (ffmpeg)",
      "",
      `Source: 30 s of 1920x1080 testsrc2 at 30 fps with a sine tone (${byPath.sourceMb} MB). ffmpeg ${tools.version}, ${cpus().length} cores, Node ${process.version}.`,
      "",
      "| encode | runs | median ms | output KB | SSIM vs uncompressed |",
      "|---|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.what} | ${r.runs} | ${Math.round(r.medianMs)} | ${Math.round(r.bytes / 1024)} | ${r.ssim.toFixed(4)} |`),
      "",
      "| Node process running prepareVideo once | maxRSS before | maxRSS after |",
      "|---|---:|---:|",
      `| input as a file path | ${byPath.beforeMb} MB | ${byPath.afterMb} MB |`,
      `| input as bytes (${byPath.sourceMb} MB Buffer, as downloaded from Telegram) | ${byBytes.beforeMb} MB | ${byBytes.afterMb} MB |`,
      "",
      "prepareVideo's time includes two ffprobe runs (input, and the check of the result) and the temp folder; ffmpeg's own memory is not in maxRSS (it is another process). Telegram's limit is 2048 KB.",
      "",
      `Whole benchmark: ${Math.round((Date.now() - benchStarted) / 1000)} s.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf(CHILD_FLAG);
const entry = childAt >= 0 ? memoryChild(process.argv[childAt + 1], process.argv[childAt + 2]) : main();
entry.catch((err: unknown) => {
  process.stderr.write(`video-pipeline benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
