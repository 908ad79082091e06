/**
 * A private scratch folder for one conversion: the input (when given as
 * bytes) and ffmpeg's outputs go there, and it is removed afterwards whatever
 * happens, so user media does not pile up in /tmp.
 */
import { lstat, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "contact-userbot/sdk";

/** Where the media is: a file on disk, or bytes already in memory (e.g. downloaded from Telegram). */
export type MediaInput = { path: string } | { bytes: Buffer };

/** `contact-avatar-video-<pid>-XXXXXX`: the pid tells a later start whose folder it is. */
const TEMP_PREFIX = "contact-avatar-video-";

export async function withPrivateTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  // mkdtemp creates the folder with mode 0700: other local users cannot read the media.
  const dir = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
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
    const isFile = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) throw new UserError(`No such file: ${input.path}`);
    return path;
  }
  // No extension: ffmpeg recognises the format from the content, and a wrong extension could mislead it.
  const path = join(dir, "input");
  await writeFile(path, input.bytes, { mode: 0o600 });
  return path;
}

/**
 * Removes the scratch folders of processes that are gone (a kill -9 during a
 * conversion leaves the contact's video behind). Only our own user's folders
 * whose process no longer runs: another userbot or CLI run may be converting
 * right now in the same temp folder. Returns the folders removed.
 */
export async function removeStaleTempDirs(root: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    const match = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    const dir = join(root, name);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
