/**
 * A private scratch folder for one conversion: the input (when given as
 * bytes) and ffmpeg's outputs go there, and it is removed afterwards whatever
 * happens, so user media does not pile up in /tmp.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "../../../src/core/errors";

/** Where the media is: a file on disk, or bytes already in memory (e.g. downloaded from Telegram). */
export type MediaInput = { path: string } | { bytes: Buffer };

export async function withPrivateTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  // mkdtemp creates the folder with mode 0700: other local users cannot read the media.
  const dir = await mkdtemp(join(tmpdir(), "contact-avatar-video-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The path ffmpeg should read: the given file, or the bytes written into `dir`. */
export async function inputPathIn(dir: string, input: MediaInput): Promise<string> {
  // Absolute: a relative name could read as an option ("-x.mp4") or a protocol ("a:b.mp4") to ffmpeg.
  if ("path" in input) {
    const path = resolve(input.path);
    // Said plainly here; ffmpeg would report a missing file as unreadable media.
    const isFile = await stat(path).then((s) => s.isFile(), () => false);
    if (!isFile) throw new UserError(`No such file: ${input.path}`);
    return path;
  }
  // No extension: ffmpeg recognises the format from the content, and a wrong extension could mislead it.
  const path = join(dir, "input");
  await writeFile(path, input.bytes, { mode: 0o600 });
  return path;
}
