/**
 * Where a rotation's images live. A folder is listed again at every run, so
 * files added or removed take effect without a restart. The pool holds
 * images sent from the chat, already prepared (square JPEGs), under the
 * plugin's data folder, one folder per contact.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { UserError } from "contact-userbot/sdk";
import type { RotationSource } from "./state";

/** Extensions listed as images; the content is still checked when prepared (sniffMedia). */
const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic", ".heif"]);

/** The folder of a rotation is gone (or is no longer a folder). */
export class SourceMissingError extends Error {
  override name = "SourceMissingError";
  constructor(readonly dir: string) {
    super(`The folder ${dir} no longer exists`);
  }
}

export function poolDir(dataDir: string, userId: string): string {
  return path.join(dataDir, "rotation-pools", userId);
}

export function sourceDir(source: RotationSource, dataDir: string, userId: string): string {
  return source.kind === "folder" ? source.path : poolDir(dataDir, userId);
}

/** Image file names in `dir`; a pool folder not yet made is simply empty. */
export async function listImages(dir: string, opts: { missingIsEmpty?: boolean } = {}): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      if (opts.missingIsEmpty) return [];
      throw new SourceMissingError(dir);
    }
    throw err;
  }
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith(".") && IMAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => e.name);
}

/** Checks a folder given in a command: it exists, is a folder, and holds images. Returns its absolute path. */
export async function checkFolder(input: string): Promise<{ dir: string; images: number }> {
  const dir = path.resolve(input.replace(/^~(?=$|\/)/, process.env.HOME ?? "~"));
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat) throw new UserError(`The folder ${dir} does not exist.`);
  if (!stat.isDirectory()) throw new UserError(`${dir} is a file, not a folder.`);
  const images = await listImages(dir);
  if (images.length === 0) throw new UserError(`The folder ${dir} holds no images (JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC).`);
  return { dir, images: images.length };
}

/**
 * Saves prepared JPEGs into the pool, numbered after the ones already there
 * so that the sequential order is the order they were added in.
 */
export async function addToPool(dir: string, jpegs: Buffer[]): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await listImages(dir);
  let next = Math.max(0, ...existing.map((name) => Number.parseInt(name, 10)).filter(Number.isFinite)) + 1;
  const names: string[] = [];
  for (const jpeg of jpegs) {
    const name = `${String(next++).padStart(4, "0")}.jpg`;
    await writeFileAtomic(path.join(dir, name), jpeg, { mode: 0o600 });
    names.push(name);
  }
  return names;
}

export async function removePool(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
