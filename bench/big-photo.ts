/**
 * Phone photos beyond 100 megapixels: peak memory of the image pipeline on a
 * 200 MP baseline JPEG (16320×12240, the most a JPEG may have; see
 * image/limits.ts), and on a 108 MP one (12000×9000), each in a fresh
 * process running only the pipeline. Prints a markdown section
 * (bench/run.ts collects it). About a minute, most of it making the inputs.
 *
 *   npx tsx bench/big-photo.ts
 *
 * Target: peak RSS < 250 MB on the 200 MP JPEG.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { prepareImage } from "../plugins/contact-avatar/image";
import { formatBytes } from "../src/util/bytes";
import { writeBigJpeg } from "../fixtures/bigJpeg";

const RSS_TARGET_MB = 250;
const CHILD_FLAG = "--rss-child";
/** makePhotoJpeg's texture: a camera's bytes per pixel. */
const PHOTO_GRAIN = 16;

interface Measured {
  peakMb: number;
  ms: number;
  output: string;
}

/** In the child: one run, as `.setpfp` or `npm run avatar -- prepare` would make, then the peak and the time. */
async function rssChild(file: string): Promise<void> {
  const data = readFileSync(file);
  const started = performance.now();
  const result = await prepareImage(data, { maxInputBytes: data.length });
  const ms = performance.now() - started;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ peakMb, ms, output: `${result.width}×${result.height}, ${formatBytes(result.bytes)}` })}\n`);
}

function measure(file: string): Measured {
  const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
  const child = spawnSync(tsx, [__filename, CHILD_FLAG, file], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`the memory child failed: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout.trim()) as Measured;
}

const verdict = (ok: boolean) => (ok ? "ok" : "**over target**");

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), "bench-big-photo-"));
  try {
    const inputs = [
      { label: "108 MP phone photo", width: 12000, height: 9000 },
      { label: "200 MP JPEG", width: 16320, height: 12240 },
    ];
    const rows: string[] = [];
    let peak200 = 0;
    for (const input of inputs) {
      const file = path.join(dir, `${input.width}x${input.height}.jpg`);
      await writeBigJpeg(input.width, input.height, file, PHOTO_GRAIN);
      const result = measure(file);
      if (input.width === 16320) peak200 = result.peakMb;
      const megapixels = ((input.width * input.height) / 1e6).toFixed(1);
      rows.push(
        `| ${input.label} | ${input.width}×${input.height} (${megapixels} MP), ${formatBytes(statSync(file).size)} | ${result.output} | ${result.ms.toFixed(0)} ms | ${result.peakMb} MB |`,
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        "## Big phone photos (contact-avatar)",
        "",
        "One pipeline run (800×800, quality 87, center crop) in a fresh process per input; peak RSS is that whole process's (Node, sharp and the input file in memory).",
        "",
        "| input | source | output | time | peak RSS |",
        "|---|---|---|---|---|",
        ...rows,
        "",
        `Peak RSS on the 200 MP JPEG: **${peak200} MB** (target < ${RSS_TARGET_MB} MB) ${verdict(peak200 > 0 && peak200 < RSS_TARGET_MB)}.`,
        "",
        `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${sharp.concurrency()} libvips thread(s), Node ${process.versions.node}; ${seconds} s.`,
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childIndex = process.argv.indexOf(CHILD_FLAG);
(childIndex >= 0 ? rssChild(process.argv[childIndex + 1]) : main()).catch((error: unknown) => {
  process.stderr.write(`big-photo bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
