/**
 * `npm run avatar -- import contacts.vcf [--out <folder>]`: what an import
 * would find in a file, with no Telegram: cards, photos, photos that cannot
 * be used and why; with an out folder, each usable photo prepared as the
 * avatar JPEG. Cards stream through one at a time (see cardReader.ts).
 */
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { plural } from "contact-userbot/sdk";
import { cardLabel, DEFAULT_SCAN_LIMITS, scanAddressBook, type ScanLimits } from "./scan";
import { preparePhoto, type PhotoLimits } from "./photo";

export interface OfflineImportOptions {
  outDir?: string;
  photo: PhotoLimits;
  scan?: ScanLimits;
}

export interface OfflineImportReport {
  cards: number;
  withPhoto: number;
  usable: number;
  written: string[];
  /** "card 4 (Dan Brown): this is not an image …", in file order. */
  problems: string[];
  /** Largest RSS seen while reading (the bench reports it). */
  peakRssBytes: number;
}

export async function importOffline(file: string, options: OfflineImportOptions): Promise<OfflineImportReport> {
  const report: OfflineImportReport = { cards: 0, withPhoto: 0, usable: 0, written: [], problems: [], peakRssBytes: 0 };
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const item of scanAddressBook(source, options.scan ?? DEFAULT_SCAN_LIMITS)) {
      report.cards++;
      if (item.kind === "problem") {
        report.problems.push(`${cardLabel(item.index, item.name)} ${item.problem}`);
        continue;
      }
      const { card } = item;
      if (card.photoProblem) {
        report.withPhoto++;
        report.problems.push(`${cardLabel(card.index, card.name)}: ${card.photoProblem}`);
        continue;
      }
      if (!card.photo) continue;
      report.withPhoto++;
      const result = await preparePhoto(card.photo, options.photo);
      if (!result.ok) {
        report.problems.push(`${cardLabel(card.index, card.name)}: ${result.problem}`);
        continue;
      }
      report.usable++;
      if (options.outDir) {
        const out = path.join(options.outDir, outputName(card.index, card.name));
        await writeFileAtomic(out, result.image.jpeg);
        report.written.push(out);
      }
      report.peakRssBytes = Math.max(report.peakRssBytes, process.memoryUsage.rss());
    }
  } finally {
    source.destroy();
  }
  return report;
}

/** "0014-bob-smith.jpg": sorted like the file, safe on any file system. */
export function outputName(index: number, name: string | undefined): string {
  const slug = (name ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return `${String(index).padStart(4, "0")}${slug ? `-${slug}` : ""}.jpg`;
}

export function formatOfflineReport(file: string, report: OfflineImportReport, outDir?: string): string {
  const lines = [`${path.basename(file)}: ${plural(report.cards, "card")}, ${report.withPhoto} with a photo, ${report.usable} usable`];
  if (report.problems.length > 0) lines.push(`Cannot be used (${report.problems.length}):`, ...report.problems.map((p) => `  ${p}`));
  if (outDir) lines.push(`Wrote ${plural(report.written.length, "photo")} to ${outDir}`);
  return lines.join("\n");
}
