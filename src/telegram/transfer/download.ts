/**
 * Downloading a file in parts through a sliding window: parts of up to 1 MB
 * at offsets Telegram accepts, several in flight, written in order to the
 * caller's sink. Knows nothing of GramJS: `fetchPart` is one upload.getFile.
 */
import { isValidDownloadRange } from "./limits";
import { runWindow } from "./window";

/** One upload.getFile: the bytes at [offset, offset + limit), fewer at the end of the file. */
export type FetchPart = (offset: number, limit: number, signal: AbortSignal) => Promise<Buffer>;

export interface DownloadPartsOptions {
  fetchPart: FetchPart;
  /** The size Telegram told us, when it did; without it the first short part ends the file. */
  size?: number;
  partBytes: number;
  inFlight: number;
  /** Receives the file front to back; awaited before more is written. */
  write(chunk: Buffer): Promise<void> | void;
  /** Called after every write with the bytes so far and the expected size (0 when unknown). */
  progress?: (done: number, total: number) => void;
  /** Called when a write would pass this many bytes; what it throws ends the download. */
  maxBytes?: { limit: number; exceeded(size: number): Error };
  signal?: AbortSignal;
}

export class DownloadRangeError extends Error {
  override name = "DownloadRangeError";
}

/** Returns the bytes written. */
export async function downloadParts(opts: DownloadPartsOptions): Promise<number> {
  const { partBytes } = opts;
  if (!isValidDownloadRange(0, partBytes)) throw new DownloadRangeError(`${partBytes} is not a part size upload.getFile accepts`);
  const count = opts.size !== undefined ? Math.max(1, Math.ceil(opts.size / partBytes)) : undefined;
  let written = 0;
  await runWindow<Buffer>({
    count,
    inFlight: opts.inFlight,
    signal: opts.signal,
    run: (index, signal) => opts.fetchPart(index * partBytes, partBytes, signal),
    take: async (_index, bytes) => {
      if (bytes.length > 0) {
        if (opts.maxBytes && written + bytes.length > opts.maxBytes.limit) throw opts.maxBytes.exceeded(written + bytes.length);
        await opts.write(bytes);
        written += bytes.length;
        opts.progress?.(written, opts.size ?? 0);
      }
      // A short part is the end of the file, even where the stated size promised more.
      return bytes.length < partBytes;
    },
  });
  return written;
}
