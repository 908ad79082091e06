/**
 * Reading and preparing an address book: a 1,000-card vCard (3.0, as Google
 * and iCloud export it) with 1,000 embedded photos, through the offline
 * import (cards streamed one by one, each photo through prepareImage). Prints
 * a markdown section (bench/run.ts collects it).
 *
 * Baseline, measured in the same run in its own process: the naive way, the
 * whole file read and decoded at once and parsed by vcf in one go (no photo
 * prepared), to show what streaming saves.
 *
 * Target (issue 12): peak RSS under 250 MB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import vCard from "vcf";
import { importOffline } from "../plugins/contact-avatar/addressbook/offlineImport";
import { DEFAULT_PREPARE_OPTIONS } from "../plugins/contact-avatar/image";
import { formatBytes } from "../src/util/bytes";
import { vcard } from "../fixtures/vcards";

const CARDS = Number(process.env.BENCH_CARDS) || 1000;
const DISTINCT_PHOTOS = 40;
const RSS_TARGET_MB = 250;
const CHILD_FLAG = "--child";

/** Photo-like JPEGs (gradient + noise, 720×720, as phones keep contact photos): distinct bytes, realistic sizes. */
async function makePhotos(): Promise<Buffer[]> {
  const photos: Buffer[] = [];
  for (let i = 0; i < DISTINCT_PHOTOS; i++) {
    const noise = await sharp({ create: { width: 720, height: 720, channels: 3, background: "#000000", noise: { type: "gaussian", mean: 90 + i, sigma: 40 } } })
      .png()
      .toBuffer();
    photos.push(
      await sharp(noise)
        .blur(1.2)
        .modulate({ hue: i * 9 })
        .jpeg({ quality: 82 })
        .toBuffer(),
    );
  }
  return photos;
}

async function makeFile(dir: string): Promise<string> {
  const photos = await makePhotos();
  const file = path.join(dir, "contacts.vcf");
  const parts: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    parts.push(
      vcard({ version: "3.0", name: `Person ${i} Example`, phones: [`+44 7700 9${String(i).padStart(5, "0")}`], photo: { bytes: photos[i % photos.length] } }),
    );
  }
  writeFileSync(file, parts.join(""));
  return file;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function child(mode: string, file: string, outDir: string): Promise<void> {
  const started = performance.now();
  let cards: number;
  if (mode === "stream") {
    const report = await importOffline(file, { outDir, photo: { prepare: DEFAULT_PREPARE_OPTIONS, url: { maxBytes: 1, timeoutMs: 1 } } });
    cards = report.usable;
    if (report.problems.length > 0) throw new Error(`unexpected problems: ${report.problems.slice(0, 3).join("; ")}`);
  } else {
    cards = vCard.parse(readFileSync(file, "utf-8")).length;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, rssMb: peakRssMb(), cards }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-addressbook-"));
  try {
    const file = await makeFile(dir);
    const size = statSync(file).size;
    const run = (mode: string) => {
      const r = spawnSync(process.execPath, [...process.execArgv, __filename, CHILD_FLAG, mode, file, path.join(dir, `out-${mode}`)], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as { ms: number; rssMb: number; cards: number };
    };
    const stream = run("stream");
    const whole = run("whole");
    const perCard = stream.ms / stream.cards;
    const lines = [
      "## Address book import (issue 12)",
      "",
      `${CARDS} cards, ${CARDS} embedded photos (720×720 JPEG), file ${formatBytes(size)}; each photo prepared as the ${DEFAULT_PREPARE_OPTIONS.size}×${DEFAULT_PREPARE_OPTIONS.size} avatar and written to disk.`,
      "",
      "| run | cards | time | per card | peak RSS |",
      "|---|---|---|---|---|",
      `| streamed read + prepare (ours) | ${stream.cards} | ${(stream.ms / 1000).toFixed(1)} s | ${perCard.toFixed(1)} ms | ${stream.rssMb.toFixed(0)} MB |`,
      `| baseline: whole file decoded and parsed at once, nothing prepared | ${whole.cards} | ${(whole.ms / 1000).toFixed(1)} s | – | ${whole.rssMb.toFixed(0)} MB |`,
      "",
      `Target: peak RSS < ${RSS_TARGET_MB} MB: ${stream.rssMb < RSS_TARGET_MB ? "met" : "NOT met"}.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  const [, , , mode, file, outDir] = process.argv;
  child(mode, file, outDir).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}
