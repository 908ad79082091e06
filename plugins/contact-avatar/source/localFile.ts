/**
 * Reading a local file that someone else chose (a rotation folder, a CLI
 * argument) without letting it take the process down: only a regular file
 * is read (a symlink counts only when it ends at one), its size is checked
 * before a byte is read, and no more than the limit is ever read, even if the
 * file grows meanwhile.
 *
 * The file is opened with O_NONBLOCK and then fstat'ed, so the type checked
 * is the type of what was opened: a FIFO cannot block the open (and is then
 * refused), and a device such as /dev/zero is refused before any read.
 */
import { constants, promises as fs, type Stats } from "node:fs";
import { checkInputByteCount } from "../image/checks";

/** The path names something other than a regular file (a device, FIFO, socket or folder). */
export class NotRegularFileError extends Error {
  override name = "NotRegularFileError";
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(what === "a folder" ? "it is a folder" : `it is ${what}, not a regular file`);
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
const CHUNK = 1024 * 1024;

/** Opens `file` for reading if, and only if, it is a regular file; the caller closes the handle. */
export async function openRegularFile(file: string): Promise<{ handle: fs.FileHandle; size: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (err) {
    // open(2) on a Unix socket fails with ENXIO.
    if ((err as NodeJS.ErrnoException).code === "ENXIO") throw new NotRegularFileError(file, "a socket");
    throw err;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotRegularFileError(file, kindOf(stats));
    return { handle, size: stats.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * The whole of a regular file of at most `maxBytes` bytes. Too large a file
 * is refused with the image pipeline's words (an ImageInputError), before
 * reading when its size says so, and as soon as the limit is passed if it
 * grows while being read.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file);
  try {
    checkInputByteCount(size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte more than allowed tells "exactly the limit" from "grew past it".
    while (total <= maxBytes) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(chunk, 0, want, total);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    checkInputByteCount(total, maxBytes);
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** At most the first `bytes` bytes of a regular file (for sniffing). */
export async function readRegularFileHead(file: string, bytes: number): Promise<{ head: Buffer; size: number }> {
  const { handle, size } = await openRegularFile(file);
  try {
    const head = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "something other than a file";
}
