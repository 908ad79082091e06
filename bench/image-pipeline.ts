/**
 * The image avatar pipeline against a bare sharp resize-and-encode of the same
 * input, and its peak memory on a 50-megapixel photo. Prints a markdown
 * section (bench/run.ts collects it). About 15 s.
 *
 *   npx tsx bench/image-pipeline.ts          the whole benchmark
 *   BENCH_RUNS=15 npx tsx bench/image-pipeline.ts
 *
 * Targets: pipeline median ≤ 1.15 × bare sharp; peak RSS < 250 MB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { AVATAR_SIZE, JPEG_QUALITY, prepareImage } from "../plugins/contact-avatar/image";
import { makePhotoJpeg, makePngWithAlpha } from "../fixtures/images";
import { formatBytes } from "../src/util/bytes";

const RUNS = Math.max(7, Number(process.env.BENCH_RUNS) || 9);
const TIME_RATIO_TARGET = 1.15;
const RSS_TARGET_MB = 250;
const RSS_CHILD_FLAG = "--rss-child";
const size = AVATAR_SIZE.default;
const quality = JPEG_QUALITY.default;

interface Input {
  label: string;
  data: Buffer;
  width: number;
  height: number;
}

async function makeInputs(): Promise<Input[]> {
  const input = async (label: string, width: number, height: number, make: typeof makePhotoJpeg) => ({
    label,
    width,
    height,
    data: await make({ width, height }),
  });
  return [
    await input("Telegram photo JPEG", 1280, 960, makePhotoJpeg),
    await input("12 MP JPEG", 4000, 3000, makePhotoJpeg),
    await input("4K PNG with alpha", 3840, 2160, (s) => makePngWithAlpha({ ...s, photo: true })),
    await input("50 MP JPEG", 8660, 5773, makePhotoJpeg),
  ];
}

/** What the pipeline is measured against: the least any resize-and-encode must do. */
function bareSharp(data: Buffer): Promise<Buffer> {
  return sharp(data).resize(size, size).jpeg({ quality }).toBuffer();
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function compare(input: Input) {
  const pipeline = () => prepareImage(input.data, { size, quality });
  const bare = () => bareSharp(input.data);
  const outputBytes = (await pipeline()).bytes; // also the warm-up
  await bare();
  const pipelineMs: number[] = [];
  const bareMs: number[] = [];
  // Interleaved pairs, so that a busy moment of the machine hits both alike;
  // the ratio is the median of the pairs' ratios, which shrugs off such moments
  // better than a ratio of two medians.
  for (let i = 0; i < RUNS; i++) {
    pipelineMs.push(await timed(pipeline));
    bareMs.push(await timed(bare));
  }
  const ratio = median(pipelineMs.map((ms, i) => ms / bareMs[i]));
  return { pipeline: median(pipelineMs), bare: median(bareMs), ratio, outputBytes };
}

/** Runs the pipeline alone in a fresh process and reports that process's peak RSS in MB. */
function peakRssOfPipeline(data: Buffer): number {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-image-"));
  try {
    const file = path.join(dir, "input.jpg");
    writeFileSync(file, data);
    const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
    const child = spawnSync(tsx, [__filename, RSS_CHILD_FLAG, file], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`the memory child failed: ${child.stderr.trim()}`);
    return Number(child.stdout.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the child: three runs, as a bot handling several requests would, then the peak. */
async function rssChild(file: string): Promise<void> {
  const data = readFileSync(file);
  for (let i = 0; i < 3; i++) await prepareImage(data, { size, quality });
  process.stdout.write(`${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
}

const verdict = (ok: boolean) => (ok ? "ok" : "**over target**");

async function main(): Promise<void> {
  const started = performance.now();
  const inputs = await makeInputs();
  const rows: string[] = [];
  for (const input of inputs) {
    const result = await compare(input);
    const { ratio } = result;
    rows.push(
      `| ${input.label} | ${input.width}×${input.height}, ${formatBytes(input.data.length)} | ` +
        `${result.pipeline.toFixed(1)} ms | ${result.bare.toFixed(1)} ms | ` +
        `${ratio.toFixed(2)} ${verdict(ratio <= TIME_RATIO_TARGET)} | ${formatBytes(result.outputBytes)} |`,
    );
  }
  const peakMb = peakRssOfPipeline(inputs[inputs.length - 1].data);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  process.stdout.write(
    [
      "## Image pipeline (contact-avatar)",
      "",
      `Median of ${RUNS} runs after a warm-up, ${size}×${size} at quality ${quality}, center crop; ` +
        `"bare sharp" is \`sharp(buf).resize(${size}, ${size}).jpeg({ quality: ${quality} })\` on the same input, ` +
        `run alternately with the pipeline; the ratio is the median of each pair's ratio.`,
      "",
      `| input | source | pipeline | bare sharp | ratio (target ≤ ${TIME_RATIO_TARGET}) | output |`,
      "|---|---|---|---|---|---|",
      ...rows,
      "",
      `Peak RSS of a separate process running only the pipeline (3 runs) on the 50 MP JPEG: ` +
        `**${peakMb} MB** (target < ${RSS_TARGET_MB} MB) ${verdict(peakMb < RSS_TARGET_MB)}.`,
      "",
      `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${sharp.concurrency()} libvips thread(s), ` +
        `Node ${process.versions.node}; ${seconds} s.`,
      "",
    ].join("\n"),
  );
}

const childIndex = process.argv.indexOf(RSS_CHILD_FLAG);
(childIndex >= 0 ? rssChild(process.argv[childIndex + 1]) : main()).catch((error: unknown) => {
  process.stderr.write(`image-pipeline bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
